import type { BankDeps } from './bank-services.js';
import type { MemoryWorld } from './memory-services.js';
import type { SampleWorld } from './sample-world.js';

/** What an effect answers in the studio: its output, or the failure that sends the journey to its error screen. */
export type EffectAnswer<TOutput = unknown> = { readonly output: TOutput } | { readonly error: string };

/**
 * One effect of the session machine, declared once: its input and output types, and what does
 * it wherever the machine runs. Journeys invoke it by its name in the registry.
 */
export interface Effect<TInput, TOutput> {
  /** The real thing, done by the bank on PostgreSQL. */
  readonly bank: (deps: BankDeps) => (input: TInput) => Promise<TOutput>;
  /** In memory, for machine tests: the answers the bank gives, with nothing persisted. */
  readonly memory: (world: MemoryWorld) => (input: TInput) => Promise<TOutput>;
  /**
   * What the bank answers a studio scenario's caller, for the model-based tests. The HTTP replay
   * sets each scenario up for real, so this must be what the bank would really answer.
   */
  readonly sample: (input: TInput, world: SampleWorld) => EffectAnswer<TOutput>;
}

/** Declares an effect; the type arguments are its input and output. */
export const effect = <TInput, TOutput>(definition: Effect<TInput, TOutput>) => definition;
