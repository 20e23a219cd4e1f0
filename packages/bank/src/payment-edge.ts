import type { Kysely, Transaction } from 'kysely';
import type { AttemptState, Database, PaymentKind } from './database.js';
import { enqueue } from './outbox.repository.js';
import { OUTBOX_DEPOSIT_REQUEST } from './outbox-kinds.js';
import {
  claimDueChecks,
  flagForOperator,
  insertResolution,
  isOpen,
  lockPayment,
  markInDoubt,
  noteProviderRequest,
  type Payment,
  reopenForPrompt,
  scheduleCheck,
} from './payment.repository.js';
import { attemptsOf, isLive, markAttempt, type PaymentAttempt, startAttempt } from './payment-attempt.repository.js';
import { checkDelayMs } from './payment-checks.js';
import type { CallbackOutcome, PaymentAlert, PaymentResult, PaymentResults } from './payment-results.js';
import { lockProviderId, recordProviderResult, unmatchedResultsFor } from './provider-result.repository.js';

export interface PaymentEdgeOptions {
  readonly db: Kysely<Database>;
  readonly results: PaymentResults;
  readonly run: <T>(work: (trx: Transaction<Database>) => Promise<T>, queues: boolean) => Promise<T>;
  readonly now: () => Date;
  /** How soon the resolver asks about a payment that went in doubt. */
  readonly recheckMs: number;
  /** How long a prompt can still be approved (and a request still be answered) after it was sent. */
  readonly promptWindowMs: number;
  readonly onAlert?: ((alert: PaymentAlert) => void) | undefined;
}

export interface OperatorResolution {
  readonly status: 'succeeded' | 'failed';
  readonly reason: string;
  readonly actor: string;
  readonly receipt?: string | undefined;
}

const DEPOSIT_KINDS: readonly PaymentKind[] = ['deposit', 'loan_repayment'];

/**
 * Where payments meet providers: each request we send is an attempt, recorded before it goes
 * out; what we cannot know (a timeout, a lost reply, a crash mid-send) makes the payment
 * `in_doubt`, never failed and never sent again on a guess; results, from callbacks, queries or
 * an operator, go through `PaymentResults`. See docs/ledger.md, "Payments".
 */
