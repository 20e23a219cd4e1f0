import type { AnyMachineSnapshot } from 'xstate';
import { activeScreen } from './active-screen.js';
import { markText, readTextChange, type TextHasher, type TextMark } from './chained-text.js';
import { inputToEvent, type NavigationKeys } from './navigation.js';
import { paginate } from './paging.js';
import {
  type ChannelCodec,
  type ChannelHop,
  createSessionEngine,
  type EngineResult,
  type TurnOutcome,
} from './session-engine.js';
import type { SessionBackend } from './session-store.js';
import type { DialIn, SystemMessage, UssdApp } from './ussd-app.js';

export type { TurnOutcome };

export interface TurnRunnerOptions {
  readonly app: UssdApp;
  readonly backend: SessionBackend;
  /** Keyed hash of the gateway's `text` (it carries PINs, so a plain hash is not enough). */
  readonly hashText: TextHasher;
  readonly sessionTtlMs: number;
  /** How long a hop may take before the member gets a polite `END`; well under 10 s. */
  readonly deadlineMs: number;
  /** Screen budget in characters, `CON `/`END ` included. */
  readonly screenBudget: number;
  readonly navigation: NavigationKeys;
  readonly rateLimit: { readonly hops: number; readonly windowMs: number };
  /** The language for engine messages before a session knows the member's. */
  readonly defaultLanguage: string;
  /**
   * The caller's language without a session, if known (a member's recent dial), for messages
   * given before a session is read: busy, too many requests, another phone's session.
   */
  readonly callerLanguage?: (phone: string) => Promise<string | undefined>;
  /**
   * True for an effect's error that refused the hop before doing anything (a saturated
   * resource): the member is told `busy` on the screen they were on, and the hop is dropped.
   */
  readonly refusedBeforeWork?: (error: unknown) => boolean;
}

/** One gateway request. */
export interface Hop extends DialIn {
  readonly text: string;
}

/** What a USSD session keeps of its last hop besides the machine's snapshot. */
export interface UssdView {
  /** The previous `text`, as length and keyed hash only. */
  readonly text: TextMark;
  /** The full reply sent for that text (`CON ...` / `END ...`), for repeated hops. */
  readonly reply: string;
  /** Which page of a long screen the member is on. */
  readonly page: number;
}

export interface TurnResult extends EngineResult<string> {
  /** The body to send: `CON ...` or `END ...`. */
  readonly reply: string;
}

const MASKED = '****';
const MEMO_MAX = 10_000;

/**
 * The USSD channel's codec: the gateway's chained `text` in, `CON `/`END ` text out, paged to
 * the screen budget. The engine does the rest (lock, restore, settle, save).
 */
