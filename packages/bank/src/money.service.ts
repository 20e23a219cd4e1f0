import type { Kysely, Transaction } from 'kysely';
import { balanceOf, lockAccounts, walletIdOf } from './account.repository.js';
import { createSystemAccountLookup } from './account-directory.js';
import type { Database } from './database.js';
import { credit, debit, postEntry } from './journal.js';
import { LedgerError } from './ledger-error.js';
import { checkDailyOutflow, checkRange, checkWholeUnits, type MoneyLimits } from './limits.js';
import { isLocked, type Member } from './member.js';
import { findMemberById } from './member.repository.js';
import { MoneyError } from './money-error.js';
import { enqueue } from './outbox.repository.js';
import { OUTBOX_AIRTIME_REQUEST, OUTBOX_DEPOSIT_REQUEST, OUTBOX_PAYOUT_REQUEST } from './outbox-kinds.js';
import { findPayment, insertPayment } from './payment.repository.js';
import { createPaymentEdge } from './payment-edge.js';
import { createPaymentResults, type PaymentAlert } from './payment-results.js';
import { inTransaction } from './retry-transaction.js';
import { MINI_STATEMENT_LINES, recentStatement } from './statement.repository.js';
import { postTransfer, type TransferRequest } from './transfer.js';

export interface MoneyServiceOptions {
  readonly db: Kysely<Database>;
  readonly currency: string;
  readonly limits: MoneyLimits;
  /** Called after a commit that queued an effect, so the outbox worker does not wait to poll. */
  readonly onQueued?: () => void;
  /** Applies a confirmed mobile-money loan repayment, in the callback's transaction (the loans service). */
  readonly settleLoanRepayment?: (trx: Transaction<Database>, paymentId: string) => Promise<void>;
  readonly now?: () => Date;
  /** Called after commit for what a person must look at now (suspense, a double payment, a suspicious result). */
  readonly onAlert?: (alert: PaymentAlert) => void;
  /** How soon the resolver asks about a payment that went in doubt. Default 30 s. */
  readonly recheckMs?: number;
  /** How long a prompt can still be approved after it was sent. Default 120 s. */
  readonly promptWindowMs?: number;
}

/**
 * Every movement of members' money. Each operation is one transaction that writes one
 * balanced, idempotent journal entry together with the outbox rows of its effects (SMS,
 * payout, airtime), so a crash or a failure leaves nothing half done.
 */
export function createMoneyService(options: MoneyServiceOptions) {
  const { db, currency, limits } = options;
  const now = options.now ?? (() => new Date());
  const system = createSystemAccountLookup(db, currency);
  const recheckMs = options.recheckMs ?? 30_000;
  const promptWindowMs = options.promptWindowMs ?? 120_000;
  const results = createPaymentResults({
    db,
    currency,
    settleLoanRepayment: options.settleLoanRepayment,
    onAlert: options.onAlert,
    recheckMs,
    settleWindowMs: promptWindowMs,
    now,
  });

  /** The member a movement is for, who must exist and not be locked out. */
  async function activeMember(trx: Transaction<Database>, memberId: string): Promise<Member> {
    const member = await findMemberById(trx, memberId);
    if (member === undefined) throw new MoneyError('unknown-member', `no member ${memberId}`);
    if (isLocked(member, now())) throw new MoneyError('member-locked', `member ${memberId} is locked`);
    return member;
  }

  async function run<T>(work: (trx: Transaction<Database>) => Promise<T>, queues: boolean): Promise<T> {
    try {
      const result = await inTransaction(db, work);
      if (queues) options.onQueued?.();
      return result;
    } catch (error) {
      if (error instanceof LedgerError && error.code === 'insufficient-funds') {
        throw new MoneyError('insufficient-funds', error.message);
      }
      if (error instanceof LedgerError && error.code === 'held-funds') {
        throw new MoneyError('held-for-loan', error.message);
      }
      throw error;
    }
  }

  /** Holds `amount` from the wallet for a provider payment and queues the request to the provider. */
  async function holdForPayment(
    kind: 'payout' | 'airtime',
    request: { memberId: string; phone: string; amount: bigint; idempotencyKey: string },
  ) {
    const range = kind === 'payout' ? limits.withdrawal : limits.airtime;
    checkRange(range, request.amount);
    if (kind === 'payout') checkWholeUnits(request.amount);
    const inFlight = kind === 'payout' ? 'payouts_in_flight' : 'airtime_in_flight';
    return run(async (trx) => {
      await activeMember(trx, request.memberId);
      const wallet = await walletIdOf(trx, request.memberId);
      await lockAccounts(trx, [wallet]);
      const { payment, created } = await insertPayment(trx, { kind, currency, ...request });
      if (created) {
        await checkDailyOutflow(trx, wallet, request.amount, limits, now());
        await postEntry(trx, {
          idempotencyKey: `payment:${payment.id}:hold`,
          kind: `${kind}.hold`,
          postings: [debit(wallet, request.amount), credit(await system(inFlight, trx), request.amount)],
        });
        await enqueue(trx, {
          kind: kind === 'payout' ? OUTBOX_PAYOUT_REQUEST : OUTBOX_AIRTIME_REQUEST,
          payload: { paymentId: payment.id },
          idempotencyKey: `${kind}:${payment.id}`,
        });
      }
      return { payment, balance: await balanceOf(trx, wallet) };
    }, true);
  }

  return {
    async walletBalance(memberId: string): Promise<bigint> {
      return balanceOf(db, await walletIdOf(db, memberId));
    },

    /** Wallet to wallet, one entry, SMS to both: one statement (`postTransfer`). */
    async transfer(request: TransferRequest) {
      const { entryId, duplicate, balance } = await postTransfer(db, request, { currency, limits, now: now() });
      options.onQueued?.();
      return { entryId, duplicate, balance };
    },

    /** Records a deposit request and queues the STK push; nothing moves until the provider confirms. */
    async requestDeposit(request: { memberId: string; phone: string; amount: bigint; idempotencyKey: string }) {
      checkRange(limits.deposit, request.amount);
      checkWholeUnits(request.amount);
      return run(async (trx) => {
        await activeMember(trx, request.memberId);
        const { payment, created } = await insertPayment(trx, { kind: 'deposit', currency, ...request });
        if (created) {
          await enqueue(trx, {
            kind: OUTBOX_DEPOSIT_REQUEST,
            payload: { paymentId: payment.id },
            idempotencyKey: `deposit:${payment.id}`,
          });
        }
        return payment;
      }, true);
    },

    /** Takes the amount from the wallet into payouts in flight and queues the payout. */
    requestWithdrawal: (request: { memberId: string; phone: string; amount: bigint; idempotencyKey: string }) =>
      holdForPayment('payout', request),

    /** Takes the amount from the wallet into airtime in flight and queues the airtime. */
    buyAirtime: (request: { memberId: string; phone: string; amount: bigint; idempotencyKey: string }) =>
      holdForPayment('airtime', request),

    ...createPaymentEdge({ db, results, run, now, recheckMs, promptWindowMs, onAlert: options.onAlert }),

    /** The mini-statement: the wallet's latest movements, newest first. */
    statement: (memberId: string, limit = MINI_STATEMENT_LINES) => recentStatement(db, memberId, limit),

    findPayment: (id: string) => findPayment(db, id),
  };
}

export type MoneyService = ReturnType<typeof createMoneyService>;