export function createPaymentEdge(options: PaymentEdgeOptions) {
  const { db, results, run, now } = options;
  const later = (ms: number) => new Date(now().getTime() + ms);

  /** Raises, after commit, the alerts of what results did. */
  function raise(outcomes: readonly CallbackOutcome[]): void {
    for (const outcome of outcomes) {
      const alert = results.alertFor(outcome, 'payment' in outcome ? outcome.payment.amount : 0n);
      if (alert !== undefined) options.onAlert?.(alert);
    }
  }

  async function applyAndAlert(kinds: readonly PaymentKind[], result: PaymentResult): Promise<CallbackOutcome> {
    const { outcome, replayed } = await run((trx) => results.apply(trx, kinds, result), true);
    raise([outcome, ...replayed]);
    return outcome;
  }

  async function withPayment<T>(
    trx: Transaction<Database>,
    paymentId: string,
    work: (payment: Payment) => Promise<T>,
  ): Promise<T | undefined> {
    const payment = await lockPayment(trx, paymentId);
    return payment === undefined ? undefined : work(payment);
  }

  /** The provider accepted the request: its id is recorded, and results that came first are applied. */
  /**
   * Moves a request from `sending` to what its reply said, under the payment's lock (taken first,
   * as results take it, so the two never deadlock). A request a result has already answered (a
   * callback faster than the reply) keeps its state and only learns its id. True when it moved.
   */
  async function replied(
    trx: Transaction<Database>,
    attempt: PaymentAttempt,
    state: AttemptState,
    facts: { providerRequestId?: string | undefined; detail?: string | undefined },
  ): Promise<boolean> {
    await lockPayment(trx, attempt.paymentId);
    const current = (await attemptsOf(trx, attempt.paymentId, attempt.kind)).find((a) => a.id === attempt.id);
    const learnt = current?.providerRequestId ?? null;
    if (facts.providerRequestId !== undefined && learnt !== null && learnt !== facts.providerRequestId) {
      // A result matched this request by payer and amount under another id: one of them is not
      // what it seems, and only a person with the provider's statement can tell which.
      await flagForOperator(
        trx,
        attempt.paymentId,
        `the provider's reply names ${facts.providerRequestId}; a result had matched this request as ${learnt}`,
      );
      return false;
    }
    if (current !== undefined && current.state !== 'sending') {
      if (facts.providerRequestId !== undefined && current.providerRequestId === null) {
        await markAttempt(trx, attempt.id, current.state, { providerRequestId: facts.providerRequestId });
      }
      return false;
    }
    await markAttempt(trx, attempt.id, state, facts);
    return true;
  }

  async function requestAccepted(attempt: PaymentAttempt, providerRequestId: string): Promise<void> {
    const replayed = await run(async (trx) => {
      await lockProviderId(trx, providerRequestId);
      await replied(trx, attempt, 'accepted', { providerRequestId });
      await noteProviderRequest(trx, attempt.paymentId, providerRequestId);
      await scheduleCheck(trx, attempt.paymentId, later(options.promptWindowMs));
      return results.replayUnmatched(trx, await unmatchedResultsFor(trx, providerRequestId));
    }, true);
    raise(replayed);
  }

  return {
    /** A mobile-money result for a deposit prompt (STK push), or an STK Push Query answer. */
    settleDeposit: (result: PaymentResult) => applyAndAlert(DEPOSIT_KINDS, result),
    /** A B2C result or queue timeout, or a Transaction Status result about a payout. */
    settlePayout: (result: PaymentResult) => applyAndAlert(['payout'], result),
    settleAirtime: (result: PaymentResult) => applyAndAlert(['airtime'], result),

    /**
     * Records a request to the provider before it is sent. Answers undefined when it must not be
     * sent: the payment is settled or in doubt, or an earlier send of it died before we heard back
     * (that one is in doubt now: sending again could prompt or pay twice).
     */
    beginRequest(paymentId: string, reference: string): Promise<PaymentAttempt | undefined> {
      return run(
        (trx) =>
          withPayment(trx, paymentId, async (payment) => {
            if (payment.status !== 'pending') return undefined;
            const requests = await attemptsOf(trx, paymentId, 'request');
            const unanswered = requests.filter((a) => a.state === 'sending');
            if (unanswered.length > 0) {
              for (const attempt of unanswered) {
                await markAttempt(trx, attempt.id, 'in_doubt', {
                  detail: 'sent, and the process died before the reply',
                });
              }
              await markInDoubt(trx, paymentId, 'a request was sent and its reply was lost', later(0));
              return undefined;
            }
            // Delivered again after the provider accepted it (a lease that ran out): that request lives.
            if (requests.some(isLive)) return undefined;
            return startAttempt(trx, paymentId, 'request', reference);
          }),
        false,
      );
    },

    requestAccepted,

    /** The request certainly never reached the provider: it may be sent again. */
    requestNotSent: (attempt: PaymentAttempt, reason: string) =>
      run((trx) => replied(trx, attempt, 'not_sent', { detail: reason }), false),

    /** We cannot know whether the provider acted (timeout, lost reply, duplicate request): in doubt. */
    requestInDoubt: (attempt: PaymentAttempt, reason: string) =>
      run(async (trx) => {
        if (await replied(trx, attempt, 'in_doubt', { detail: reason })) {
          await markInDoubt(trx, attempt.paymentId, reason, later(options.recheckMs));
        }
      }, false),

    /** The provider refused the request for good: nothing happened, so the payment fails unless another attempt lives. */
    requestRefused: (attempt: PaymentAttempt, reason: string) =>
      run(
        (trx) =>
          withPayment(trx, attempt.paymentId, async (payment) => {
            if (!(await replied(trx, attempt, 'refused', { detail: reason }))) return;
            const live = (await attemptsOf(trx, payment.id, 'request')).some(isLive);
            if (!live && isOpen(payment)) await results.failOpen(trx, payment, reason);
          }),
        true,
      ),

    /**
     * The outbox gave up sending: if any request may have reached the provider, the payment is in
     * doubt (asked, never reversed on a guess); if none ever left, it fails and any hold returns.
     */
    requestsExhausted: (paymentId: string, reason: string) =>
      run(
        (trx) =>
          withPayment(trx, paymentId, async (payment) => {
            if (!isOpen(payment)) return;
            const attempts = await attemptsOf(trx, paymentId, 'request');
            const reached = attempts.some((a) => a.state !== 'not_sent' && a.state !== 'refused');
            if (reached) await markInDoubt(trx, paymentId, `given up sending: ${reason}`, later(0));
            else await results.failOpen(trx, payment, reason);
          }),
        true,
      ),

    /**
     * Keeps a callback we could not read or apply, as it came: no provider result is only logged.
     * In its own transaction, so it is kept even when applying it failed.
     */
    keepUnreadResult: (operation: string, body: unknown, outcome: 'malformed' | 'error', detail: string) =>
      recordProviderResult(db, {
        source: 'callback',
        operation,
        providerRequestId: undefined,
        succeeded: undefined,
        amount: undefined,
        phone: undefined,
        receipt: undefined,
        outcome,
        detail,
        result: { body },
      }),

    /** Open payments whose check is due, leased to this caller until their next check. */
    claimDueChecks: (limit: number) =>
      claimDueChecks(db, limit, (checks) => checkDelayMs(checks, options.recheckMs), now()),

    attemptsOf: (paymentId: string) => attemptsOf(db, paymentId),

    /** Applies results kept as unmatched that name any of this payment's requests (a race with their reply). */
    async replayUnmatchedFor(paymentId: string): Promise<void> {
      const known = (await attemptsOf(db, paymentId)).filter((a) => a.providerRequestId !== null);
      for (const attempt of known) {
        const rows = await unmatchedResultsFor(db, attempt.providerRequestId as string);
        if (rows.length === 0) continue;
        raise(await run((trx) => results.replayUnmatched(trx, rows), true));
      }
    },

    /** Records a status query about a payment before it is sent. */
    startStatusQuery: (paymentId: string) =>
      run((trx) => startAttempt(trx, paymentId, 'status_query', `${paymentId}-q{seq}`), false),

    /** The query was accepted, refused or lost; its answer arrives on the status result route. */
    statusQueryAnswered: (attempt: PaymentAttempt, state: 'accepted' | 'not_sent', detail: string, id?: string) =>
      run((trx) => replied(trx, attempt, state, { providerRequestId: id, detail }), false),

    /** The provider says no prompt exists: a new one is sent (the payment is pending again). */
    resendPrompt: (paymentId: string) =>
      run(
        (trx) =>
          withPayment(trx, paymentId, async (payment) => {
            if (!isOpen(payment)) return false;
            const attempts = await attemptsOf(trx, paymentId, 'request');
            if (attempts.some(isLive)) return false;
            await reopenForPrompt(trx, paymentId, later(options.promptWindowMs), now());
            await enqueue(trx, {
              kind: OUTBOX_DEPOSIT_REQUEST,
              payload: { paymentId },
              idempotencyKey: `deposit:${paymentId}:${attempts.length + 1}`,
            });
            return true;
          }),
        true,
      ),

    /** Every request the provider could answer has failed or does not exist: the payment fails. */
    failOpenPayment: (paymentId: string, reason: string) =>
      run((trx) => withPayment(trx, paymentId, (payment) => results.failOpen(trx, payment, reason)), true),

    flagForOperator: (paymentId: string, reason: string) => flagForOperator(db, paymentId, reason),
    scheduleCheck: (paymentId: string, at: Date) => scheduleCheck(db, paymentId, at),

    /**
     * An operator's decision on an open payment, with an audit row (who, when, why). It goes
     * through the same path as a provider's result, so the ledger moves exactly as it would.
     */
    async resolveByOperator(paymentId: string, resolution: OperatorResolution): Promise<CallbackOutcome> {
      // A success is the provider's receipt seen on its statement: the same receipt arriving later
      // is then recognised as the same money, never credited twice.
      if (resolution.status === 'succeeded' && (resolution.receipt ?? '').trim() === '') {
        throw new Error('a payment resolved as succeeded needs the receipt from the provider statement');
      }
      const outcome = await run(
        (trx) =>
          withPayment(trx, paymentId, async (payment): Promise<CallbackOutcome> => {
            if (!isOpen(payment)) throw new Error(`payment ${paymentId} is already ${payment.status}`);
            const attempts = await attemptsOf(trx, paymentId, 'request');
            let target = attempts.filter(isLive).at(-1) ?? attempts.at(-1);
            target ??= await startAttempt(trx, paymentId, 'request', `operator:${paymentId}`);
            await insertResolution(trx, {
              paymentId,
              actor: resolution.actor,
              reason: resolution.reason,
              fromStatus: payment.status,
              toStatus: resolution.status,
              receipt: resolution.receipt ?? null,
            });
            const kinds: readonly PaymentKind[] = DEPOSIT_KINDS.includes(payment.kind) ? DEPOSIT_KINDS : [payment.kind];
            const { outcome: applied } = await results.apply(trx, kinds, {
              // The decision is about this request; its provider id, if ever learnt, stays the provider's.
              providerRequestId: `operator:${target.id}`,
              attemptId: target.id,
              succeeded: resolution.status === 'succeeded',
              description: `resolved by ${resolution.actor}: ${resolution.reason}`,
              receipt: resolution.receipt,
              source: 'operator',
              operation: 'operator-resolve',
            });
            // Another attempt still live would keep a failed resolution open: the operator decided for all.
            if (resolution.status === 'failed') await results.failOpen(trx, payment, resolution.reason);
            return applied;
          }),
        true,
      );
      if (outcome === undefined) throw new Error(`no payment ${paymentId}`);
      return outcome;
    },

    /** Test and compatibility helper: a request sent and accepted under this provider id. */
    async recordProviderRequest(paymentId: string, providerRequestId: string): Promise<void> {
      const attempt = await run((trx) => startAttempt(trx, paymentId, 'request', providerRequestId), false);
      await requestAccepted(attempt, providerRequestId);
    },

    /** A provider refused the request outright (compatibility name of `requestRefused` without an attempt). */
    failPaymentRequest: (paymentId: string, reason: string) =>
      run(
        (trx) =>
          withPayment(trx, paymentId, async (payment) => {
            if (payment.status === 'pending') await results.failOpen(trx, payment, reason);
          }),
        true,
      ),
  };
}

export type PaymentEdge = ReturnType<typeof createPaymentEdge>;
