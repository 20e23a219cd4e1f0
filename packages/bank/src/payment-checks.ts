import type { Payment } from './payment.repository.js';
import type { PaymentAttempt } from './payment-attempt.repository.js';
import { isLive } from './payment-attempt.repository.js';

/** What the resolver does next about an open payment. */
export type CheckAction =
  /** Ask Daraja (STK Push Query) about each of these prompts. */
  | { readonly action: 'query-deposit'; readonly attempts: readonly PaymentAttempt[] }
  /** Ask Daraja (Transaction Status) about the payout; the answer comes on the status route. */
  | { readonly action: 'query-payout' }
  /** Daraja says no prompt exists: send one again. */
  | { readonly action: 'resend-prompt' }
  /** Every request the provider could have acted on failed, or does not exist. */
  | { readonly action: 'fail'; readonly reason: string }
  /** Nothing the provider offers can tell us more. */
  | { readonly action: 'operator'; readonly reason: string }
  /** Nothing to ask yet (a request still being sent, a prompt still open). */
  | { readonly action: 'wait'; readonly until?: Date | undefined };

export interface CheckPolicy {
  /** How long a prompt (or a request) can still be answered after it was sent. */
  readonly promptWindowMs: number;
  /** Prompts sent for one deposit at most, the first included. */
  readonly maxPrompts: number;
  /** Checks after which an open payment goes to an operator. */
  readonly maxChecks: number;
}

/**
 * The resolver's decision about one open payment, from its attempts alone: pure, so each rule
 * is tested on its own (payment-checks.test.ts). Never guesses: a request that may have reached
 * the provider is asked about, and only the provider's "no such thing" lets us send again or fail.
 */
export function decideCheck(
  payment: Payment,
  attempts: readonly PaymentAttempt[],
  now: Date,
  policy: CheckPolicy,
): CheckAction {
  const requests = attempts.filter((a) => a.kind === 'request');
  const live = requests.filter(isLive);
  const windowEnd = (attempt: PaymentAttempt) => new Date(attempt.sentAt.getTime() + policy.promptWindowMs);
  if (payment.checks > policy.maxChecks) {
    return { action: 'operator', reason: `not settled after ${policy.maxChecks} checks with the provider` };
  }
  // Nothing reached the provider yet: the outbox is still sending (or retrying) the request.
  if (requests.every((a) => a.state === 'not_sent')) return { action: 'wait' };

  if (payment.kind === 'deposit' || payment.kind === 'loan_repayment') {
    const known = live.filter((a) => a.providerRequestId !== null);
    if (known.length > 0) return { action: 'query-deposit', attempts: known };
    const idless = live.filter((a) => a.providerRequestId === null);
    if (idless.length > 0) {
      const last = idless.reduce((a, b) => (a.sentAt > b.sentAt ? a : b));
      if (windowEnd(last) > now) return { action: 'wait', until: windowEnd(last) };
      return {
        action: 'operator',
        reason: 'a prompt was sent and its reply lost: Daraja cannot be asked without its id',
      };
    }
    const last = requests.at(-1);
    if (last?.state === 'absent' && requests.length < policy.maxPrompts) return { action: 'resend-prompt' };
    return { action: 'fail', reason: last?.detail ?? 'the prompt was not paid' };
  }

  if (payment.kind === 'payout') {
    if (live.length > 0) return { action: 'query-payout' };
    return { action: 'fail', reason: requests.at(-1)?.detail ?? 'M-Pesa has no such payout' };
  }

  // Airtime: Africa's Talking offers no status query; its status callback is the only word.
  if (live.length > 0) {
    const last = live.reduce((a, b) => (a.sentAt > b.sentAt ? a : b));
    if (windowEnd(last) > now) return { action: 'wait', until: windowEnd(last) };
    return { action: 'operator', reason: "no airtime status from Africa's Talking, which offers no status query" };
  }
  return { action: 'fail', reason: requests.at(-1)?.detail ?? 'airtime not sent' };
}

/** Backoff between checks of one payment: doubling from `baseMs`, at most 30 minutes. */
export function checkDelayMs(checks: number, baseMs: number): number {
  return Math.min(30 * 60_000, baseMs * 2 ** Math.min(Math.max(0, checks - 1), 16));
}
