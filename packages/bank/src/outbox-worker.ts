import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { type ClaimedMessage, claimDue, markDone, markFailed, markRetry } from './outbox.repository.js';
import { withRequestId } from './request-context.js';

export interface OutboxHandler {
  /** Performs the effect. Throwing retries it later, unless `isPermanent` says it never will work. */
  deliver(message: ClaimedMessage): Promise<void>;
  /** Runs once when the message is given up (permanent error, or out of attempts): undo what waited on it. */
  giveUp?(message: ClaimedMessage, error: unknown): Promise<void>;
}

export interface OutboxWorkerOptions {
  readonly db: Kysely<Database>;
  readonly handlers: Readonly<Record<string, OutboxHandler>>;
  readonly isPermanent: (error: unknown) => boolean;
  readonly pollMs?: number;
  /** How long a claim lasts; a worker that dies mid-delivery frees its rows after this. */
  readonly leaseMs?: number;
  readonly maxAttempts?: number;
  readonly batchSize?: number;
  readonly onError?: (message: ClaimedMessage, error: unknown, final: boolean) => void;
}

/** Exponential backoff from 1 s, capped at 5 minutes, with jitter so retries do not stampede. */
export function retryDelayMs(attempt: number): number {
  const base = Math.min(300_000, 1_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * Delivers the outbox: every effect written in a transaction with the ledger entry it belongs
 * to is performed after commit, retried with backoff, and survives restarts (claims are leases
 * in the table). A message is delivered at least once and its idempotency key goes to the
 * provider, so each effect happens once.
 */
export function createOutboxWorker(options: OutboxWorkerOptions) {
  const pollMs = options.pollMs ?? 500;
  const leaseMs = options.leaseMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 12;
  const batchSize = options.batchSize ?? 20;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = true;
  let again = false;

  // Delivered on behalf of the request that wrote it: its logs and follow-up messages carry its id.
  const handle = (message: ClaimedMessage) => withRequestId(message.requestId, () => deliver(message));

  async function deliver(message: ClaimedMessage): Promise<void> {
    const handler = options.handlers[message.kind];
    try {
      if (handler === undefined) throw new Error(`no handler for outbox kind ${message.kind}`);
      await handler.deliver(message);
      await markDone(options.db, message.id);
    } catch (error) {
      const final = handler === undefined || options.isPermanent(error) || message.attempts >= maxAttempts;
      options.onError?.(message, error, final);
      if (!final) {
        await markRetry(options.db, message.id, describe(error), retryDelayMs(message.attempts));
        return;
      }
      await handler?.giveUp?.(message, error);
      await markFailed(options.db, message.id, describe(error));
    }
  }

  /** Claims and delivers one batch; resolves with how many messages it handled. */
  async function runOnce(): Promise<number> {
    const batch = await claimDue(options.db, batchSize, leaseMs);
    await Promise.all(batch.map(handle));
    return batch.length;
  }

  function schedule(delay: number) {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, delay);
    timer.unref();
  }

  function tick() {
    if (running !== undefined) {
      again = true;
      return;
    }
    running = runOnce().catch(() => 0);
    void running.then((handled) => {
      running = undefined;
      const more = handled === batchSize || again;
      again = false;
      schedule(more ? 0 : pollMs);
    });
  }

  return {
    runOnce,
    start() {
      stopped = false;
      schedule(0);
    },
    /** Looks for work now (called right after writing a message, so a deposit prompt is not late). */
    wake() {
      schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
