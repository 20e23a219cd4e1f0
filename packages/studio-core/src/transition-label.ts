import type { NavigationKeys } from '@sacco/ussd';
import type { AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { inputKindOf } from './state-tree.js';

// What the member types to pass a guard, for the guards that check the input's form.
const INPUT_GUARDS: Readonly<Record<string, string>> = {
  isValidName: 'name',
  isValidCity: 'city',
  isAmount: 'amount',
  amountProblemIs: 'amount',
  isPhoneNumber: 'phone',
  isOwnNumber: 'own phone',
  pinProblemIs: 'new PIN',
  isPinShaped: 'PIN',
};

const BY_INPUT_KIND: Readonly<Record<string, string>> = {
  pin: 'PIN',
  number: 'number',
  text: 'text',
  choice: 'any',
};

interface GuardLike {
  readonly type?: string;
  readonly params?: Record<string, unknown>;
  readonly guards?: readonly unknown[];
  readonly name?: string;
}

/** "pinWrong" -> "PIN wrong", "already-registered" -> "already registered". */
export function humanise(name: string): string {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_.]/g, ' ')
    .toLowerCase()
    .replace(/\bpins?\b/g, (pin) => pin.toUpperCase());
}

/** The guard's name: a string, `{ type }`, or a combinator such as `not(...)`. */
function guardName(guard: unknown): string | undefined {
  if (guard === undefined) return undefined;
  if (typeof guard === 'string') return guard;
  const g = guard as GuardLike;
  if (typeof guard === 'function' && Array.isArray(g.guards)) {
    return `${g.name ?? 'guard'}(${g.guards.map(guardName).join(', ')})`;
  }
  return g.type ?? g.name;
}

/** Every guard name inside `guard`, through combinators. */
function guardNames(guard: unknown): string[] {
  if (guard === undefined) return [];
  const g = guard as GuardLike;
  if (typeof guard === 'function' && Array.isArray(g.guards)) return g.guards.flatMap(guardNames);
  const name = guardName(guard);
  return name === undefined ? [] : [name];
}

function labelOfGuard(guard: unknown): string {
  const g = guard as GuardLike;
  // A guard on the exact key pressed (`inputIs { value }`, `pressed { key }`): the key is the label.
  if (typeof guard === 'object' && typeof g.params?.value === 'string') return g.params.value;
  if (typeof guard === 'object' && typeof g.params?.key === 'string') return g.params.key;
  if (typeof guard === 'object' && g.type === 'resultIs' && typeof g.params?.status === 'string') {
    return g.params.status === 'ok' ? 'ok' : humanise(g.params.status);
  }
  if (typeof guard === 'function' && Array.isArray(g.guards)) {
    return `${g.name === 'not' ? 'not ' : `${g.name} `}${g.guards.map(labelOfGuard).join(', ')}`;
  }
  const name = guardName(guard) ?? '';
  return INPUT_GUARDS[name] ?? humanise(name.replace(/^(is|has)(?=[A-Z])/, ''));
}

/** The error a transition shows, from a `reject` action's `error` param, e.g. `error.pinWrong`. */
function rejectedError(transition: AnyTransitionDefinition): string | undefined {
  for (const action of transition.actions as readonly unknown[]) {
    const a = action as { type?: string; params?: { error?: unknown } };
    if (typeof a === 'object' && typeof a.params?.error === 'string') return a.params.error;
  }
  return undefined;
}

/**
 * What a transition's edge says: the key or input that takes it ("1", "amount", "PIN",
 * "0 back", "00 home") or the effect outcome ("ok", "refused", "PIN wrong", "error").
 * `candidates` are the transitions of the same event on the same state, tried in order.
 */
export function transitionLabel(
  transition: AnyTransitionDefinition,
  candidates: readonly AnyTransitionDefinition[],
  navigation: NavigationKeys,
): string {
  const type = transition.eventType;
  if (type === 'BACK') return `${navigation.back} back`;
  if (type === 'HOME') return `${navigation.home} home`;
  if (type.startsWith('xstate.error.actor')) return 'error';
  if (transition.guard !== undefined) return labelOfGuard(transition.guard);

  const error = rejectedError(transition);
  if (type.startsWith('xstate.done.actor')) {
    if (error !== undefined) return humanise(error.replace(/^error\./, ''));
    return candidates.length > 1 ? 'otherwise' : 'done';
  }
  if (type === 'INPUT') {
    // An unguarded input after a chain of refusals: name it by what the refusals check.
    for (const other of candidates) {
      for (const name of guardNames(other.guard)) {
        const label = INPUT_GUARDS[name];
        if (label !== undefined) return label;
      }
    }
    return BY_INPUT_KIND[inputKindOf(transition.source as AnyStateNode) ?? ''] ?? 'input';
  }
  return humanise(type);
}
