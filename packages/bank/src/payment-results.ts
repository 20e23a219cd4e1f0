import type { Kysely, Transaction } from 'kysely';
import { balanceOf, walletIdOf } from './account.repository.js';
import { createSystemAccountLookup } from './account-directory.js';
import type { SystemAccountCode } from './chart-of-accounts.js';
import type { Database, PaymentKind, ResultSource } from './database.js';
import { credit, debit, postEntry } from './journal.js';
import { postingsAfterEntry } from './journal.repository.js';
import { requireMember } from './member.repository.js';
import { enqueueSms } from './notification.js';
import {
  findPaymentIdByKey,
  isOpen,
  lockPayment,
  markInDoubt,
  type Payment,
  scheduleCheck,
  settlePayment,
} from './payment.repository.js';
import {
  attemptsOf,
  findAttemptById,
  findAttemptByProviderId,
  findAttemptByReference,
  idlessAttemptsFor,
  isLive,
  markAttempt,
  type PaymentAttempt,
} from './payment-attempt.repository.js';
import {
  countAttemptResults,
  lockProviderId,
  markRematched,
  type ResultOutcome,
  receiptBookedElsewhere,
  recordProviderResult,
  settledByOperator,
  unmatchedResultsFor,
} from './provider-result.repository.js';

/** A provider's word on a payment, already parsed from its own format. */
export interface PaymentResult {
  /** The id the provider gave the request (CheckoutRequestID, ConversationID, requestId). */
  readonly providerRequestId: string;
  /** Our own key, when the provider echoes it (B2C OriginatorConversationID). */
  readonly idempotencyKey?: string | undefined;
  readonly succeeded: boolean;
  /**
   * When the provider could not say: `unknown` (a queue timeout: not processed in time, which is
   * not "not processed") or `absent` (asked, it has no such transaction).
   */
  readonly verdict?: 'unknown' | 'absent' | undefined;
  readonly description: string;
  readonly amount?: bigint | undefined;
  readonly phone?: string | undefined;
  readonly receipt?: string | undefined;
  /** Where the result came from; `callback` unless said. */
  readonly source?: ResultSource | undefined;
  /** e.g. `stk-result`, `b2c-timeout`, `stk-query`; for the reconciliation report. */
  readonly operation?: string | undefined;
  /** What this kind of result must carry on success, as its provider documents it. */
  readonly required?: readonly ('amount' | 'phone' | 'idempotencyKey')[] | undefined;
  /** A Transaction Status result: our reference of the query it answers. */
  readonly queryReference?: string | undefined;
  /** An operator's decision: the request it is about (an operator names no provider id). */
  readonly attemptId?: string | undefined;
}

export type CallbackOutcome =
  | { readonly outcome: 'applied'; readonly payment: Payment }
  | { readonly outcome: 'already-applied'; readonly payment: Payment }
  | { readonly outcome: 'extra-credit'; readonly payment: Payment }
  | { readonly outcome: 'suspense'; readonly payment: Payment; readonly reason: string }
  | { readonly outcome: 'attempt-failed'; readonly payment: Payment }
  | { readonly outcome: 'in-doubt'; readonly payment: Payment }
  | { readonly outcome: 'pending'; readonly payment: Payment }
  | { readonly outcome: 'unmatched' }
  | { readonly outcome: 'suspicious'; readonly reason: string; readonly payment: Payment };

/** Something a person must look at now: money in suspense, a double payment, a forged-looking result. */
export interface PaymentAlert {
  readonly kind: 'suspense' | 'extra-credit' | 'suspicious';
  readonly paymentId: string;
  readonly reason: string;
  readonly amount: bigint;
}

export interface PaymentResultsOptions {
  readonly db: Kysely<Database>;
  readonly currency: string;
  readonly settleLoanRepayment?: (trx: Transaction<Database>, paymentId: string) => Promise<void>;
  readonly onAlert?: (alert: PaymentAlert) => void;
  /** How long after an in-doubt result the resolver asks the provider. */
  readonly recheckMs: number;
  /** How long after sending a provider's "no such transaction" may still change. */
  readonly settleWindowMs: number;
  readonly now: () => Date;
}

