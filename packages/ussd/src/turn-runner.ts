import { type AnyActor, type AnyMachineSnapshot, createActor } from 'xstate';
import { activeScreen } from './active-screen.js';
import { markText, readTextChange, type TextHasher } from './chained-text.js';
import { inputToEvent, type NavigationKeys } from './navigation.js';
import { paginate } from './paging.js';
import type { SessionBackend, SessionRecord } from './session-store.js';
import { SettleTimeoutError, settle } from './settle.js';
import type { DialIn, SystemMessage, UssdApp } from './ussd-app.js';

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
  | 'rate-limited'
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

const LOCK_RETRY_MS = 15;
const MASKED = '****';

/**
 * Runs USSD hops: load the session, turn the gateway's chained `text` into events, let the
 * machine settle, render the screen, save. Two deliveries of one session are serialised by a
 * lock in the session backend, so this holds across any number of server processes.
 */
export function createTurnRunner(options: TurnRunnerOptions) {
  const { app, backend, navigation } = options;

  function render(snapshot: AnyMachineSnapshot, page: number, notice?: string) {
    const language = app.languageOf(snapshot);
    const screen = activeScreen(snapshot);
    const done = snapshot.status === 'done';
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

  async function lockAndLoad(hop: Hop, deadlineAt: number) {
    const lockTtl = options.deadlineMs + 2_000;
    // Issued in the same tick, so an auto-pipelining Redis client sends them together.
    const [allowed, firstToken, firstRecord] = await Promise.all([
      backend.limiter.hit(`phone:${hop.phoneNumber}`, options.rateLimit.hops, options.rateLimit.windowMs),
      backend.locks.acquire(hop.sessionId, lockTtl),
      backend.store.get(hop.sessionId),
    ]);
    let token = firstToken;
    let record = firstRecord;
    while (token === undefined && Date.now() + LOCK_RETRY_MS < deadlineAt) {
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
      [token, record] = await Promise.all([
        backend.locks.acquire(hop.sessionId, lockTtl),
        backend.store.get(hop.sessionId),
      ]);
    }
    return { allowed, token, record };
  }

  async function run(hop: Hop): Promise<TurnResult> {
    const deadlineAt = Date.now() + options.deadlineMs;
    const text = markText(hop.text, options.hashText);
    let record: SessionRecord | undefined;
    let token: string | undefined;
    let actor: AnyActor | undefined;
    const inputs: string[] = [];

    const save = (next: SessionRecord) => backend.store.set(hop.sessionId, next, options.sessionTtlMs);

    try {
      const loaded = await lockAndLoad(hop, deadlineAt);
      record = loaded.record;
      token = loaded.token;
      if (token === undefined) {
        return { reply: politeEnd('busy', record?.snapshot), outcome: 'busy', state: undefined, inputs };
      }
      if (!loaded.allowed) {
        return {
          reply: politeEnd('rateLimited', record?.snapshot),
          outcome: 'rate-limited',
          state: undefined,
          inputs,
        };
      }

      const change = readTextChange(record?.text, hop.text, options.hashText);
      if (record !== undefined && (change.kind === 'repeat' || record.ended)) {
        return { reply: record.reply, outcome: record.ended ? 'ended' : 'repeat', state: undefined, inputs };
      }
      if (record !== undefined && change.kind === 'mismatch') {
        // We cannot tell what was typed: show the same screen again and follow the new text.
        await save({ ...record, text });
        return { reply: record.reply, outcome: 'mismatch', state: undefined, inputs };
      }

      let outcome: TurnOutcome = 'ran';
      let page = record?.page ?? 0;
      let pending = change.kind === 'inputs' ? [...change.inputs] : [];
      actor = restore(record);
      if (actor === undefined) {
        outcome = record === undefined ? 'ran' : 'restarted';
        if (record !== undefined) pending = [];
        actor = createActor(app.machine, { input: app.createInput(hop) });
      }
      actor.start();
      await settle(actor, deadlineAt);

      for (const input of pending) {
        const shown = render(actor.getSnapshot(), page);
        if (shown.done) break;
        const kind = shown.screen.meta.input;
        inputs.push(kind === 'pin' ? MASKED : input);
        const trimmed = input.trim();
        if (shown.pages > 1 && trimmed === navigation.more && shown.page < shown.pages - 1) {
          page = shown.page + 1;
          continue;
        }
        if (shown.pages > 1 && trimmed === navigation.back && shown.page > 0) {
          page = shown.page - 1;
          continue;
        }
        page = 0;
        actor.send(inputToEvent(input, kind, navigation));
        await settle(actor, deadlineAt);
      }

      const snapshot = actor.getSnapshot();
      const notice = outcome === 'restarted' ? app.systemText('restarted', app.languageOf(snapshot)) : undefined;
      const shown = render(snapshot, page, notice);
      await save({
        machine: app.machineId,
        version: app.version,
        snapshot: actor.getPersistedSnapshot(),
        text,
        reply: shown.reply,
        page: shown.page,
        ended: shown.done,
      });
      return { reply: shown.reply, outcome, state: shown.screen.stateId, inputs };
    } catch (error) {
      const timedOut = error instanceof SettleTimeoutError;
      const reply = politeEnd('sorry', actor?.getSnapshot() ?? record?.snapshot);
      if (token !== undefined) {
        // So that a repeat of this hop gets the same apology; best effort, the store may be down.
        await save({
          machine: app.machineId,
          version: app.version,
          snapshot: null,
          text,
          reply,
          page: 0,
          ended: true,
        }).catch(() => undefined);
      }
      return { reply, outcome: timedOut ? 'timeout' : 'error', state: undefined, inputs, error };
    } finally {
      actor?.stop();
      if (token !== undefined) await backend.locks.release(hop.sessionId, token).catch(() => undefined);
    }
  }

  /** The actor for a stored session, or undefined when it must start over. */
  function restore(record: SessionRecord | undefined): AnyActor | undefined {
    if (record === undefined) return undefined;
    if (record.machine !== app.machineId || record.version !== app.version) return undefined;
    try {
      return createActor(app.machine, { snapshot: record.snapshot as AnyMachineSnapshot });
    } catch {
      return undefined;
    }
  }

  return { run };
}

export type TurnRunner = ReturnType<typeof createTurnRunner>;
