import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';

/**
 * How a screen takes input, which decides what the navigation keys mean there:
 * - `choice`: numbered options; `0` goes back and `00` home.
 * - `text`: free text such as a name; `0` and `00` still navigate (they are no names).
 * - `number`: a free number (an amount, a phone number); only the bare keys navigate.
 * - `pin`: like `number`, and the input is never logged.
 * - `none`: a final screen: the engine answers `END` and the session is over.
 */
export type InputKind = 'choice' | 'text' | 'number' | 'pin' | 'none';

/** What every state that shows something carries in its `meta`. */
export interface ScreenMeta {
  /** The catalog key of the screen the state shows. */
  readonly screen: string;
  readonly input: InputKind;
  /**
   * The inputs a first hop carries (a shortcut such as `1*500`) stop here: they were meant for
   * screens the caller could not have seen, such as the first screen of registration.
   */
  readonly dropsShortcut?: boolean;
}

/** The events the engine sends to a machine. */
export type UssdEvent =
  | { readonly type: 'INPUT'; readonly value: string }
  | { readonly type: 'BACK' }
  | { readonly type: 'HOME' };

/** Engine-level messages that exist outside any journey, in every language. */
export type SystemMessage = 'sorry' | 'busy' | 'late' | 'rateLimited' | 'restarted' | 'otherPhone' | 'more' | 'back';

/** The gateway's description of a session, given to a new machine as its input. */
export interface DialIn {
  readonly sessionId: string;
  readonly phoneNumber: string;
  readonly serviceCode: string;
  readonly networkCode: string | undefined;
}

/**
 * A USSD application as the engine runs it: one machine per session plus the way to show
 * its states. The engine knows nothing else about what the machine does.
 */
export interface UssdApp {
  readonly machineId: string;
  /** Bump when a change makes old snapshots unsafe to resume. */
  readonly version: number;
  readonly machine: AnyStateMachine;
  createInput(dialIn: DialIn): unknown;
  /** The member's language as far as the snapshot knows it. */
  languageOf(snapshot: AnyMachineSnapshot): string;
  /** The full text of a screen (before paging), in the member's language. */
  renderScreen(screen: string, snapshot: AnyMachineSnapshot): string;
  systemText(message: SystemMessage, language: string): string;
}
