import type { Kysely, Transaction } from 'kysely';
import { findWallet } from './account.repository.js';
import { createSystemAccountLookup } from './account-directory.js';
import type { Database, SuspenseClearedTo } from './database.js';
import { credit, debit, type Posting, postEntry } from './journal.js';
import { findEntryByKey } from './journal.repository.js';
import { LedgerError } from './ledger-error.js';
import { requireMember } from './member.repository.js';
import { enqueueSms } from './notification.js';
import { lockPayment, type Payment } from './payment.repository.js';
import { findAttemptById } from './payment-attempt.repository.js';
import { inTransaction } from './retry-transaction.js';
import {
  findClearanceTouching,
  insertClearance,
  lockSuspenseEntry,
  openSuspenseEntriesOfPayment,
  type SuspenseEntry,
} from './suspense.repository.js';

export type SuspenseClearErrorCode =
  | 'unknown-entry'
  | 'clearing-entry'
  | 'already-cleared'
  | 'not-a-payment-contradiction'
  | 'offsetting-entry-open'
  | 'write-off-of-money-owed'
  | 'insufficient-funds'
  | 'held-funds';

/** A clearing the bank refuses; nothing was moved. */
export class SuspenseClearError extends Error {
  constructor(
    readonly code: SuspenseClearErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SuspenseClearError';
  }
}

export interface SuspenseClearRequest {
  /** The journal entry that posted to suspense (`pnpm ops suspense:list`). */
  readonly entryId: string;
  /**
   * `member`: the money goes to (or comes back from) the payment's member; `write-off`: money
   * to recover is booked as a loss; `reverse`: the provider's contradiction was wrong, and the
   * entry is undone against the provider's account.
   */
  readonly to: SuspenseClearedTo;
  readonly actor: string;
  readonly reason: string;
}

export type SuspenseMovement = 'credited-to-member' | 'recovered-from-member' | 'written-off' | 'reversed';

export interface SuspenseClearing {
  readonly entryId: string;
  readonly clearingEntryId: string;
  readonly clearedTo: SuspenseClearedTo;
  readonly movement: SuspenseMovement;
  /** Minor units, positive. */
  readonly amount: bigint;
  readonly currency: string;
  readonly paymentId: string;
  readonly memberId: string;
  /** The member's balance afterwards, when their wallet moved. */
  readonly walletBalance: bigint | undefined;
}

