/**
 * The request a callback answers, as the fake knew it when it sent the callback: a declined
 * prompt's body names neither amount nor phone, and whoever reads the deliveries (the studio's
 * gateway panel) still wants to know which payment it was.
 */
export interface CallbackSubject {
  readonly kind: string;
  /** CheckoutRequestID, ConversationID or the airtime request id. */
  readonly providerRequestId: string;
  /** As the provider writes it (Daraja: `2547...`). */
  readonly phone: string;
  /** Whole units, as the provider was asked (Daraja's `Amount`). */
  readonly amount: number;
}

export interface CallbackDeliveryRecord {
  readonly url: string;
  readonly body: unknown;
  /** When the first attempt was made. */
  readonly sentAt: Date;
  readonly subject: CallbackSubject | undefined;
  /** HTTP attempts made so far. */
  readonly attempts: number;
  readonly delivered: boolean;
  /** The last attempt's HTTP status or error, for tests and logs. */
  readonly lastOutcome: string | undefined;
}

export type CallbackDeliveryEvent =
  | { readonly type: 'callback.delivered'; readonly url: string; readonly attempts: number }
  | { readonly type: 'callback.retrying'; readonly url: string; readonly attempts: number; readonly outcome: string }
  | { readonly type: 'callback.failed'; readonly url: string; readonly attempts: number; readonly outcome: string };

export interface CallbackDeliveryOptions {
  readonly fetch?: typeof fetch;
  /** HTTP attempts per callback, the first included. Default 4. */
  readonly attempts?: number;
  /** Wait before the first retry, doubled for each further one. Default 200 ms. */
  readonly backoffMs?: number;
  /** Per attempt. Default 5 s. */
  readonly timeoutMs?: number;
  readonly onEvent?: (event: CallbackDeliveryEvent) => void;
  /** The clock for `sentAt`. */
  readonly now?: () => Date;
}

export interface CallbackDelivery {
  /** POSTs `body` as JSON to `url` until a 2xx or the attempts run out; never rejects. */
  deliver(url: string, body: unknown, subject?: CallbackSubject): Promise<CallbackDeliveryRecord>;
  deliveries(): readonly CallbackDeliveryRecord[];
  /** Resolves once every delivery started so far has finished. */
  idle(): Promise<void>;
  /** Stops retrying and abandons attempts under way. */
  close(): void;
}

/**
 * Delivers a fake provider's callbacks the way a provider does: JSON POSTs, retried with a
 * short exponential backoff when the receiver fails or is down, every attempt recorded.
 */
export function createCallbackDelivery(options: CallbackDeliveryOptions = {}): CallbackDelivery {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const maxAttempts = Math.max(1, options.attempts ?? 4);
  const backoffMs = options.backoffMs ?? 200;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const now = options.now ?? (() => new Date());
  const records: CallbackDeliveryRecord[] = [];
  const running = new Set<Promise<unknown>>();
  const stop = new AbortController();

  const emit = (event: CallbackDeliveryEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A logger that throws must not break delivery.
    }
  };

  async function attempt(url: string, body: unknown): Promise<string | undefined> {
    try {
      const response = await fetchFn(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.any([stop.signal, AbortSignal.timeout(timeoutMs)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? undefined : `HTTP ${response.status}`;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  async function run(index: number, url: string, body: unknown): Promise<CallbackDeliveryRecord> {
    for (let attempts = 1; attempts <= maxAttempts; attempts += 1) {
      const outcome = await attempt(url, body);
      const first = records[index] as CallbackDeliveryRecord;
      records[index] = { ...first, attempts, delivered: outcome === undefined, lastOutcome: outcome ?? 'HTTP 2xx' };
      if (outcome === undefined) {
        emit({ type: 'callback.delivered', url, attempts });
        break;
      }
      if (attempts === maxAttempts || stop.signal.aborted) {
        emit({ type: 'callback.failed', url, attempts, outcome });
        break;
      }
      emit({ type: 'callback.retrying', url, attempts, outcome });
      await sleep(backoffMs * 2 ** (attempts - 1), stop.signal);
    }
    return records[index] as CallbackDeliveryRecord;
  }

  return {
    deliver(url, body, subject) {
      const record = { url, body, sentAt: now(), subject, attempts: 0, delivered: false, lastOutcome: undefined };
      const index = records.push(record) - 1;
      const task = run(index, url, body);
      running.add(task);
      void task.finally(() => running.delete(task));
      return task;
    },
    deliveries: () => [...records],
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    close() {
      stop.abort();
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