const DEPOSIT_KINDS: readonly PaymentKind[] = ['deposit', 'loan_repayment'];
/** How far back a result naming an unknown id may match a request whose reply we lost. */
const IDLESS_MATCH_WINDOW_MS = 24 * 3_600_000;

/** How many prompt windows a payout gets before "no such transaction" may fail it. */
const PAYOUT_SETTLE_FACTOR = 5;
/** Results that moved money: applied, credited again, or sent to suspense. */
const MOVING_OUTCOMES: readonly ResultOutcome[] = ['applied', 'extra-credit', 'suspense'];

const digitsOf = (phone: string) => phone.replace(/\D/g, '');
const money = (amount: bigint) => amount.toString();
const isHeld = (payment: Payment) => payment.kind === 'payout' || payment.kind === 'airtime';

function defaultOperation(kinds: readonly PaymentKind[]): string {
  if (kinds.includes('payout')) return 'b2c-result';
  if (kinds.includes('airtime')) return 'airtime-status';
  return 'stk-result';
}

/**
 * Applies provider results to payments: the only place a provider's word moves money. Every
 * result is kept with what was done with it. A result is matched to the attempt it answers
 * (by the provider's id, our echoed key, or for a request whose reply we lost, by what moved),
 * checked against the payment (kind, amount, phone, both ids), and then:
 * - an open payment settles (success), fails (the last live attempt failed) or goes in doubt;
 * - a second success for a paid deposit (two prompts approved) is credited too, flagged;
 * - a result that contradicts a final state moves the money to suspense, with an alert.
 */