export interface SuspenseServiceOptions {
  readonly db: Kysely<Database>;
  /** Named in the SMS that tells a member of the correction. */
  readonly supportPhone?: string;
  /** Called after a commit that queued an SMS. */
  readonly onQueued?: () => void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The entries `payment-results.ts` writes for a contradiction: one per contradiction of an attempt.
const CONTRADICTION_KEY = /^attempt:([^:]+):suspense:\d+$/;

/**
 * The contradiction an entry records and its payment, both locked (the entry, then the payment,
 * as a provider result locks the payment before it posts): two operators, or an operator and a
 * new provider result, take turns. Refuses anything else, or an entry already cleared.
 */
async function lockContradiction(
  trx: Transaction<Database>,
  entryId: string,
): Promise<{ entry: SuspenseEntry; payment: Payment }> {
  const entry = UUID.test(entryId) ? await lockSuspenseEntry(trx, entryId.toLowerCase()) : undefined;
  if (entry === undefined)
    throw new SuspenseClearError('unknown-entry', `no journal entry ${entryId} posted to suspense`);
  const earlier = await findClearanceTouching(trx, entry.entryId);
  if (earlier?.clearingEntryId === entry.entryId) {
    throw new SuspenseClearError(
      'clearing-entry',
      `entry ${entry.entryId} clears ${earlier.entryId}; it is not cleared in turn`,
    );
  }
  if (earlier !== undefined) {
    throw new SuspenseClearError(
      'already-cleared',
      `entry ${entry.entryId} was cleared to ${earlier.clearedTo} by ${earlier.actor} at ${earlier.clearedAt.toISOString()}`,
    );
  }
  const attemptId = CONTRADICTION_KEY.exec(entry.idempotencyKey)?.[1];
  const attempt = attemptId === undefined ? undefined : await findAttemptById(trx, attemptId);
  const payment = attempt === undefined ? undefined : await lockPayment(trx, attempt.paymentId);
  if (entry.kind !== 'suspense' || payment === undefined) {
    throw new SuspenseClearError(
      'not-a-payment-contradiction',
      `entry ${entry.entryId} (${entry.kind}) is not a provider contradiction of a payment`,
    );
  }
  return { entry, payment };
}

/**
 * An operator clears money held in suspense (docs/ledger.md, "Clearing suspense"), once per
 * entry, audited: money received for a member (a deposit paid after it failed, a payout that
 * never left) goes to the member's wallet; money to recover (a deposit credited but never
 * received, a payout or airtime given twice) comes back from the member's wallet, or is written
 * off as a loss; a contradiction the operator finds wrong on the provider's statement is
 * reversed. While contradictions of one payment that offset each other are open, each is only
 * reversed. The member gets an SMS when their wallet moves.
 */
export function createSuspenseService(options: SuspenseServiceOptions) {
  const { db } = options;
  const lookups = new Map<string, ReturnType<typeof createSystemAccountLookup>>();
  const systemOf = (currency: string) => {
    let lookup = lookups.get(currency);
    if (lookup === undefined) {
      lookup = createSystemAccountLookup(db, currency);
      lookups.set(currency, lookup);
    }
    return lookup;
  };

  /**
   * What the clearing posts, and what it means for the member. `amount` is the entry's size;
   * `owedToMember` its direction (suspense is debit-normal: a credit there is money received
   * that belongs to the member).
   */
  async function clearingOf(
    trx: Transaction<Database>,
    to: SuspenseClearedTo,
    entry: SuspenseEntry,
    payment: Payment,
    { amount, owedToMember }: { amount: bigint; owedToMember: boolean },
  ): Promise<{ movement: SuspenseMovement; postings: Posting[]; wallet: string | undefined }> {
    const suspense = entry.suspenseAccountId;
    if (to === 'reverse') {
      // The contradiction's own postings, turned round: as if the provider had never said it.
      const { postings } = await findEntryByKey(trx, entry.idempotencyKey);
      return { movement: 'reversed', postings: postings.map((p) => ({ ...p, amount: -p.amount })), wallet: undefined };
    }
    const offsetting = (await openSuspenseEntriesOfPayment(trx, payment.id)).filter(
      (other) => other.entryId !== entry.entryId && other.amount < 0n !== owedToMember,
    );
    if (offsetting.length > 0) {
      throw new SuspenseClearError(
        'offsetting-entry-open',
        `entry ${offsetting.map((other) => other.entryId).join(', ')} of the same payment offsets this one: ` +
          'check the provider statement and reverse the contradiction that did not happen',
      );
    }
    if (to === 'write-off') {
      if (owedToMember) {
        throw new SuspenseClearError(
          'write-off-of-money-owed',
          `entry ${entry.entryId} holds money received for the member: clear it to the member, not as a loss`,
        );
      }
      const writtenOff = await systemOf(entry.currency)('written_off', trx);
      return {
        movement: 'written-off',
        postings: [debit(writtenOff, amount), credit(suspense, amount)],
        wallet: undefined,
      };
    }
    const wallet = await findWallet(trx, payment.memberId);
    if (wallet === undefined || wallet.currency !== entry.currency) {
      throw new LedgerError('unknown-account', `member ${payment.memberId} has no ${entry.currency} wallet`);
    }
    return owedToMember
      ? {
          movement: 'credited-to-member',
          postings: [debit(suspense, amount), credit(wallet.id, amount)],
          wallet: wallet.id,
        }
      : {
          movement: 'recovered-from-member',
          postings: [debit(wallet.id, amount), credit(suspense, amount)],
          wallet: wallet.id,
        };
  }

  async function clear(request: SuspenseClearRequest): Promise<SuspenseClearing> {
    const reason = request.reason.trim();
    const actor = request.actor.trim();
    if (reason === '' || actor === '') throw new Error('clearing suspense needs an actor and a reason (it is audited)');
    const cleared = await inTransaction(db, async (trx) => {
      const { entry, payment } = await lockContradiction(trx, request.entryId);
      const owedToMember = entry.amount < 0n;
      const amount = owedToMember ? -entry.amount : entry.amount;
      const { movement, postings, wallet } = await clearingOf(trx, request.to, entry, payment, {
        amount,
        owedToMember,
      });

      let posted: Awaited<ReturnType<typeof postEntry>>;
      try {
        posted = await postEntry(trx, {
          idempotencyKey: `${entry.idempotencyKey}:clear`,
          kind: 'suspense.clear',
          memo: `${payment.kind} ${payment.id}: suspense ${movement.replaceAll('-', ' ')} by ${actor}: ${reason}`,
          postings,
        });
      } catch (error) {
        if (error instanceof LedgerError && (error.code === 'insufficient-funds' || error.code === 'held-funds')) {
          const why = error.code === 'held-funds' ? 'savings held for a loan' : 'too little in it';
          throw new SuspenseClearError(
            error.code,
            `the member's wallet cannot give back ${amount} (${why}); write it off, or clear it later`,
          );
        }
        throw error;
      }
      const clearance = await insertClearance(trx, {
        entryId: entry.entryId,
        paymentId: payment.id,
        clearingEntryId: posted.entryId,
        clearedTo: request.to,
        actor,
        reason,
      });

      const walletBalance = wallet === undefined ? undefined : posted.balances.get(wallet);
      if (walletBalance !== undefined) {
        const member = await requireMember(trx, payment.memberId);
        await enqueueSms(trx, `suspense-clear:${entry.entryId}`, {
          to: member.phone,
          language: member.language,
          template: movement === 'credited-to-member' ? 'correction-credit' : 'correction-debit',
          params: {
            amount: amount.toString(),
            balance: walletBalance.toString(),
            currency: entry.currency,
            supportPhone: options.supportPhone ?? '',
          },
        });
      }
      return {
        entryId: entry.entryId,
        clearingEntryId: clearance.clearingEntryId,
        clearedTo: clearance.clearedTo,
        movement,
        amount,
        currency: entry.currency,
        paymentId: payment.id,
        memberId: payment.memberId,
        walletBalance,
      };
    });
    if (cleared.walletBalance !== undefined) options.onQueued?.();
    return cleared;
  }

  return { clear };
}

export type SuspenseService = ReturnType<typeof createSuspenseService>;
