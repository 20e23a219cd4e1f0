import { type AnyActor, type AnyMachineSnapshot, createActor, type InspectionEvent } from 'xstate';
import { activeScreen } from './active-screen.js';
import { markText, readTextChange, type TextHasher, type TextMark } from './chained-text.js';
import { inputToEvent, type NavigationKeys } from './navigation.js';
import { paginate } from './paging.js';
import { type SessionBackend, type SessionKey, type SessionRecord, sessionKey } from './session-store.js';
import { SettleTimeoutError, settle } from './settle.js';
import type { DialIn, SystemMessage, UssdApp } from './ussd-app.js';
import { waitForLease } from './wait-for-lease.js';

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
   * True for an effect's error that refused the hop before doing anything (a saturated
   * resource): the member is told `busy` on the screen they were on, and the hop is dropped.
   */
  readonly refusedBeforeWork?: (error: unknown) => boolean;
}

/** One gateway request. */
export interface Hop extends DialIn {
  readonly text: string;
}

export type TurnOutcome =
  | 'ran'
  | 'repeat'
  | 'mismatch'
  | 'restarted'
  | 'ended'
  | 'busy'
  | 'refused'
  | 'rate-limited'
  | 'other-phone'
  | 'timeout'
  | 'error';

export interface TurnResult {
  /** The body to send: `CON ...` or `END ...`. */
  readonly reply: string;
  readonly outcome: TurnOutcome;
  /** The state the session is in after the hop, when known. */
  readonly state: string | undefined;
  /** The inputs read from this hop, with anything typed on a PIN screen masked. */
  readonly inputs: readonly string[];
  /** What went wrong, for the log (never shown to the member). */
  readonly error?: unknown;
}

const MASKED = '****';

/**
 * Runs USSD hops: load the session, turn the gateway's chained `text` into events, let the
 * machine settle, render the screen, save. Two deliveries of one session are serialised by a
 * lock in the session backend, so this holds across any number of server processes.
 */
