import type { FakeMode } from '../fakes/fake-mode.js';
import {
  B2C_INITIATOR_INVALID,
  b2cFailureBody,
  b2cSuccessBody,
  b2cTimeoutBody,
  type FailureCode,
  STK_CANCELLED,
  STK_UNREACHABLE,
  stkFailureBody,
  stkSuccessBody,
} from './fake-daraja-payloads.js';

export interface FakePendingPayment {
  readonly kind: 'deposit' | 'payout';
  /** CheckoutRequestID or ConversationID. */
  readonly providerRequestId: string;
  readonly originatorConversationId: string | undefined;
  /** `2547...`, as Daraja writes it. */
  readonly phone: string;
  /** Whole shillings. */
  readonly amount: number;
  readonly receivedAt: Date;
}

export interface FakePayment extends FakePendingPayment {
  readonly merchantRequestId: string;
  /** CallBackURL or ResultURL. */
  readonly resultUrl: string;
  readonly timeoutUrl: string | undefined;
  readonly initiatorValid: boolean;
}

export type Settlement =
  | { readonly type: 'approve' }
  | { readonly type: 'decline'; readonly failure?: FailureCode }
  | { readonly type: 'timeout' };

export type FakePaymentEvent =
  | {
      readonly type: 'payment.accepted';
      readonly kind: 'deposit' | 'payout';
      readonly providerRequestId: string;
      readonly amount: number;
    }
  | {
      readonly type: 'payment.settled';
      readonly kind: 'deposit' | 'payout';
      readonly providerRequestId: string;
      readonly outcome: 'approved' | 'declined' | 'timed-out';
    };

export interface FakePaymentsOptions {
  readonly mode: FakeMode;
  readonly delayMs: number;
  readonly now: () => Date;
  /** Runs a settlement later (approve and decline modes). */
  readonly later: (delayMs: number, task: () => void) => void;
  /** Sends a callback body to a URL. */
  readonly deliver: (url: string, body: unknown) => void;
  readonly emit: (event: FakePaymentEvent) => void;
}

export interface FakePayments {
  accept(payment: FakePayment): void;
  /** Settles a request waiting for an operator; false when none waits under that id. */
  decide(providerRequestId: string, settlement: Settlement): boolean;
  pending(): readonly FakePendingPayment[];
  setMode(mode: FakeMode): void;
}

/** What happens to accepted requests: settled after a delay, or held for an operator. */
export function createFakePayments(options: FakePaymentsOptions): FakePayments {
  const payments = new Map<string, FakePayment>();
  const waiting = new Set<string>();
  let mode = options.mode;

  function settle(payment: FakePayment, settlement: Settlement) {
    let url = payment.resultUrl;
    let body: unknown;
    let outcome: 'approved' | 'declined' | 'timed-out';
    if (settlement.type === 'timeout') {
      outcome = 'timed-out';
      if (payment.kind === 'deposit') {
        body = stkFailureBody(payment, STK_UNREACHABLE);
      } else {
        url = payment.timeoutUrl ?? payment.resultUrl;
        body = b2cTimeoutBody(payment);
      }
    } else if (payment.kind === 'deposit') {
      outcome = settlement.type === 'approve' ? 'approved' : 'declined';
      body =
        settlement.type === 'approve'
          ? stkSuccessBody(payment, options.now())
          : stkFailureBody(payment, settlement.failure ?? STK_CANCELLED);
    } else {
      // Bad initiator credentials fail on M-Pesa's side, whatever the operator decided.
      const approved = settlement.type === 'approve' && payment.initiatorValid;
      outcome = approved ? 'approved' : 'declined';
      const failure = settlement.type === 'decline' ? settlement.failure : undefined;
      body = approved
        ? b2cSuccessBody(payment, options.now())
        : b2cFailureBody(payment, failure ?? B2C_INITIATOR_INVALID);
    }
    options.emit({
      type: 'payment.settled',
      kind: payment.kind,
      providerRequestId: payment.providerRequestId,
      outcome,
    });
    options.deliver(url, body);
  }

  return {
    accept(payment) {
      payments.set(payment.providerRequestId, payment);
      options.emit({
        type: 'payment.accepted',
        kind: payment.kind,
        providerRequestId: payment.providerRequestId,
        amount: payment.amount,
      });
      if (mode === 'manual') {
        waiting.add(payment.providerRequestId);
        return;
      }
      const settlement: Settlement = mode === 'approve' ? { type: 'approve' } : { type: 'decline' };
      options.later(options.delayMs, () => settle(payment, settlement));
    },
    decide(providerRequestId, settlement) {
      const payment = payments.get(providerRequestId);
      if (payment === undefined || !waiting.delete(providerRequestId)) return false;
      settle(payment, settlement);
      return true;
    },
    pending: () =>
      [...waiting].flatMap((id) => {
        const payment = payments.get(id);
        if (payment === undefined) return [];
        const { kind, providerRequestId, originatorConversationId, phone, amount, receivedAt } = payment;
        return [{ kind, providerRequestId, originatorConversationId, phone, amount, receivedAt }];
      }),
    setMode(next) {
      mode = next;
    },
  };
}
