import { type DoneActorEvent, fromPromise, type PromiseActorLogic } from 'xstate';
import type { Effect, EffectAnswer } from './effect.js';
import { loanEffects } from './loan.effects.js';
import { memberEffects } from './member.effects.js';
import { moneyEffects } from './money.effects.js';
import type { SampleWorld } from './sample-world.js';

const ALL = { ...memberEffects, ...moneyEffects, ...loanEffects };

/** The name a journey invokes an effect by (`invoke: { src: 'walletBalance' }`). */
export type EffectName = keyof typeof ALL;
export type EffectInput<K extends EffectName> = (typeof ALL)[K] extends Effect<infer I, infer _O> ? I : never;
export type EffectOutput<K extends EffectName> = (typeof ALL)[K] extends Effect<infer _I, infer O> ? O : never;
type Registry = { readonly [K in EffectName]: Effect<EffectInput<K>, EffectOutput<K>> };

/** Every effect of the session machine, by name: the one place an effect is declared. */
export const EFFECTS: Registry = ALL;
const EFFECT_NAMES = Object.keys(EFFECTS) as EffectName[];

/** The effects as plain functions, one way of doing them (the bank, memory). */
export type SessionServices = { [K in EffectName]: (input: EffectInput<K>) => Promise<EffectOutput<K>> };

/** Any entry, seen from outside: it takes some input and gives some output. */
type AnyEffect = Effect<never, unknown>;

/**
 * Builds the services from one side of every registry entry, e.g. `servicesOf((e) => e.bank(deps))`.
 * Each side of an entry is typed with its input and output, so the same side taken from every
 * entry is a `SessionServices`.
 */
export function servicesOf(
  make: (effect: AnyEffect, name: EffectName) => (input: never) => Promise<unknown>,
): SessionServices {
  const services: Partial<Record<EffectName, unknown>> = {};
  for (const name of EFFECT_NAMES) services[name] = make(EFFECTS[name], name);
  return services as SessionServices;
}

export type EffectActors = { [K in EffectName]: PromiseActorLogic<EffectOutput<K>, EffectInput<K>> };

/**
 * The machine's actors, one per effect, each calling `services` when invoked (looked up then,
 * so a test may replace one service after the machine is built).
 */
export function effectActors(services: SessionServices): EffectActors {
  const actors: Partial<Record<EffectName, unknown>> = {};
  for (const name of EFFECT_NAMES) {
    const service = (input: never) => (services[name] as (input: never) => Promise<unknown>)(input);
    actors[name] = fromPromise(({ input }: { input: never }) => service(input));
  }
  // As in `servicesOf`: each actor takes and gives what its service does.
  return actors as EffectActors;
}

/** Stand-ins until `provide()` supplies the real effects (see session.app.ts). */
export const notProvidedServices = servicesOf(
  (_, name) => () => Promise.reject(new Error(`actor ${name} was not provided`)),
);

/**
 * For an action or guard given an effect's answer: `params: effectOutput` hands it the output
 * of the done event, typed by the invoked effect.
 */
export const effectOutput = <T>({ event }: { event: DoneActorEvent<T> }): T => event.output;

/**
 * What an effect answers a studio scenario's caller; undefined for a name that is no effect. The
 * input is what the machine's own `invoke.input` built for `src`.
 */
export function sampleAnswer(src: string, input: unknown, world: SampleWorld): EffectAnswer | undefined {
  if (!Object.hasOwn(EFFECTS, src)) return undefined;
  return EFFECTS[src as EffectName].sample(input as never, world);
}
