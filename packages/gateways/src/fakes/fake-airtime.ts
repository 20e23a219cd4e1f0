import { randomBytes } from 'node:crypto';
import { minorDigitsOf, minorToDecimal } from '../minor-units.js';
import { type AirtimePort, type AirtimeRequest, OutcomeUnknownError } from '../ports.js';
import {
  type CallbackDeliveryEvent,
  type CallbackDeliveryRecord,
  createCallbackDelivery,
} from './callback-delivery.js';
import { createDelayedTasks } from './delayed-tasks.js';
import { assertE164, createFakeFailures, type FakeFailureKind } from './fake-failures.js';
import type { FakeMode } from './fake-mode.js';

export interface FakeAirtimeOptions {
  readonly mode: FakeMode;
  /** How long an approved or declined request waits before its status callback. */
  readonly delayMs: number;
  /**
   * When true, a repeated idempotency key is refused as Africa's Talking does, with
   * OutcomeUnknownError (`DuplicateRequest`); by default it returns the first request id.
   */
  readonly duplicateRequests?: boolean;
  /** Our airtime status route; without it, outcomes are only recorded. */
  readonly statusCallbackUrl?: string;
  /** Used to deliver callbacks. */
  readonly fetch?: typeof fetch;
  readonly callbackAttempts?: number;
  readonly callbackBackoffMs?: number;
  /** For logging; the fake itself prints nothing. */
  readonly onEvent?: (event: FakeAirtimeEvent) => void;
}

export type FakeAirtimeOutcome = 'pending' | 'Success' | 'Failed';

export interface FakeSentAirtime extends AirtimeRequest {
  readonly providerRequestId: string;
  readonly sentAt: Date;
  readonly outcome: FakeAirtimeOutcome;
}

export type FakeAirtimeEvent =
  | { readonly type: 'airtime.settled'; readonly providerRequestId: string; readonly outcome: 'Success' | 'Failed' }
  | CallbackDeliveryEvent;

export interface FakeAirtime extends AirtimePort {
  /** Every request accepted, once per idempotency key, with its outcome so far. */
  sent(): readonly FakeSentAirtime[];
  /** Requests waiting for an operator (manual mode). */
  pending(): readonly FakeSentAirtime[];
  approve(providerRequestId: string): boolean;
  decline(providerRequestId: string): boolean;
  /** Applies to requests received from now on. */
  setMode(mode: FakeMode): void;
  failNext(count: number, kind?: FakeFailureKind): void;
  callbacks(): readonly CallbackDeliveryRecord[];
  /** Resolves once every scheduled status callback has been delivered or given up on. */
  settled(): Promise<void>;
  /** Cancels scheduled callbacks and abandons deliveries under way. */
  close(): void;
}

/**
 * An in-memory airtime port that behaves like Africa's Talking: it answers with a request id
 * at once, then settles the request (approve: Success, decline: Failed, manual: when told) and
 * POSTs the status callback JSON (`{requestId, status, phoneNumber, description, value,
 * discount}`) to `statusCallbackUrl`. A repeated idempotency key returns the first request id,
 * or with `duplicateRequests` throws OutcomeUnknownError as Africa's Talking's DuplicateRequest.
 */
export function createFakeAirtime(options: FakeAirtimeOptions): FakeAirtime {
  const failures = createFakeFailures();
  const records = new Map<string, FakeSentAirtime>();
  const byKey = new Map<string, string>();
  const waiting = new Set<string>();
  const tasks = createDelayedTasks();
  let mode = options.mode;
  let counter = 0;
  const instanceTag = randomBytes(6).toString('hex');

  const emit = (event: FakeAirtimeEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A logger that throws must not break the fake.
    }
  };
  const delivery = createCallbackDelivery({
    attempts: options.callbackAttempts,
    backoffMs: options.callbackBackoffMs,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    onEvent: emit,
  });

  function settle(id: string, outcome: 'Success' | 'Failed') {
    const record = records.get(id);
    if (record === undefined) return;
    records.set(id, { ...record, outcome });
    emit({ type: 'airtime.settled', providerRequestId: id, outcome });
    if (options.statusCallbackUrl === undefined) return;
    const value = `${record.currency} ${minorToDecimal(record.amountMinor, minorDigitsOf(record.currency), 4)}`;
    const task = delivery.deliver(options.statusCallbackUrl, {
      requestId: id,
      status: outcome,
      phoneNumber: record.phone,
      description: outcome === 'Success' ? 'Airtime Delivered Successfully' : 'Airtime delivery failed',
      value,
      discount: `${record.currency} ${minorToDecimal(0n, minorDigitsOf(record.currency), 4)}`,
    });
    tasks.track(task);
  }

  const decide = (id: string, outcome: 'Success' | 'Failed') => {
    if (!waiting.delete(id)) return false;
    settle(id, outcome);
    return true;
  };

  return {
    async send(request) {
      failures.throwIfDue('Fake airtime');
      const earlier = byKey.get(request.idempotencyKey);
      if (earlier !== undefined) {
        if (options.duplicateRequests === true) {
          throw new OutcomeUnknownError(
            `Fake airtime: DuplicateRequest, ${earlier} was sent with this key; the first one may have succeeded`,
            'DuplicateRequest',
          );
        }
        return { providerRequestId: earlier };
      }
      assertE164(request.phone, 'Fake airtime');
      counter += 1;
      // Unique across processes, as Africa's Talking's are: two instances (or one restarted)
      // each have a fake, and a repeated id would match one member's result to another's payment.
      const id = `ATQid_fake_${instanceTag}_${counter}`;
      records.set(id, { ...request, providerRequestId: id, sentAt: new Date(), outcome: 'pending' });
      byKey.set(request.idempotencyKey, id);
      if (mode === 'manual') {
        waiting.add(id);
      } else {
        const outcome = mode === 'approve' ? 'Success' : 'Failed';
        tasks.later(options.delayMs, () => settle(id, outcome));
      }
      return { providerRequestId: id };
    },
    sent: () => [...records.values()],
    pending: () => [...waiting].flatMap((id) => records.get(id) ?? []),
    approve: (id) => decide(id, 'Success'),
    decline: (id) => decide(id, 'Failed'),
    setMode(next) {
      mode = next;
    },
    failNext: failures.failNext,
    callbacks: () => delivery.deliveries(),
    settled: () => tasks.idle(),
    close() {
      tasks.cancel();
      delivery.close();
    },
  };
}
