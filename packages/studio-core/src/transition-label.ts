import type { NavigationKeys } from '@sacco/ussd';
import type { AnyStateNode, AnyTransitionDefinition } from 'xstate';
import type { ScreenOptions } from './screen-options.js';
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

// Option words longer than this are cut, so a label stays a label and not a sentence.
const OPTION_WORDS = 18;

/** `2 Cancel`: the key and what the screen says it does; the bare key when the screen does not say. */
function keyLabel(key: string, options: ScreenOptions, fallback?: string): string {
  const words = options.get(key) ?? fallback;
  if (words === undefined) return key;
  return `${key} ${words.length > OPTION_WORDS ? `${words.slice(0, OPTION_WORDS - 1).trimEnd()}…` : words}`;
}

function labelOfGuard(guard: unknown, options: ScreenOptions): string {
  const g = guard as GuardLike;
  // A guard on the exact key pressed (`inputIs { value }`, `pressed { key }`): the key is the label.
  if (typeof guard === 'object' && typeof g.params?.value === 'string') return keyLabel(g.params.value, options);
  if (typeof guard === 'object' && typeof g.params?.key === 'string') return keyLabel(g.params.key, options);
  if (typeof guard === 'object' && g.type === 'resultIs' && typeof g.params?.status === 'string') {
    return g.params.status === 'ok' ? 'ok' : humanise(g.params.status);
  }
  if (typeof guard === 'function' && Array.isArray(g.guards)) {
    return `${g.name === 'not' ? 'not ' : `${g.name} `}${g.guards.map((inner) => labelOfGuard(inner, options)).join(', ')}`;
  }
  const name = guardName(guard) ?? '';
  return INPUT_GUARDS[name] ?? humanise(name.replace(/^(is|has)(?=[A-Z])/, ''));
}

/** The words for the navigation keys where a screen does not list them. */
export interface NavigationWords {
  readonly back: string;
  readonly home: string;
  readonly more: string;
}

/** For a chart drawn without a language, and for a key a catalog names nowhere. */
export const ENGLISH_NAVIGATION_WORDS: NavigationWords = { back: 'Back', home: 'Home', more: 'More' };

/**
 * What a language's catalog calls each navigation key: the engine's own label first
 * (`system.back`: `{back}. Rudi`), else the words its screens give the key most often
 * (`{home}. Menyu kuu`); English only where the catalog names the key nowhere.
 */
export function navigationWords(catalog: Readonly<Record<string, string>> | undefined): NavigationWords {
  const wordsFor = (name: keyof NavigationWords) => {
    if (catalog === undefined) return ENGLISH_NAVIGATION_WORDS[name];
    const pattern = new RegExp(`\\{${name}\\}\\. ([^\\n{]*[^\\n{\\s])`, 'g');
    const own = new RegExp(pattern.source).exec(catalog[`system.${name}`] ?? '')?.[1];
    if (own !== undefined) return own;
    const counts = new Map<string, number>();
    for (const text of Object.values(catalog)) {
      for (const match of text.matchAll(pattern)) {
        const words = match[1] as string;
        counts.set(words, (counts.get(words) ?? 0) + 1);
      }
    }
    let best: [string, number] | undefined;
    for (const entry of counts) if (best === undefined || entry[1] > best[1]) best = entry;
    return best?.[0] ?? ENGLISH_NAVIGATION_WORDS[name];
  };
  return { back: wordsFor('back'), home: wordsFor('home'), more: wordsFor('more') };
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
 * What a transition's edge says: the key the member types and what the screen calls it
 * ("1 Confirm", "2 Cancel", "0 Back", "00 Main menu"), the input that takes it ("amount",
 * "PIN"), the effect outcome ("ok", "refused", "PIN wrong", "error"), or "auto" for an eventless
 * (`always`) transition, with its guard ("auto: PIN checked"). `candidates` are the
 * transitions of the same event on the same state, tried in order; `options` are the source
 * screen's numbered options (see screen-options.ts), in the language the chart is drawn in, and
 * `words` what that language calls the navigation keys (see `navigationWords`).
 */
export function transitionLabel(
  transition: AnyTransitionDefinition,
  candidates: readonly AnyTransitionDefinition[],
  navigation: NavigationKeys,
  options: ScreenOptions = new Map(),
  words: NavigationWords = ENGLISH_NAVIGATION_WORDS,
): string {
  const type = transition.eventType;
  // The navigation keys work on screens that do not list them: then they are named as the
  // chart's language names them elsewhere, so one edge never mixes two languages.
  if (type === 'BACK') return keyLabel(navigation.back, options, words.back);
  if (type === 'HOME') return keyLabel(navigation.home, options, words.home);
  if (type === 'MORE') return keyLabel(navigation.more, options, words.more);
  if (type.startsWith('xstate.error.actor')) return 'error';
  // No event: taken on its own as soon as the state is entered (and its guard, if any, passes).
  if (type === '') return transition.guard === undefined ? 'auto' : `auto: ${labelOfGuard(transition.guard, options)}`;
  if (transition.guard !== undefined) return labelOfGuard(transition.guard, options);

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
