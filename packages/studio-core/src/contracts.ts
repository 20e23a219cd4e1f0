import type { EffectAnswer, Language } from '@sacco/journeys';
import type { InputKind } from '@sacco/ussd';
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';

export type { EffectAnswer };

/**
 * One caller and the world around them, for the model-based tests: the machine's input when
 * they dial, and what every effect answers them. The HTTP replay sets the same world up for
 * real (by `id`), so each answer here must be what the bank would really answer.
 */
export interface StudioScenario {
  readonly id: string;
  readonly description: string;
  /** The machine's input when the session starts (the caller's phone is `PHONE_PLACEHOLDER`). */
  readonly input: unknown;
  /** What effect `src` answers for `input`; undefined when the scenario has no answer for it. */
  answer(src: string, input: unknown, context: unknown): EffectAnswer | undefined;
}

/** How the model-based tests walk a machine: who calls, what they type, what matters next. */
export interface StudioModel {
  readonly scenarios: readonly StudioScenario[];
  /** What a member types on a screen, by the screen's input kind. */
  readonly inputs: Readonly<Record<InputKind, readonly string[]>>;
  /** The part of a snapshot that decides what can happen next; it bounds the traversal. */
  serialize(snapshot: AnyMachineSnapshot): string;
}

/**
 * One chart of the studio: a machine, or one subtree of it, and how its states read. The
 * studio, the menu lint (`pnpm menus:lint`) and the model-based tests all iterate
 * `STUDIO_CHARTS`, so a machine listed here is drawn and linted with no other change, and
 * walked by the model-based tests when it has a `model` (USSD ones replayed over HTTP too).
 */
export interface StudioChart {
  /** Unique and URL-safe: `/studio/api/charts/<id>.svg`. */
  readonly id: string;
  readonly title: string;
  readonly machine: AnyStateMachine;
  /** The id of the state node drawn with its subtree, e.g. `session.deposit`; the whole machine when absent. */
  readonly root?: string;
  /** Draws the root's children as single boxes (an overview); their insides have charts of their own. */
  readonly collapsed?: boolean;
  /** `ussd`: screens within the character budget in GSM-7. `voice`: prompts spoken by the IVR. */
  readonly channel: 'ussd' | 'voice';
  readonly languages: readonly Language[];
  /** The catalog key a state shows (`meta.screen`, or `meta.prompt` for voice), if any. */
  messageKey(stateNode: AnyStateNode): string | undefined;
  /** The text a state shows or says in `language`, with sample values; undefined when it shows nothing. */
  render(stateNode: AnyStateNode, language: Language): string | undefined;
  /**
   * The longest text a state can show in `language` (the longest names, a full statement, the
   * largest amounts the limits allow); undefined when the state shows nothing. Screens whose
   * worst case reads as their sample do not depend on data.
   */
  renderWorst?(stateNode: AnyStateNode, language: Language): string | undefined;
  /** Every message by language, for the lint: each key a state uses must exist in every language. */
  readonly catalog: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Keys with this prefix must each be shown by some state (e.g. `screen.`)... */
  readonly shownKeyPrefix: string;
  /** ...except these, which the engine itself says (a retry notice, an apology). */
  readonly engineKeys?: readonly string[];
  /** Keys of screens whose length depends on data; the engine pages them (98 More / 0 Back). */
  readonly paged: readonly string[];
  /** How the model-based tests walk the machine; machines shared by several charts share one. */
  readonly model?: StudioModel;
}
