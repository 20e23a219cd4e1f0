import type { Kysely } from 'kysely';
import type { Database, PaymentKind, PaymentStatus } from './database.js';
import { paymentPostings, suspensePostings } from './journal.repository.js';
import { paymentFacts, paymentsTouchedIn, resolutionCounts } from './payment.repository.js';
import { attemptsOfPayments } from './payment-attempt.repository.js';
import {
  type ProviderResultLine,
  providerResultLines,
  resultsOfPayments,
  UNRESOLVED_RESULT_OUTCOMES,
} from './provider-result.repository.js';

/** What the ledger moved for one payment: entries keyed `payment:<id>:…` or `attempt:<attemptId>:…`. */
export interface LedgerMovement {
  /** Into the member's wallet (credit positive: what we owe the member went up). */
  readonly wallet: bigint;
  /** Our cash at the provider (mobile-money settlement, or the airtime float): debit positive. */
  readonly settlement: bigint;
  /** The suspense account: debit positive. */
  readonly suspense: bigint;
  readonly entries: number;
}

/** What the provider results we hold say about one payment. */
export interface ProviderSays {
  /** Successes reported by the provider (not by an operator), whatever we did with them. */
  readonly successes: number;
  readonly failures: number;
  /** Results that could not say (in doubt, absent, pending). */
  readonly undecided: number;
  /** Operator decisions (`payment_resolutions`). */
  readonly operatorResolutions: number;
}

export interface ReconciledPayment {
  readonly id: string;
  readonly kind: PaymentKind;
  readonly status: PaymentStatus;
  readonly amount: bigint;
  readonly currency: string;
  readonly phone: string;
  readonly needsOperator: boolean;
  readonly doubtReason: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly ledger: LedgerMovement;
  readonly provider: ProviderSays;
}

export type DiscrepancyKind =
  | 'succeeded-without-provider-success'
  | 'provider-success-without-ledger'
  | 'failed-with-provider-success'
  | 'suspense-entry'
  | 'unmatched-result'
  | 'suspicious-result'
  | 'needs-operator'
  | 'in-doubt'
  | 'open';

export interface Discrepancy {
  readonly kind: DiscrepancyKind;
  readonly paymentId: string | null;
  /** The provider result or journal entry it is about, when there is one. */
  readonly resultId?: string | undefined;
  readonly entryId?: string | undefined;
  readonly amount: bigint | null;
  readonly detail: string;
}

export interface SuspenseEntry {
  readonly entryId: string;
  readonly at: Date;
  /** On suspense's normal side (debit positive): positive is money to recover. */
  readonly amount: bigint;
  /** `suspense` for a provider's contradiction, `suspense.clear` for an operator's clearing of one. */
  readonly kind: string;
  readonly memo: string;
}

export interface UnreconciledResult extends ProviderResultLine {
  readonly outcome: 'unmatched' | 'malformed' | 'error' | 'suspicious';
}

export interface ReconciliationReport {
  readonly from: Date;
  readonly to: Date;
  readonly payments: readonly ReconciledPayment[];
  readonly suspenseEntries: readonly SuspenseEntry[];
  readonly unreconciledResults: readonly UnreconciledResult[];
  /** Listed in this order: what contradicts the books first, then what is still open. */
  readonly discrepancies: readonly Discrepancy[];
  readonly totals: {
    readonly succeeded: bigint;
    readonly failed: bigint;
    readonly open: bigint;
    readonly wallet: bigint;
    readonly settlement: bigint;
    /** Net movement of suspense in the window. */
    readonly suspense: bigint;
  };
  readonly counts: {
    readonly payments: number;
    readonly succeeded: number;
    readonly failed: number;
    readonly reversed: number;
    readonly pending: number;
    readonly inDoubt: number;
    readonly needsOperator: number;
    /** Results from providers (not operators) about these payments. */
    readonly providerResults: number;
    readonly unmatched: number;
    readonly suspicious: number;
    /** Contradictions posted to suspense; `suspenseClearings`: an operator's clearings of them. */
    readonly suspenseEntries: number;
    readonly suspenseClearings: number;
    readonly discrepancies: number;
  };
}

const UNDECIDED_OUTCOMES = new Set(['pending', 'in-doubt']);
/** Outcomes whose success moved money: the ledger must show it. */
const APPLIED_SUCCESS = new Set(['applied', 'extra-credit']);
const SETTLEMENT_CODES = ['mobile_money_settlement', 'airtime_float'];

/**
 * The reconciliation of a window (a local day): the ledger against every provider result we hold.
 * Covers each payment created, settled or touched (a result, an operator decision) in the window,
 * and every payment still open at its end; journal entries to suspense and results that matched
 * no payment (or did not fit it) received in the window.
 */
