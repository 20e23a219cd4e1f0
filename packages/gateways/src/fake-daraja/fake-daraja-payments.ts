import type { CallbackSubject } from '../fakes/callback-delivery.js';
import type { FakeMode } from '../fakes/fake-mode.js';
import { newReceipt } from './fake-daraja-ids.js';
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
    }
  | { readonly type: 'payment.queue-timeout'; readonly providerRequestId: string };

/** Where a request stands, for the STK Push Query and Transaction Status answers. */
export type FakePaymentState =
  | { readonly state: 'pending' }
  | { readonly state: 'approved'; readonly receipt: string; readonly at: Date }
  | { readonly state: 'declined'; readonly failure: FailureCode; readonly at: Date }
  | { readonly state: 'timed-out'; readonly at: Date };

export interface FakePaymentsOptions {
  readonly mode: FakeMode;
  readonly delayMs: number;
  readonly now: () => Date;
  /** Runs a settlement later (approve and decline modes). */
  readonly later: (delayMs: number, task: () => void) => void;
  /** Sends a callback body to a URL, naming the payment it answers. */
  readonly deliver: (url: string, body: unknown, subject: CallbackSubject) => void;
  readonly emit: (event: FakePaymentEvent) => void;
}

export interface FakePayments {
  accept(payment: FakePayment): void;
  /** Settles a request waiting for an operator; false when none waits under that id. */
  decide(providerRequestId: string, settlement: Settlement): boolean;
  pending(): readonly FakePendingPayment[];
  setMode(mode: FakeMode): void;
  /** The request under this CheckoutRequestID or ConversationID, and where it stands. */
  lookup(providerRequestId: string): { readonly payment: FakePayment; readonly state: FakePaymentState } | undefined;
  /** The request an approved receipt belongs to. */
  byReceipt(receipt: string): { readonly payment: FakePayment; readonly state: FakePaymentState } | undefined;
  /**
   * Posts the B2C queue-timeout notice for a payout waiting for an operator, without settling
   * it: it stays pending and can still be approved. False when no payout waits under that id.
   */
  queueTimeout(providerRequestId: string): boolean;
}

const subjectOf = ({ kind, providerRequestId, phone, amount }: FakePayment): CallbackSubject => ({
  kind,
  providerRequestId,
  phone,
  amount,
});

/** What happens to accepted requests: settled after a delay, or held for an operator. */
export function createFakePayments(options: FakePaymentsOptions): FakePayments {
  const payments = new Map<string, FakePayment>();
  const waiting = new Set<string>();
  const states = new Map<string, FakePaymentState>();
  const receipts = new Map<string, string>();
  let mode = options.mode;

  function settle(payment: FakePayment, settlement: Settlement) {
    let url = payment.resultUrl;
    let body: unknown;
    let outcome: 'approved' | 'declined' | 'timed-out';
    const at = options.now();
    let state: FakePaymentState;
    if (settlement.type === 'timeout') {
      outcome = 'timed-out';
      state = { state: 'timed-out', at };
      if (payment.kind === 'deposit') {
        body = stkFailureBody(payment, STK_UNREACHABLE);
      } else {
        url = payment.timeoutUrl ?? payment.resultUrl;
        body = b2cTimeoutBody(payment);
      }
    } else {
      // Bad initiator credentials fail a payout on M-Pesa's side, whatever the operator decided.
      const approved = settlement.type === 'approve' && (payment.kind === 'deposit' || payment.initiatorValid);
      const failure =
        (settlement.type === 'decline' ? settlement.failure : undefined) ??
        (payment.kind === 'deposit' ? STK_CANCELLED : B2C_INITIATOR_INVALID);
      outcome = approved ? 'approved' : 'declined';
      const receipt = newReceipt();
      state = approved ? { state: 'approved', receipt, at } : { state: 'declined', failure, at };
      if (approved) receipts.set(receipt, payment.providerRequestId);
      if (payment.kind === 'deposit') {
        body = approved ? stkSuccessBody(payment, at, receipt) : stkFailureBody(payment, failure);
      } else {
        body = approved ? b2cSuccessBody(payment, at, receipt) : b2cFailureBody(payment, failure);
      }
    }
    states.set(payment.providerRequestId, state);
    options.emit({
      type: 'payment.settled',
      kind: payment.kind,
      providerRequestId: payment.providerRequestId,
      outcome,
    });
    options.deliver(url, body, subjectOf(payment));
  }

  function lookup(providerRequestId: string) {
    const payment = payments.get(providerRequestId);
    const state = states.get(providerRequestId);
    return payment === undefined || state === undefined ? undefined : { payment, state };
  }

  return {
    accept(payment) {
      payments.set(payment.providerRequestId, payment);
      states.set(payment.providerRequestId, { state: 'pending' });
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
    lookup,
    byReceipt(receipt) {
      const id = receipts.get(receipt);
      return id === undefined ? undefined : lookup(id);
    },
    queueTimeout(providerRequestId) {
      const payment = payments.get(providerRequestId);
      if (payment?.kind !== 'payout' || !waiting.has(providerRequestId)) return false;
      options.emit({ type: 'payment.queue-timeout', providerRequestId });
      options.deliver(payment.timeoutUrl ?? payment.resultUrl, b2cTimeoutBody(payment), subjectOf(payment));
      return true;
    },
  };
}