export function createUssdCodec(
  options: Omit<TurnRunnerOptions, 'backend'>,
): ChannelCodec<Hop, string, UssdView, string> {
  const { app, navigation, hashText } = options;
  // Keyed hashes that every session repeats (the caller's phone, the empty text of a dial),
  // remembered in a bounded map rather than computed on every hop.
  const hashes = new Map<string, string>();
  const memoHash = (value: string) => {
    let hash = hashes.get(value);
    if (hash === undefined) {
      if (hashes.size >= MEMO_MAX) hashes.clear();
      hash = hashText(value);
      hashes.set(value, hash);
    }
    return hash;
  };
  // The text before a hop's input: the dial's empty text on the first answer of every session.
  // Only the empty text is remembered; any other carries what the member typed (PINs among it).
  const hashPrefix = (prefix: string) => (prefix === '' ? memoHash('') : hashText(prefix));
  const labels = new Map<string, { more: string; back: string }>();
  const labelsOf = (language: string) => {
    let found = labels.get(language);
    if (found === undefined) {
      found = { more: app.systemText('more', language), back: app.systemText('back', language) };
      labels.set(language, found);
    }
    return found;
  };

  function render(snapshot: AnyMachineSnapshot, page: number, notice?: SystemMessage) {
    const language = app.languageOf(snapshot);
    const screen = activeScreen(snapshot);
    // A screen that takes no input ends the session, whether or not the machine itself is done
    // (a journey may end in a final state nested inside it).
    const done = snapshot.status !== 'active' || screen.meta.input === 'none';
    const prefix = done ? 'END ' : 'CON ';
    let text = app.renderScreen(screen.meta.screen, snapshot);
    if (notice !== undefined) text = `${app.systemText(notice, language)}\n${text}`;
    const pages = paginate(text, prefix, options.screenBudget, labelsOf(language));
    const shown = Math.min(Math.max(page, 0), pages.length - 1);
    return { reply: prefix + pages[shown], pages: pages.length, page: shown, screen, done };
  }

  function apology(message: SystemMessage, snapshot: AnyMachineSnapshot | undefined, hint?: string): string {
    let language = hint ?? options.defaultLanguage;
    try {
      if (hint === undefined && snapshot !== undefined) language = app.languageOf(snapshot);
    } catch {
      // An unreadable snapshot must not stop the apology.
    }
    return `END ${app.systemText(message, language)}`;
  }

  return {
    space: 'ussd',
    app,
    hop(request): ChannelHop<string, UssdView, string> {
      const text = request.text === '' ? { length: 0, hash: memoHash('') } : markText(request.text, hashText);
      const inputs: string[] = [];
      let page = 0;
      // At most one input per hop reaches a PIN screen: a shortcut such as `6*1*1111*2222*3333`
      // must not check several PINs in one request. The rest of such a shortcut is dropped.
      let pinInputs = 0;
      // A new session's shortcut stops at a screen marked `dropsShortcut` (a newcomer's first screen).
      let firstHop = false;
      return {
        sessionId: request.sessionId,
        // The caller's phone under the same key as the text, in a domain of its own.
        caller: memoHash(`\u0000caller\u0000${request.phoneNumber}`),
        rateKey: `phone:${request.phoneNumber}`,
        inputs,
        machineInput: () => app.createInput(request),
        read(record) {
          firstHop = record === undefined;
          const previous = record?.view;
          const change = readTextChange(previous?.text, request.text, hashPrefix, text);
          if (record !== undefined && previous !== undefined) {
            if (change.kind === 'repeat' || record.ended) {
              return { kind: 'answer', reply: previous.reply, outcome: record.ended ? 'ended' : 'repeat' };
            }
            // We cannot tell what was typed: show the same screen again and follow the new text.
            if (change.kind === 'mismatch') {
              return { kind: 'answer', reply: previous.reply, outcome: 'mismatch', view: { ...previous, text } };
            }
            page = previous.page;
          }
          return { kind: 'play', inputs: change.kind === 'inputs' ? change.inputs : [] };
        },
        feed(snapshot, input) {
          const { meta } = activeScreen(snapshot);
          const kind = meta.input;
          if (kind === 'none') return 'stop';
          if (firstHop && meta.dropsShortcut === true) return 'stop';
          if (kind === 'pin' && pinInputs++ > 0) return 'stop';
          inputs.push(kind === 'pin' ? MASKED : input);
          const trimmed = input.trim();
          if (trimmed === navigation.more || (trimmed === navigation.back && page > 0)) {
            const pages = render(snapshot, page).pages;
            if (trimmed === navigation.more && page < pages - 1) {
              page += 1;
              return 'handled';
            }
            if (trimmed === navigation.back && page > 0) {
              page -= 1;
              return 'handled';
            }
          }
          page = 0;
          return { event: inputToEvent(input, kind, navigation) };
        },
        render(snapshot, notice, from) {
          const shown = render(snapshot, from?.page ?? page, notice);
          return {
            reply: shown.reply,
            view: { text, reply: shown.reply, page: shown.page },
            done: shown.done,
            state: shown.screen.stateId,
          };
        },
        apology,
        ...(options.callerLanguage === undefined
          ? {}
          : { callerLanguage: () => options.callerLanguage?.(request.phoneNumber) ?? Promise.resolve(undefined) }),
        apologyView: (reply) => ({ text, reply, page: 0 }),
      };
    },
  };
}

/**
 * Runs USSD hops: load the session, turn the gateway's chained `text` into events, let the
 * machine settle, render the screen, save; the session engine with the USSD codec.
 */
export function createTurnRunner(options: TurnRunnerOptions) {
  const engine = createSessionEngine({
    codec: createUssdCodec(options),
    backend: options.backend,
    sessionTtlMs: options.sessionTtlMs,
    deadlineMs: options.deadlineMs,
    rateLimit: options.rateLimit,
    refusedBeforeWork: options.refusedBeforeWork,
  });
  return { run: (hop: Hop): Promise<TurnResult> => engine.run(hop) };
}

export type TurnRunner = ReturnType<typeof createTurnRunner>;
