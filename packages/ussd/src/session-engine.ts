import {
  type AnyActor,
  type AnyActorLogic,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  createActor,
  type EventObject,
} from 'xstate';
import { persistedSnapshot, withPlainRestore } from './plain-snapshots.js';
import type { SessionBackend, SessionRecord, SessionSpace } from './session-store.js';
import { sessionKey } from './session-store.js';
import { SettleTimeoutError, settle } from './settle.js';
import type { SystemMessage } from './ussd-app.js';
import { waitForLease } from './wait-for-lease.js';

/** The machine a channel runs, one per session. */
export interface EngineMachine {
  readonly machineId: string;
  /** Bump when a change makes old snapshots unsafe to resume. */
  readonly version: number;
  readonly machine: AnyStateMachine;
}

/** What a hop's request means against the stored record. */
export type Reading<Reply, View, Input> =
  /** Answered from the record without running the machine (a repeated request, an ended session). */
  | {
      readonly kind: 'answer';
      readonly reply: Reply;
      readonly outcome: 'repeat' | 'ended' | 'mismatch';
      /** The view to save with the record, when the request changes it. */
      readonly view?: View;
    }
  /** Inputs to play on the machine, in order. */
  | { readonly kind: 'play'; readonly inputs: readonly Input[] };

/** What one input does on the screen the machine shows. */
export type Feed =
  /** Send this event and let the machine settle. */
  | { readonly event: EventObject }
  /** Handled by the channel itself (paging): nothing reaches the machine. */
  | 'handled'
  /** Drop this input and every one after it. */
  | 'stop';

export interface Rendered<Reply, View> {
  readonly reply: Reply;
  readonly view: View;
  /** True when the reply ends the session. */
  readonly done: boolean;
  /** The state shown, for the log. */
  readonly state: string | undefined;
}

/**
 * One request as a channel reads and answers it. Made per request by the channel's codec, so
 * it may keep the hop's own state (the page shown, the inputs to log).
 */
export interface ChannelHop<Reply, View, Input> {
  readonly sessionId: string;
  /** The caller bound to the session (a keyed hash), or undefined where the channel binds none. */
  readonly caller: string | undefined;
  /** The rate-limit counter of this request, or undefined where the channel counts none. */
  readonly rateKey: string | undefined;
  /** The machine's input when the session starts. */
  machineInput(): unknown;
  read(record: SessionRecord<View> | undefined): Reading<Reply, View, Input>;
  feed(snapshot: AnyMachineSnapshot, input: Input): Feed;
  /** The answer for where the machine is; `from` renders from a stored view instead of this hop's. */
  render(snapshot: AnyMachineSnapshot, notice?: SystemMessage, from?: View): Rendered<Reply, View>;
  /** An answer that ends the request politely; the snapshot, when known, gives the language. */
  apology(message: SystemMessage, snapshot: AnyMachineSnapshot | undefined, language?: string): Reply;
  /**
   * The caller's language as far as the channel knows it without a session (a member's recent
   * dial), for apologies given before any session is read; undefined when unknown.
   */
  callerLanguage?(): Promise<string | undefined>;
  /** The view to keep with an ended record after an apology; undefined keeps the record as it was. */
  apologyView?(reply: Reply): View;
  /** What was read from the request, for the log (secrets masked). */
  readonly inputs: readonly string[];
}

/** A channel's wire format: how its requests become hops of the engine. */
export interface ChannelCodec<Request, Reply, View, Input> {
  readonly space: SessionSpace;
  readonly app: EngineMachine;
  hop(request: Request): ChannelHop<Reply, View, Input>;
}

