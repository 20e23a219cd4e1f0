import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** scrypt's parameters for one hash, as the worker receives them. */
export interface ScryptJob {
  readonly material: Buffer;
  readonly salt: Buffer;
  readonly cost: number;
  readonly keyLength: number;
  readonly blockSize: number;
  readonly parallelism: number;
}

/** Thrown before any work when a hash could not start within the pool's wait budget. */
export class PinHashBusyError extends Error {
  readonly code = 'pin-hash-busy';
  constructor(readonly expectedWaitMs: number) {
    super(`PIN hashing is saturated (expected wait ${Math.round(expectedWaitMs)} ms)`);
  }
}

export interface PinHashPoolOptions {
  /** Worker threads; defaults to the cores this process may use. */
  readonly size?: number;
  /** Hashes that may wait for a free worker; beyond it new work is refused. */
  readonly queueLimit: number;
  /** A hash whose expected wait is longer than this is refused instead of queued. */
  readonly maxWaitMs: number;
}

/** A place in the queue, held from admission until its hash is submitted. */
export interface PinHashPermit {
  release(): void;
}

// The worker runs scrypt synchronously on its own thread: off the event loop and off libuv's
// four-thread pool, which the database driver and DNS also need.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
parentPort.on('message', ({ id, job }) => {
  try {
    const key = scryptSync(Buffer.from(job.material), Buffer.from(job.salt), job.keyLength, {
      N: job.cost, r: job.blockSize, p: job.parallelism, maxmem: 256 * job.cost * job.blockSize,
    });
    parentPort.postMessage({ id, key });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

interface Pending {
  readonly job: ScryptJob;
  readonly resolve: (key: Buffer) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  current?: { readonly id: number; readonly pending: Pending; readonly startedAt: number };
}

/**
 * A fixed set of worker threads for scrypt with a bounded queue. Admission is decided before
 * any work: when the queue is full, or the expected wait (jobs ahead / workers x the recent
 * hash time) exceeds `maxWaitMs`, the caller is refused at once with PinHashBusyError.
 */
export function createPinHashPool(options: PinHashPoolOptions) {
  const size = Math.max(1, options.size ?? availableParallelism());
  const slots: Slot[] = [];
  const queue: Pending[] = [];
  let held = 0;
  let nextId = 1;
  // Recent time of one hash, smoothed; seeded on the first hash.
  let averageMs: number | undefined;
  let closed = false;

  function spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    const slot: Slot = { worker };
    worker.on('message', (message: { id: number; key?: Uint8Array; error?: string }) => {
      const current = slot.current;
      if (current === undefined || current.id !== message.id) return;
      slot.current = undefined;
      const elapsed = Date.now() - current.startedAt;
      averageMs = averageMs === undefined ? elapsed : averageMs * 0.8 + elapsed * 0.2;
      if (message.key !== undefined) current.pending.resolve(Buffer.from(message.key));
      else current.pending.reject(new Error(message.error ?? 'scrypt failed'));
      pump();
    });
    worker.on('error', (error) => {
      const current = slot.current;
      slot.current = undefined;
      const index = slots.indexOf(slot);
      if (index >= 0) slots.splice(index, 1);
      current?.pending.reject(error);
      pump();
    });
    slots.push(slot);
    return slot;
  }

  function pump() {
    while (queue.length > 0 && !closed) {
      let slot = slots.find((s) => s.current === undefined);
      if (slot === undefined && slots.length < size) slot = spawn();
      if (slot === undefined) return;
      const pending = queue.shift() as Pending;
      const id = nextId++;
      slot.current = { id, pending, startedAt: Date.now() };
      const { job } = pending;
      slot.worker.postMessage({ id, job });
    }
  }

  const busyWorkers = () => slots.filter((s) => s.current !== undefined).length;

  /** How long a hash admitted now would wait for a worker, by the recent hash time. */
  function expectedWaitMs(): number {
    const ahead = busyWorkers() + queue.length + held;
    if (ahead < size) return 0;
    return Math.ceil((ahead - size + 1) / size) * (averageMs ?? 0);
  }

  function admissible(): number | undefined {
    if (closed) return Number.POSITIVE_INFINITY;
    // How many would be waiting for a worker with this one admitted.
    const waiting = busyWorkers() + queue.length + held + 1 - size;
    const wait = expectedWaitMs();
    if (waiting > options.queueLimit || wait > options.maxWaitMs) return wait;
    return undefined;
  }

  return {
    size,
    queueLimit: options.queueLimit,
    expectedWaitMs,
    /** Hashes running, waiting, and admitted but not yet submitted. */
    load: () => ({ running: busyWorkers(), queued: queue.length, held }),

    /** Holds a place for one hash, or throws PinHashBusyError when there is none. */
    acquire(): PinHashPermit {
      const refusedWait = admissible();
      if (refusedWait !== undefined) throw new PinHashBusyError(refusedWait);
      held += 1;
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          held -= 1;
        },
      };
    },

    /** Runs one scrypt on a worker; with a permit its place was already admitted. */
    run(job: ScryptJob, permit?: PinHashPermit): Promise<Buffer> {
      if (permit === undefined) {
        const refusedWait = admissible();
        if (refusedWait !== undefined) return Promise.reject(new PinHashBusyError(refusedWait));
      } else {
        permit.release();
      }
      return new Promise<Buffer>((resolve, reject) => {
        queue.push({ job, resolve, reject });
        pump();
      });
    },

    async close(): Promise<void> {
      closed = true;
      for (const pending of queue.splice(0)) pending.reject(new Error('PIN hash pool closed'));
      await Promise.all(slots.splice(0).map((slot) => slot.worker.terminate()));
    },
  };
}

export type PinHashPool = ReturnType<typeof createPinHashPool>;