export function createTurnRunner(options: TurnRunnerOptions) {
  const { app, backend, navigation } = options;
  // The caller's phone under the same key as the text, in a domain of its own.
  const callerOf = (phoneNumber: string) => options.hashText(`\u0000caller\u0000${phoneNumber}`);

  function render(snapshot: AnyMachineSnapshot, page: number, notice?: string) {
    const language = app.languageOf(snapshot);
    const screen = activeScreen(snapshot);
    // A screen that takes no input ends the session, whether or not the machine itself is done
    // (a journey may end in a final state nested inside it).
    const done = snapshot.status !== 'active' || screen.meta.input === 'none';
    const prefix = done ? 'END ' : 'CON ';
    let text = app.renderScreen(screen.meta.screen, snapshot);
    if (notice !== undefined) text = `${notice}\n${text}`;
    const pages = paginate(text, prefix, options.screenBudget, {
      more: app.systemText('more', language),
      back: app.systemText('back', language),
    });
    const shown = Math.min(Math.max(page, 0), pages.length - 1);
    return { reply: prefix + pages[shown], pages: pages.length, page: shown, screen, done };
  }

  function politeEnd(message: SystemMessage, snapshot: unknown): string {
    let language = options.defaultLanguage;
    try {
      if (snapshot !== undefined) language = app.languageOf(snapshot as AnyMachineSnapshot);
    } catch {
      // An unreadable snapshot must not stop the apology.
    }
    return `END ${app.systemText(message, language)}`;
  }

  /** Takes the session's lock (waiting while another delivery holds it) and reads the record. */
  async function openSession(hop: Hop, key: SessionKey, deadlineAt: number) {
    const lockTtl = options.deadlineMs + 2_000;
    // Issued in the same tick, so an auto-pipelining Redis client sends them together.
    const [allowed, first] = await Promise.all([
      backend.limiter.hit(`phone:${hop.phoneNumber}`, options.rateLimit.hops, options.rateLimit.windowMs),
      backend.store.open(key, lockTtl),
    ]);
    const lease = await waitForLease(backend.store, key, lockTtl, deadlineAt, first);
    return { allowed, ...lease };
  }

  /** What a hop answers, and the record to save for it (none when nothing changed). */
  interface Decision {
    readonly result: TurnResult;
    readonly save?: SessionRecord;
  }

  async function decide(
    hop: Hop,
    record: SessionRecord | undefined,
    text: TextMark,
    caller: string,
    deadlineAt: number,
    hold: (actor: AnyActor) => void,
  ): Promise<Decision> {
    const inputs: string[] = [];
    const change = readTextChange(record?.text, hop.text, options.hashText, text);
    if (record !== undefined && (change.kind === 'repeat' || record.ended)) {
      const outcome = record.ended ? 'ended' : 'repeat';
      return { result: { reply: record.reply, outcome, state: undefined, inputs } };
    }
    if (record !== undefined && change.kind === 'mismatch') {
      // We cannot tell what was typed: show the same screen again and follow the new text.
      return {
        result: { reply: record.reply, outcome: 'mismatch', state: undefined, inputs },
        save: { ...record, text },
      };
    }

    // An effect refused before any work (see `refusedBeforeWork`): noticed as the error event
    // reaches the machine, whatever the journey then does with it.
    let refusal: unknown;
    const inspect = (event: InspectionEvent) => {
      if (refusal !== undefined || event.type !== '@xstate.event') return;
      const error = (event.event as { error?: unknown }).error;
      if (error !== undefined && options.refusedBeforeWork?.(error) === true) refusal = error;
    };
    let actor = restore(record, inspect);
    let outcome: TurnOutcome = 'ran';
    let page = 0;
    let pending = change.kind === 'inputs' ? change.inputs : [];
    if (actor === undefined) {
      actor = createActor(app.machine, { input: app.createInput(hop), inspect });
      // Inputs meant for a screen of an older machine would land on the wrong screen.
      if (record !== undefined) {
        outcome = 'restarted';
        pending = [];
      }
    } else {
      page = record?.page ?? 0;
    }
    hold(actor);
    actor.start();
    await settle(actor, deadlineAt);

    // At most one input per hop reaches a PIN screen: a shortcut such as `6*1*1111*2222*3333`
    // must not check several PINs in one request. The rest of such a shortcut is dropped.
    let pinInputs = 0;
    for (const input of pending) {
      if (refusal !== undefined) break;
      const snapshot = actor.getSnapshot();
      if (snapshot.status !== 'active') break;
      const { meta } = activeScreen(snapshot);
      const kind = meta.input;
      if (kind === 'none') break;
      if (record === undefined && meta.dropsShortcut === true) break;
      if (kind === 'pin' && pinInputs++ > 0) break;
      inputs.push(kind === 'pin' ? MASKED : input);
      const trimmed = input.trim();
      if (trimmed === navigation.more || (trimmed === navigation.back && page > 0)) {
        const pages = render(snapshot, page).pages;
        if (trimmed === navigation.more && page < pages - 1) {
          page += 1;
          continue;
        }
        if (trimmed === navigation.back && page > 0) {
          page -= 1;
          continue;
        }
      }
      page = 0;
      actor.send(inputToEvent(input, kind, navigation));
      await settle(actor, deadlineAt);
    }

    if (refusal !== undefined) return refuse(record, text, inputs, refusal);

    const snapshot = actor.getSnapshot();
    const notice = outcome === 'restarted' ? app.systemText('restarted', app.languageOf(snapshot)) : undefined;
    const shown = render(snapshot, page, notice);
    return {
      result: { reply: shown.reply, outcome, state: shown.screen.stateId, inputs },
      save: {
        machine: app.machineId,
        version: app.version,
        caller,
        snapshot: actor.getPersistedSnapshot(),
        text,
        reply: shown.reply,
        page: shown.page,
        ended: shown.done,
      },
    };
  }

  /**
   * The hop was refused before any work: nothing it asked for happened. The member sees `busy`
   * above the screen they were on and may type again; the session stays where it was.
   */
  function refuse(record: SessionRecord | undefined, text: TextMark, inputs: string[], error: unknown): Decision {
    const before = restore(record);
    if (record === undefined || before === undefined) {
      return { result: { reply: politeEnd('busy', undefined), outcome: 'refused', state: undefined, inputs, error } };
    }
    const snapshot = before.getSnapshot();
    const shown = render(snapshot, record.page, app.systemText('busy', app.languageOf(snapshot)));
    return {
      result: { reply: shown.reply, outcome: 'refused', state: shown.screen.stateId, inputs, error },
      save: { ...record, text, reply: shown.reply, page: shown.page },
    };
  }

  async function run(hop: Hop): Promise<TurnResult> {
    const deadlineAt = Date.now() + options.deadlineMs;
    const text = markText(hop.text, options.hashText);
    const caller = callerOf(hop.phoneNumber);
    const key = sessionKey('ussd', hop.sessionId);
    const ttlMs = options.sessionTtlMs;
    let record: SessionRecord | undefined;
    let token: string | undefined;
    let actor: AnyActor | undefined;

    try {
      const lease = await openSession(hop, key, deadlineAt);
      record = lease.record;
      token = lease.token;
      if (token === undefined) {
        return { reply: politeEnd('busy', undefined), outcome: 'busy', state: undefined, inputs: [] };
      }
      if (record !== undefined && record.caller !== caller) {
        // Someone else's session (or one from before sessions were bound): not a byte of it
        // is read or written. The lock is released in `finally`, the record left as it was.
        const reply = politeEnd('otherPhone', record.snapshot);
        return { reply, outcome: 'other-phone', state: undefined, inputs: [] };
      }
      if (!lease.allowed) {
        const reply = politeEnd('rateLimited', record?.snapshot);
        return { reply, outcome: 'rate-limited', state: undefined, inputs: [] };
      }

      const decision = await decide(hop, record, text, caller, deadlineAt, (held) => {
        actor = held;
      });
      const held = token;
      token = undefined;
      const saved = await backend.store.close(
        key,
        held,
        decision.save === undefined ? undefined : { record: decision.save, ttlMs },
      );
      if (!saved && decision.save !== undefined) {
        // The lock expired under us: another delivery may have moved on. Ours is not saved.
        return { ...decision.result, outcome: 'timeout', error: new Error('session lock expired during the hop') };
      }
      return decision.result;
    } catch (error) {
      const timedOut = error instanceof SettleTimeoutError;
      // A late hop is no failure: its effect may still commit, so the member is told to look
      // again (the next dial shows where it ended), never that something went wrong.
      const reply = politeEnd(
        timedOut ? 'late' : 'sorry',
        (actor as AnyActor | undefined)?.getSnapshot() ?? record?.snapshot,
      );
      // Ended, so that a repeat of this hop gets the same apology. Best effort: the store may be down.
      const ended: SessionRecord = {
        machine: app.machineId,
        version: app.version,
        caller,
        snapshot: null,
        text,
        reply,
        page: 0,
        ended: true,
      };
      if (token !== undefined) {
        const held = token;
        token = undefined;
        await backend.store.close(key, held, { record: ended, ttlMs }).catch(() => false);
      }
      return { reply, outcome: timedOut ? 'timeout' : 'error', state: undefined, inputs: [], error };
    } finally {
      (actor as AnyActor | undefined)?.stop();
      if (token !== undefined) await backend.store.close(key, token).catch(() => false);
    }
  }

  /** The actor for a stored session, or undefined when it must start over. */
  function restore(
    record: SessionRecord | undefined,
    inspect?: (event: InspectionEvent) => void,
  ): AnyActor | undefined {
    if (record === undefined) return undefined;
    if (record.machine !== app.machineId || record.version !== app.version) return undefined;
    try {
      return createActor(app.machine, { snapshot: record.snapshot as AnyMachineSnapshot, inspect });
    } catch {
      return undefined;
    }
  }

  return { run };
}

export type TurnRunner = ReturnType<typeof createTurnRunner>;