export interface EngineOptions<Request, Reply, View, Input> {
  readonly codec: ChannelCodec<Request, Reply, View, Input>;
  readonly backend: SessionBackend;
  readonly sessionTtlMs: number;
  /** How long a hop may take before the caller gets a polite end; well under the gateway's timeout. */
  readonly deadlineMs: number;
  readonly rateLimit?: { readonly hops: number; readonly windowMs: number };
  /**
   * True for an effect's error that refused the hop before doing anything (a saturated
   * resource): the caller is told `busy` where they were, and the hop is dropped.
   */
  readonly refusedBeforeWork?: (error: unknown) => boolean;
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

export interface EngineResult<Reply> {
  readonly reply: Reply;
  readonly outcome: TurnOutcome;
  /** The state the session is in after the hop, when known. */
  readonly state: string | undefined;
  /** The inputs read from this hop, with secrets masked. */
  readonly inputs: readonly string[];
  /** What went wrong, for the log (never shown to the caller). */
  readonly error?: unknown;
}

type AnyActorSystem = AnyActor['system'];

/**
 * The machine with every effect it names watched: an effect that fails with an error that
 * `refused` recognises is reported with the actor system it ran in. Cheaper than inspecting
 * every event of every hop, which is the only other way to see an error the machine handles.
 */
function watchRefusals(
  machine: AnyStateMachine,
  refused: (error: unknown) => boolean,
  report: (system: AnyActorSystem, error: unknown) => void,
): AnyStateMachine {
  const watched: Record<string, AnyActorLogic> = {};
  for (const [name, logic] of Object.entries(machine.implementations.actors)) {
    const inner = logic as AnyActorLogic;
    // Only plain logic objects (fromPromise and the like) can be copied with their methods; a
    // child machine is a class instance and is left as it is.
    if (Object.getPrototypeOf(inner) !== Object.prototype) continue;
    watched[name] = {
      ...inner,
      transition(snapshot, event, scope) {
        const next = inner.transition(snapshot, event, scope);
        if (next.status === 'error' && snapshot.status !== 'error' && refused(next.error))
          report(scope.system, next.error);
        return next;
      },
    };
  }
  return machine.provide({ actors: watched });
}

interface Decision<Reply, View> {
  readonly result: EngineResult<Reply>;
  readonly save?: SessionRecord<View>;
}

/**
 * The session engine of every channel: lock, restore, event, settle, render, save. A channel
 * (USSD text, voice XML) supplies only its codec. Two deliveries of one session are
 * serialised by a lock in the session backend, so this holds across server processes.
 */
export function createSessionEngine<Request, Reply, View, Input>(options: EngineOptions<Request, Reply, View, Input>) {
  const { codec, backend } = options;
  const { app } = codec;
  const lockTtl = options.deadlineMs + 2_000;
  const ttlMs = options.sessionTtlMs;
  // The hop each running actor system belongs to, for the refusals its effects report.
  const refusals = new WeakMap<AnyActorSystem, { refusal?: unknown }>();
  const machine = withPlainRestore(
    options.refusedBeforeWork === undefined
      ? app.machine
      : watchRefusals(app.machine, options.refusedBeforeWork, (system, error) => {
          const watch = refusals.get(system);
          if (watch !== undefined && watch.refusal === undefined) watch.refusal = error;
        }),
  );

  /** The actor for a stored session, or undefined when it must start over. */
  function restore(record: SessionRecord<View> | undefined): AnyActor | undefined {
    // A record without a view was written by an older engine: its session starts again.
    if (record === undefined || record.snapshot === null || record.view === undefined) return undefined;
    if (record.machine !== app.machineId || record.version !== app.version) return undefined;
    try {
      return createActor(machine, { snapshot: record.snapshot as AnyMachineSnapshot });
    } catch {
      return undefined;
    }
  }

  function record(hop: ChannelHop<Reply, View, Input>, snapshot: unknown, view: View, ended: boolean) {
    const saved: SessionRecord<View> = {
      machine: app.machineId,
      version: app.version,
      ...(hop.caller === undefined ? {} : { caller: hop.caller }),
      snapshot,
      view,
      ended,
    };
    return saved;
  }

  async function decide(
    hop: ChannelHop<Reply, View, Input>,
    stored: SessionRecord<View> | undefined,
    deadlineAt: number,
    hold: (actor: AnyActor) => void,
  ): Promise<Decision<Reply, View>> {
    const reading = hop.read(stored);
    if (reading.kind === 'answer') {
      const result = { reply: reading.reply, outcome: reading.outcome, state: undefined, inputs: hop.inputs };
      if (stored === undefined || reading.view === undefined) return { result };
      return { result, save: { ...stored, view: reading.view } };
    }

    let actor = restore(stored);
    let outcome: TurnOutcome = 'ran';
    let pending = reading.inputs;
    if (actor === undefined) {
      actor = createActor(machine, { input: hop.machineInput() });
      // Inputs meant for a screen of an older machine would land on the wrong screen.
      if (stored !== undefined) {
        outcome = 'restarted';
        pending = [];
      }
    }
    // An effect refused before any work (see `refusedBeforeWork`) is noticed as it fails.
    const watch: { refusal?: unknown } = {};
    refusals.set(actor.system, watch);
    hold(actor);
    actor.start();
    await settle(actor, deadlineAt);

    for (const input of pending) {
      if (watch.refusal !== undefined) break;
      const snapshot = actor.getSnapshot();
      if (snapshot.status !== 'active') break;
      const feed = hop.feed(snapshot, input);
      if (feed === 'stop') break;
      if (feed === 'handled') continue;
      actor.send(feed.event);
      await settle(actor, deadlineAt);
    }

    if (watch.refusal !== undefined) return refuse(hop, stored, watch.refusal, actor.getSnapshot());

    const shown = hop.render(actor.getSnapshot(), outcome === 'restarted' ? 'restarted' : undefined);
    return {
      result: { reply: shown.reply, outcome, state: shown.state, inputs: hop.inputs },
      save: record(hop, persistedSnapshot(actor), shown.view, shown.done),
    };
  }

  /**
   * The hop was refused before any work: nothing it asked for happened. The caller hears
   * `busy` where they were and may try again; the session stays where it was.
   */
  function refuse(
    hop: ChannelHop<Reply, View, Input>,
    stored: SessionRecord<View> | undefined,
    error: unknown,
    current: AnyMachineSnapshot,
  ): Decision<Reply, View> {
    const before = restore(stored);
    if (stored === undefined || before === undefined) {
      // A first hop: the member's language may be known by now (a look-up that went through).
      const reply = hop.apology('busy', current);
      return { result: { reply, outcome: 'refused', state: undefined, inputs: hop.inputs, error } };
    }
    const shown = hop.render(before.getSnapshot(), 'busy', stored.view);
    return {
      result: { reply: shown.reply, outcome: 'refused', state: shown.state, inputs: hop.inputs, error },
      save: { ...stored, view: shown.view },
    };
  }

  const snapshotOf = (record: SessionRecord<View> | undefined) =>
    record === undefined || record.snapshot === null ? undefined : (record.snapshot as AnyMachineSnapshot);

  // The caller's language without a session; an unanswered hint is no hint.
  const languageHint = async (hop: ChannelHop<Reply, View, Input>) => {
    try {
      return await hop.callerLanguage?.();
    } catch {
      return undefined;
    }
  };

  async function run(request: Request): Promise<EngineResult<Reply>> {
    const deadlineAt = Date.now() + options.deadlineMs;
    const hop = codec.hop(request);
    const key = sessionKey(codec.space, hop.sessionId);
    const limit = options.rateLimit;
    let stored: SessionRecord<View> | undefined;
    let token: string | undefined;
    let actor: AnyActor | undefined;

    try {
      // The caller's hit is counted by the same step that takes the lock.
      const count =
        limit === undefined || hop.rateKey === undefined
          ? undefined
          : { key: hop.rateKey, limit: limit.hops, windowMs: limit.windowMs };
      const first = await backend.store.open<View>(key, lockTtl, count);
      const allowed = first.allowed !== false;
      const lease = await waitForLease<View>(backend.store, key, lockTtl, deadlineAt, first);
      stored = lease.record;
      token = lease.token;
      if (token === undefined) {
        const reply = hop.apology('busy', undefined, await languageHint(hop));
        return { reply, outcome: 'busy', state: undefined, inputs: [] };
      }
      if (stored !== undefined && hop.caller !== undefined && stored.caller !== hop.caller) {
        // Someone else's session (or one from before sessions were bound): not a byte of it
        // is read or written. The lock is released in `finally`, the record left as it was.
        // In the caller's language when known, not that of the session's owner.
        const reply = hop.apology('otherPhone', snapshotOf(stored), await languageHint(hop));
        return { reply, outcome: 'other-phone', state: undefined, inputs: [] };
      }
      if (!allowed) {
        const snapshot = snapshotOf(stored);
        const hint = snapshot === undefined ? await languageHint(hop) : undefined;
        const reply = hop.apology('rateLimited', snapshot, hint);
        return { reply, outcome: 'rate-limited', state: undefined, inputs: [] };
      }

      const decision = await decide(hop, stored, deadlineAt, (held) => {
        actor = held;
      });
      const held = token;
      token = undefined;
      const save = decision.save === undefined ? undefined : { record: decision.save, ttlMs };
      const saved = await backend.store.close(key, held, save);
      if (!saved && save !== undefined) {
        // The lock expired under us: another delivery may have moved on. Ours is not saved.
        return { ...decision.result, outcome: 'timeout', error: new Error('session lock expired during the hop') };
      }
      return decision.result;
    } catch (error) {
      const timedOut = error instanceof SettleTimeoutError;
      // A late hop is no failure: its effect may still commit, so the caller is told to look
      // again (the next request shows where it ended), never that something went wrong.
      const at = (actor as AnyActor | undefined)?.getSnapshot() ?? snapshotOf(stored);
      const reply = hop.apology(timedOut ? 'late' : 'sorry', at);
      const view = hop.apologyView?.(reply);
      if (token !== undefined) {
        const held = token;
        token = undefined;
        // Ended, so that a repeat of this hop gets the same apology. Best effort: the store may be down.
        const save = view === undefined ? undefined : { record: record(hop, null, view, true), ttlMs };
        await backend.store.close(key, held, save).catch(() => false);
      }
      return { reply, outcome: timedOut ? 'timeout' : 'error', state: undefined, inputs: [], error };
    } finally {
      (actor as AnyActor | undefined)?.stop();
      if (token !== undefined) await backend.store.close(key, token).catch(() => false);
    }
  }

  /** Reads a session's record under its lock, without running anything (e.g. once a call has ended). */
  async function peek<T>(sessionId: string, read: (record: SessionRecord<View> | undefined) => T): Promise<T> {
    const key = sessionKey(codec.space, sessionId);
    const lease = await waitForLease<View>(backend.store, key, lockTtl, Date.now() + options.deadlineMs);
    if (lease.token === undefined) throw new Error(`${codec.space} session ${sessionId} is busy`);
    try {
      return read(lease.record);
    } finally {
      await backend.store.close(key, lease.token).catch(() => false);
    }
  }

  return { run, peek };
}

export type SessionEngine<Request, Reply, View = unknown, Input = unknown> = ReturnType<
  typeof createSessionEngine<Request, Reply, View, Input>
>;