export function createPaymentResults(options: PaymentResultsOptions) {
  const { db, currency, now } = options;
  const system = createSystemAccountLookup(db, currency);

  /**
   * The wallet's balance just after `payment` was held: the one the member's screen showed. Later
   * movements (a second purchase held before this one settled) are taken back out; the wallet is
   * locked while its postings are written, so their ids follow the order of its balances.
   */
  async function balanceAfterHold(trx: Transaction<Database>, walletId: string, payment: Payment): Promise<bigint> {
    const now = await balanceOf(trx, walletId);
    const later = await postingsAfterEntry(trx, walletId, `payment:${payment.id}:hold`);
    // The wallet is credit-normal: a posting of `p` changed its balance by `-p`.
    return later === undefined ? now : now + later;
  }

  /** Where the money of a held payment goes when it leaves us, and the account it waited in. */
  const heldAccounts = (payment: Payment): { inFlight: SystemAccountCode; outside: SystemAccountCode } =>
    payment.kind === 'payout'
      ? { inFlight: 'payouts_in_flight', outside: 'mobile_money_settlement' }
      : { inFlight: 'airtime_in_flight', outside: 'airtime_float' };

  /** Settles a held payment: on success the hold leaves to the provider, on failure it returns to the wallet. */
  async function settleHeld(trx: Transaction<Database>, payment: Payment, succeeded: boolean, reason: string) {
    const kind = payment.kind === 'payout' ? 'payout' : 'airtime';
    const accounts = heldAccounts(payment);
    const inFlight = await system(accounts.inFlight, trx);
    const wallet = await walletIdOf(trx, payment.memberId);
    const member = await requireMember(trx, payment.memberId);
    const destination = succeeded ? await system(accounts.outside, trx) : wallet;
    await postEntry(trx, {
      idempotencyKey: `payment:${payment.id}:${succeeded ? 'settle' : 'reverse'}`,
      kind: `${kind}.${succeeded ? 'settle' : 'reverse'}`,
      postings: [debit(inFlight, payment.amount), credit(destination, payment.amount)],
    });
    const template = `${kind === 'payout' ? 'withdrawal' : 'airtime'}-${succeeded ? 'succeeded' : 'failed'}` as const;
    await enqueueSms(trx, `payment:${payment.id}:outcome`, {
      to: member.phone,
      language: member.language,
      template: template === 'airtime-succeeded' ? 'airtime-sent' : template,
      params: {
        amount: money(payment.amount),
        currency: payment.currency,
        phone: payment.phone,
        // Success: the balance the screen showed when the money was held; failure: after the refund.
        balance: money(succeeded ? await balanceAfterHold(trx, wallet, payment) : await balanceOf(trx, wallet)),
        reason,
      },
    });
  }

  /** Credits a deposit (or applies a loan repayment) the provider confirmed, under `key`. */
  async function creditDeposit(
    trx: Transaction<Database>,
    payment: Payment,
    key: string,
    receipt: string | undefined,
  ): Promise<void> {
    if (payment.kind === 'loan_repayment' && key === `payment:${payment.id}:settle`) {
      if (options.settleLoanRepayment === undefined || payment.loanId === null) {
        throw new Error(`loan repayment ${payment.id} cannot be applied here`);
      }
      await options.settleLoanRepayment(trx, payment.id);
      return;
    }
    const wallet = await walletIdOf(trx, payment.memberId);
    await postEntry(trx, {
      idempotencyKey: key,
      kind: 'deposit',
      memo: receipt ?? '',
      postings: [debit(await system('mobile_money_settlement', trx), payment.amount), credit(wallet, payment.amount)],
    });
    if (payment.kind === 'loan_repayment') return;
    const member = await requireMember(trx, payment.memberId);
    const primary = key === `payment:${payment.id}:settle`;
    await enqueueSms(trx, primary ? `payment:${payment.id}:outcome` : `${key}:outcome`, {
      to: member.phone,
      language: member.language,
      template: 'deposit-succeeded',
      params: {
        amount: money(payment.amount),
        currency: payment.currency,
        balance: money(await balanceOf(trx, wallet)),
        receipt: receipt ?? '',
        reason: '',
      },
    });
  }

  async function depositFailed(trx: Transaction<Database>, payment: Payment, reason: string) {
    if (payment.kind !== 'deposit') return;
    const member = await requireMember(trx, payment.memberId);
    const wallet = await walletIdOf(trx, payment.memberId);
    await enqueueSms(trx, `payment:${payment.id}:outcome`, {
      to: member.phone,
      language: member.language,
      template: 'deposit-failed',
      params: {
        amount: money(payment.amount),
        currency: payment.currency,
        balance: money(await balanceOf(trx, wallet)),
        receipt: '',
        reason,
      },
    });
  }

  /** Fails an open payment for good: a held amount goes back to the wallet, with an SMS. */
  async function failOpen(trx: Transaction<Database>, payment: Payment, reason: string): Promise<void> {
    if (!(await settlePayment(trx, payment.id, { status: 'failed', failureReason: reason }))) return;
    if (isHeld(payment)) await settleHeld(trx, payment, false, reason);
    else await depositFailed(trx, payment, reason);
  }

  async function succeedOpen(trx: Transaction<Database>, payment: Payment, result: PaymentResult): Promise<void> {
    if (!(await settlePayment(trx, payment.id, { status: 'succeeded', receipt: result.receipt }))) return;
    if (isHeld(payment)) await settleHeld(trx, payment, true, result.description);
    else await creditDeposit(trx, payment, `payment:${payment.id}:settle`, result.receipt);
  }

  /**
   * The provider's word contradicts a final state: the money it says moved is booked against
   * suspense (never a member's wallet), for an operator to settle. `moved` is true when money
   * moved that we had not booked (a success after a failure), false when money we booked as
   * moved did not (a failure after a success).
   */
  async function toSuspense(
    trx: Transaction<Database>,
    payment: Payment,
    attempt: PaymentAttempt,
    moved: boolean,
  ): Promise<void> {
    const outside = await system(
      DEPOSIT_KINDS.includes(payment.kind) ? 'mobile_money_settlement' : heldAccounts(payment).outside,
      trx,
    );
    const suspense = await system('suspense', trx);
    // A provider may contradict itself more than once: each contradiction is its own entry.
    const earlier = await countAttemptResults(trx, attempt.id, ['suspense']);
    // Money in: the provider holds more for us than we booked (a deposit paid), or less (a payout
    // paid out). A deposit that moved, or a payout that did not, adds to our cash at the provider.
    const cashUp = DEPOSIT_KINDS.includes(payment.kind) === moved;
    await postEntry(trx, {
      idempotencyKey: `attempt:${attempt.id}:suspense:${earlier + 1}`,
      kind: 'suspense',
      memo: `${payment.kind} ${payment.id}: provider result contradicts ${payment.status}`,
      postings: cashUp
        ? [debit(outside, payment.amount), credit(suspense, payment.amount)]
        : [debit(suspense, payment.amount), credit(outside, payment.amount)],
    });
  }

  /** Checks a result against the payment it names; a reason when it does not fit. */
  function mismatch(
    expectedKinds: readonly PaymentKind[],
    payment: Payment,
    result: PaymentResult,
  ): string | undefined {
    if (!expectedKinds.includes(payment.kind)) return `a ${expectedKinds[0]} result for a ${payment.kind}`;
    if (result.idempotencyKey !== undefined && result.idempotencyKey !== payment.idempotencyKey) {
      return 'the provider ids name different payments';
    }
    if (result.source === 'operator') return undefined;
    // Our echoed key is checked on every result: a forged failure would refund a paid payout.
    if (result.required?.includes('idempotencyKey') && result.idempotencyKey === undefined) {
      return 'a result without our own id';
    }
    if (!result.succeeded) return undefined;
    for (const field of result.required ?? []) {
      if (result[field] === undefined) return `a success without ${field}`;
    }
    if (result.amount !== undefined && result.amount !== payment.amount) {
      return `amount ${result.amount} for ${payment.amount}`;
    }
    if (result.phone !== undefined && digitsOf(result.phone) !== digitsOf(payment.phone)) {
      return 'phone does not match';
    }
    return undefined;
  }

  /** The attempt a result answers, with its payment locked; attaches a newly learnt provider id. */
  async function locate(
    trx: Transaction<Database>,
    expectedKinds: readonly PaymentKind[],
    result: PaymentResult,
  ): Promise<{ payment: Payment; attempt: PaymentAttempt; learntId: boolean } | undefined> {
    if (result.queryReference !== undefined) {
      // Matched by our query id, echoed as OriginatorConversationID, or else by the query's ConversationID.
      const byId = await findAttemptByProviderId(trx, result.providerRequestId);
      const query =
        (await findAttemptByReference(trx, 'status_query', result.queryReference)) ??
        (byId?.kind === 'status_query' ? byId : undefined);
      if (query === undefined) return undefined;
      const payment = await lockPayment(trx, query.paymentId);
      const requests = await attemptsOf(trx, query.paymentId, 'request');
      const target = requests.filter(isLive).at(-1) ?? requests.at(-1);
      if (payment === undefined || target === undefined) return undefined;
      await markAttempt(trx, query.id, 'succeeded', { detail: result.description });
      return { payment, attempt: target, learntId: false };
    }
    let attempt =
      result.attemptId === undefined
        ? await findAttemptByProviderId(trx, result.providerRequestId)
        : await findAttemptById(trx, result.attemptId);
    if (attempt === undefined && result.idempotencyKey !== undefined) {
      const byKey = await findPaymentIdByKey(trx, result.idempotencyKey);
      const idless =
        byKey === undefined
          ? []
          : (await attemptsOf(trx, byKey, 'request')).filter((a) => a.providerRequestId === null && isLive(a));
      attempt = idless.at(-1);
    }
    if (attempt === undefined && result.succeeded && result.amount !== undefined && result.phone !== undefined) {
      const candidates = await idlessAttemptsFor(trx, {
        kinds: expectedKinds,
        phoneDigits: digitsOf(result.phone),
        amount: result.amount,
        since: new Date(now().getTime() - IDLESS_MATCH_WINDOW_MS),
      });
      // Only one request it can be: two would be a guess.
      if (candidates.length === 1) attempt = candidates[0];
    }
    if (attempt === undefined) return undefined;
    const payment = await lockPayment(trx, attempt.paymentId);
    if (payment === undefined) return undefined;
    // Read again under the payment's lock: a concurrent result may have moved it.
    const current = (await attemptsOf(trx, payment.id, 'request')).find((a) => a.id === attempt.id) ?? attempt;
    const learntId = current.providerRequestId === null && result.attemptId === undefined;
    if (learntId) await markAttempt(trx, current.id, current.state, { providerRequestId: result.providerRequestId });
    return { payment, attempt: current, learntId };
  }

  /** What the result does to the payment, once matched and checked. */
  async function decide(
    trx: Transaction<Database>,
    payment: Payment,
    attempt: PaymentAttempt,
    result: PaymentResult,
  ): Promise<CallbackOutcome> {
    const answered = (state: 'succeeded' | 'failed' | 'in_doubt' | 'absent') =>
      markAttempt(trx, attempt.id, state, { detail: result.description });

    if (result.verdict === 'unknown') {
      if (!isOpen(payment)) return { outcome: 'already-applied', payment };
      if (isLive(attempt)) await answered('in_doubt');
      await markInDoubt(trx, payment.id, result.description, new Date(now().getTime() + options.recheckMs));
      return { outcome: 'in-doubt', payment: { ...payment, status: 'in_doubt' } };
    }
    if (result.verdict === 'absent') {
      if (!isOpen(payment)) return { outcome: 'already-applied', payment };
      // Soon after sending, "no such transaction" may only mean "not there yet": ask again later.
      // A payout may sit in M-Pesa's queue well past a prompt's life: it is given longer.
      const window = options.settleWindowMs * (payment.kind === 'payout' ? PAYOUT_SETTLE_FACTOR : 1);
      const settledBy = new Date(attempt.sentAt.getTime() + window);
      if (settledBy > now()) {
        await scheduleCheck(trx, payment.id, settledBy);
        return { outcome: 'pending', payment };
      }
      if (isLive(attempt)) await answered('absent');
      await scheduleCheck(trx, payment.id, now());
      return { outcome: 'pending', payment };
    }
    const verdictState = result.succeeded ? 'succeeded' : 'failed';
    if (attempt.state === verdictState) return { outcome: 'already-applied', payment };

    if (isOpen(payment)) {
      await answered(verdictState);
      if (result.succeeded) {
        await succeedOpen(trx, payment, result);
        return { outcome: 'applied', payment: { ...payment, status: 'succeeded' } };
      }
      const others = (await attemptsOf(trx, payment.id, 'request')).filter((a) => a.id !== attempt.id && isLive(a));
      if (others.length > 0) {
        await scheduleCheck(trx, payment.id, new Date(now().getTime() + options.recheckMs));
        return { outcome: 'attempt-failed', payment };
      }
      await failOpen(trx, payment, result.description);
      return { outcome: 'applied', payment: { ...payment, status: 'failed' } };
    }

    // The payment is final. If money already moved on this attempt's word (or an operator's), the
    // provider now says the opposite: a contradiction. Otherwise this is its first word.
    const flipped = (await countAttemptResults(trx, attempt.id, MOVING_OUTCOMES)) > 0;
    if (
      result.succeeded &&
      result.receipt !== undefined &&
      (await receiptBookedElsewhere(trx, payment.id, attempt.id, result.receipt))
    ) {
      // The same M-Pesa receipt is the same money, whichever request it is reported against.
      return { outcome: 'already-applied', payment };
    }
    await answered(verdictState);
    // An operator who settled it as paid may have seen this very payment: a later success from
    // another request is held in suspense rather than credited again.
    const byOperator = await settledByOperator(trx, payment.id);
    if (
      !flipped &&
      !byOperator &&
      payment.status === 'succeeded' &&
      result.succeeded &&
      DEPOSIT_KINDS.includes(payment.kind)
    ) {
      // The member approved a second prompt: that money is theirs too.
      await creditDeposit(trx, payment, `attempt:${attempt.id}:settle`, result.receipt);
      return { outcome: 'extra-credit', payment };
    }
    if (!flipped && !result.succeeded) return { outcome: 'attempt-failed', payment };
    await toSuspense(trx, payment, attempt, result.succeeded);
    return {
      outcome: 'suspense',
      payment,
      reason: `${result.succeeded ? 'success' : 'failure'} after the payment ${payment.status}`,
    };
  }

  function alertFor(outcome: CallbackOutcome, amount: bigint): PaymentAlert | undefined {
    if (outcome.outcome === 'suspense' || outcome.outcome === 'suspicious') {
      return { kind: outcome.outcome, paymentId: outcome.payment.id, reason: outcome.reason, amount };
    }
    if (outcome.outcome === 'extra-credit') {
      return { kind: 'extra-credit', paymentId: outcome.payment.id, reason: 'a further prompt was paid', amount };
    }
    return undefined;
  }

  const storedOutcome = (outcome: CallbackOutcome): ResultOutcome =>
    outcome.outcome === 'already-applied' ? 'duplicate' : outcome.outcome;

  /** Applies one result in its own transaction, keeps it, and raises any alert after commit. */
  async function apply(
    trx: Transaction<Database>,
    expectedKinds: readonly PaymentKind[],
    result: PaymentResult,
  ): Promise<{ outcome: CallbackOutcome; resultId: bigint; replayed: CallbackOutcome[] }> {
    await lockProviderId(trx, result.providerRequestId);
    let located = await locate(trx, expectedKinds, result);
    let replayed: CallbackOutcome[] = [];
    if (located?.learntId) {
      // Results that came before we knew this id (its reply was lost) are applied first, in the
      // order they came; this one then meets the attempt and payment as they left them.
      replayed = await replayUnmatched(trx, await unmatchedResultsFor(trx, result.providerRequestId));
      located = await locate(trx, expectedKinds, result);
    }
    let outcome: CallbackOutcome;
    if (located === undefined) outcome = { outcome: 'unmatched' };
    else {
      const reason = mismatch(expectedKinds, located.payment, result);
      outcome =
        reason === undefined
          ? await decide(trx, located.payment, located.attempt, result)
          : { outcome: 'suspicious', reason, payment: located.payment };
    }
    const resultId = await recordProviderResult(trx, {
      source: result.source ?? 'callback',
      operation: result.operation ?? defaultOperation(expectedKinds),
      providerRequestId: result.providerRequestId,
      paymentId: located?.payment.id,
      attemptId: located?.attempt.id,
      succeeded: result.verdict === undefined ? result.succeeded : undefined,
      amount: result.amount,
      phone: result.phone,
      receipt: result.receipt,
      outcome: storedOutcome(outcome),
      detail: 'reason' in outcome ? outcome.reason : result.description,
      result: { ...result, expectedKinds },
    });
    return { outcome, resultId, replayed };
  }

  /** Results kept as unmatched, applied now that their id is known; with what each did. */
  async function replayUnmatched(
    trx: Transaction<Database>,
    rows: readonly { id: bigint; result: unknown }[],
  ): Promise<CallbackOutcome[]> {
    const outcomes: CallbackOutcome[] = [];
    for (const row of rows) {
      const stored = row.result as PaymentResult & { expectedKinds: PaymentKind[]; amount?: string };
      const result: PaymentResult = {
        ...stored,
        amount: stored.amount === undefined ? undefined : BigInt(stored.amount),
      };
      const applied = await apply(trx, stored.expectedKinds, result);
      if (applied.outcome.outcome !== 'unmatched') await markRematched(trx, row.id, applied.resultId);
      outcomes.push(applied.outcome, ...applied.replayed);
    }
    return outcomes;
  }

  return {
    apply,
    failOpen,
    alertFor,
    replayUnmatched,
  };
}

export type PaymentResults = ReturnType<typeof createPaymentResults>;