export async function reconcile(db: Kysely<Database>, window: { from: Date; to: Date }): Promise<ReconciliationReport> {
  const { from, to } = window;
  const touched = await paymentsTouchedIn(db, window);
  const ids = touched.map(({ payment }) => payment.id);

  const ledger = new Map<string, { wallet: bigint; settlement: bigint; suspense: bigint; entries: Set<string> }>();
  const settleEntries = new Set<string>();
  const results = new Map<string, { successes: number; failures: number; undecided: number }>();
  let resolutions = new Map<string, number>();
  const appliedSuccesses: {
    id: string;
    paymentId: string;
    attemptId: string | null;
    outcome: string;
    amount: bigint | null;
  }[] = [];
  let providerResults = 0;

  if (ids.length > 0) {
    const attempts = await attemptsOfPayments(db, ids);
    const paymentOf = new Map<string, string>(ids.map((id) => [id, id]));
    for (const attempt of attempts) paymentOf.set(attempt.id, attempt.paymentId);

    let earliest = to;
    for (const { payment } of touched) if (payment.createdAt < earliest) earliest = payment.createdAt;
    // None of a payment's entries comes before it (a day's margin for clocks).
    const postings = await paymentPostings(db, [...paymentOf.keys()], new Date(earliest.getTime() - 86_400_000), to);
    for (const posting of postings) {
      const paymentId = paymentOf.get(posting.owner);
      if (paymentId === undefined) continue;
      const moved = ledger.get(paymentId) ?? { wallet: 0n, settlement: 0n, suspense: 0n, entries: new Set() };
      moved.entries.add(posting.entryId);
      const amount = posting.amount;
      if (posting.accountKind === 'wallet') moved.wallet -= amount;
      else if (posting.accountCode === 'suspense') moved.suspense += amount;
      else if (posting.accountCode !== null && SETTLEMENT_CODES.includes(posting.accountCode)) {
        moved.settlement += amount;
      }
      ledger.set(paymentId, moved);
      if (posting.key.endsWith(':settle') || posting.key.endsWith(':surplus')) settleEntries.add(posting.key);
    }

    const said = await resultsOfPayments(db, ids);
    providerResults = said.filter((result) => result.source !== 'operator').length;
    for (const result of said) {
      const paymentId = result.paymentId;
      const tally = results.get(paymentId) ?? { successes: 0, failures: 0, undecided: 0 };
      if (result.outcome === 'suspicious' || result.source === 'operator') {
        // Neither the provider's word on this payment, nor money moved by it.
      } else if (result.succeeded === true) tally.successes += 1;
      else if (result.succeeded === false) tally.failures += 1;
      else if (UNDECIDED_OUTCOMES.has(result.outcome) || result.succeeded === null) tally.undecided += 1;
      results.set(paymentId, tally);
      if (result.succeeded === true && APPLIED_SUCCESS.has(result.outcome)) {
        appliedSuccesses.push({
          id: result.id,
          paymentId,
          attemptId: result.attemptId,
          outcome: result.outcome,
          amount: result.amount,
        });
      }
    }

    resolutions = await resolutionCounts(db, ids);
  }

  const payments: ReconciledPayment[] = touched.map(({ payment, updatedAt }) => {
    const moved = ledger.get(payment.id);
    const tally = results.get(payment.id) ?? { successes: 0, failures: 0, undecided: 0 };
    return {
      ...paymentFacts(payment),
      createdAt: payment.createdAt,
      updatedAt,
      ledger: {
        wallet: moved?.wallet ?? 0n,
        settlement: moved?.settlement ?? 0n,
        suspense: moved?.suspense ?? 0n,
        entries: moved?.entries.size ?? 0,
      },
      provider: { ...tally, operatorResolutions: resolutions.get(payment.id) ?? 0 },
    };
  });

  const suspenseEntries: SuspenseEntry[] = (await suspensePostings(db, window)).map((posting) => ({
    entryId: posting.entryId,
    at: posting.at,
    amount: posting.amount,
    kind: posting.kind,
    memo: posting.memo,
  }));

  // The provider's contradictions; an operator's clearing (`suspense.clear`) settles one, it is not one.
  const contradictions = suspenseEntries.filter((e) => e.kind !== 'suspense.clear');

  const unreconciledResults = (await providerResultLines(db, {
    outcomes: [...UNRESOLVED_RESULT_OUTCOMES, 'suspicious'],
    from,
    to,
  })) as UnreconciledResult[];

  const discrepancies: Discrepancy[] = [];
  const byId = new Map(payments.map((p) => [p.id, p]));
  for (const p of payments) {
    if (p.status === 'succeeded' && p.provider.successes === 0 && p.provider.operatorResolutions === 0) {
      discrepancies.push({
        kind: 'succeeded-without-provider-success',
        paymentId: p.id,
        amount: p.amount,
        detail: `${p.kind} succeeded, and no provider success nor operator decision is on record`,
      });
    }
    if (p.status === 'failed' && p.provider.successes > 0) {
      discrepancies.push({
        kind: 'failed-with-provider-success',
        paymentId: p.id,
        amount: p.amount,
        detail: `${p.kind} failed, and the provider reported ${p.provider.successes} success(es)`,
      });
    }
  }
  for (const success of appliedSuccesses) {
    const payment = byId.get(success.paymentId);
    const key =
      success.outcome === 'extra-credit' && success.attemptId !== null
        ? [`attempt:${success.attemptId}:settle`]
        : [`payment:${success.paymentId}:settle`, `payment:${success.paymentId}:surplus`];
    if (!key.some((k) => settleEntries.has(k))) {
      discrepancies.push({
        kind: 'provider-success-without-ledger',
        paymentId: success.paymentId,
        resultId: success.id,
        amount: success.amount ?? payment?.amount ?? null,
        detail: `provider result ${success.id} (${success.outcome}) has no settling journal entry`,
      });
    }
  }
  for (const entry of contradictions) {
    discrepancies.push({
      kind: 'suspense-entry',
      paymentId: /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/.exec(entry.memo)?.[1] ?? null,
      entryId: entry.entryId,
      amount: entry.amount,
      detail: entry.memo === '' ? 'posted to suspense' : entry.memo,
    });
  }
  for (const result of unreconciledResults) {
    discrepancies.push({
      kind: result.outcome === 'suspicious' ? 'suspicious-result' : 'unmatched-result',
      paymentId: result.paymentId,
      resultId: result.id,
      amount: result.amount,
      detail: `${result.source} ${result.operation} ${result.providerRequestId ?? '(no id)'}: ${result.detail}`,
    });
  }
  for (const p of payments) {
    if (p.status !== 'pending' && p.status !== 'in_doubt') continue;
    const kind: DiscrepancyKind = p.needsOperator ? 'needs-operator' : p.status === 'in_doubt' ? 'in-doubt' : 'open';
    discrepancies.push({
      kind,
      paymentId: p.id,
      amount: p.amount,
      detail: `${p.kind} ${p.status}${p.doubtReason === null ? '' : `: ${p.doubtReason}`}`,
    });
  }

  const sum = (list: readonly ReconciledPayment[]) => list.reduce((total, p) => total + p.amount, 0n);
  const withStatus = (...statuses: PaymentStatus[]) => payments.filter((p) => statuses.includes(p.status));
  return {
    from,
    to,
    payments,
    suspenseEntries,
    unreconciledResults,
    discrepancies,
    totals: {
      succeeded: sum(withStatus('succeeded')),
      failed: sum(withStatus('failed')),
      open: sum(withStatus('pending', 'in_doubt')),
      wallet: payments.reduce((total, p) => total + p.ledger.wallet, 0n),
      settlement: payments.reduce((total, p) => total + p.ledger.settlement, 0n),
      suspense: suspenseEntries.reduce((total, e) => total + e.amount, 0n),
    },
    counts: {
      payments: payments.length,
      succeeded: withStatus('succeeded').length,
      failed: withStatus('failed').length,
      reversed: withStatus('reversed').length,
      pending: withStatus('pending').length,
      inDoubt: withStatus('in_doubt').length,
      needsOperator: payments.filter((p) => p.needsOperator).length,
      providerResults,
      unmatched: unreconciledResults.filter((r) => r.outcome !== 'suspicious').length,
      suspicious: unreconciledResults.filter((r) => r.outcome === 'suspicious').length,
      suspenseEntries: contradictions.length,
      suspenseClearings: suspenseEntries.length - contradictions.length,
      discrepancies: discrepancies.length,
    },
  };
}

/** The local day `YYYY-MM-DD` at `utcOffsetMinutes` east of UTC, as a UTC window. */
export function localDayWindow(day: string, utcOffsetMinutes: number): { from: Date; to: Date } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (match === null) throw new Error(`not a date (YYYY-MM-DD): ${day}`);
  const midnight = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (Number.isNaN(midnight) || new Date(midnight).toISOString().slice(0, 10) !== day) {
    throw new Error(`not a date (YYYY-MM-DD): ${day}`);
  }
  const from = new Date(midnight - utcOffsetMinutes * 60_000);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

/** The local date `YYYY-MM-DD` of `at`, `daysBack` days earlier. */
export function localDate(at: Date, utcOffsetMinutes: number, daysBack = 0): string {
  return new Date(at.getTime() + utcOffsetMinutes * 60_000 - daysBack * 86_400_000).toISOString().slice(0, 10);
}
