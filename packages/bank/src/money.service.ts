import type { Kysely, Transaction } from 'kysely';
import { createSystemAccountLookup, lockAccounts, lockWallets, walletIdOf } from './account-directory.js';
import type { Database, Language } from './database.js';
import { credit, debit, LedgerError, postEntry } from './journal.js';
import { checkDailyOutflow, checkRange, checkWholeUnits, type MoneyLimits } from './limits.js';
import { MoneyError } from './money-error.js';
import { enqueueSms, enqueueSmsBatch } from './notification.js';
import { enqueue } from './outbox.repository.js';
import { OUTBOX_AIRTIME_REQUEST, OUTBOX_DEPOSIT_REQUEST, OUTBOX_PAYOUT_REQUEST } from './outbox-kinds.js';
import {
  insertPayment,
  lockPayment,
  lockPaymentForCallback,
  type Payment,
  recordProviderRequest,
  settlePayment,
} from './payment.repository.js';
import { inTransaction } from './retry-transaction.js';
import { recentStatement } from './statement.repository.js';

export interface MoneyServiceOptions {
  readonly db: Kysely<Database>;
  readonly currency: string;
  readonly limits: MoneyLimits;
  /** Called after a commit that queued an effect, so the outbox worker does not wait to poll. */
  readonly onQueued?: () => void;
  /** Applies a confirmed mobile-money loan repayment, in the callback's transaction (the loans service). */
  readonly settleLoanRepayment?: (
    trx: Transaction<Database>,
    payment: { id: string; loanId: string; amount: bigint },
  ) => Promise<void>;
  readonly now?: () => Date;
}

/** A provider's word on a payment, already parsed from its own format. */
export interface PaymentResult {
  readonly providerRequestId: string;
  readonly idempotencyKey?: string | undefined;
  readonly succeeded: boolean;
  readonly description: string;
  readonly amount?: bigint | undefined;
  readonly phone?: string | undefined;
  readonly receipt?: string | undefined;
}

export type CallbackOutcome =
  | { readonly outcome: 'applied'; readonly payment: Payment }
  | { readonly outcome: 'already-applied'; readonly payment: Payment }
  | { readonly outcome: 'unmatched' }
  | { readonly outcome: 'suspicious'; readonly reason: string; readonly payment: Payment };

interface MemberContact {
  readonly phone: string;
  readonly language: Language;
  readonly fullName: string;
}

const money = (amount: bigint) => amount.toString();
const digitsOf = (phone: string) => phone.replace(/\D/g, '');

/**
 * Every movement of members' money. Each operation is one transaction that writes one
 * balanced, idempotent journal entry together with the outbox rows of its effects (SMS,
 * payout, airtime), so a crash or a failure leaves nothing half done.
 */
export function createMoneyService(options: MoneyServiceOptions) {
  const { db, currency, limits } = options;
  const now = options.now ?? (() => new Date());
  const system = createSystemAccountLookup(db, currency);

  async function contact(trx: Transaction<Database>, memberId: string): Promise<MemberContact> {
    const row = await trx
      .selectFrom('members')
      .select(['phone', 'language', 'full_name', 'locked_until'])
      .where('id', '=', memberId)
      .executeTakeFirst();
    if (row === undefined) throw new MoneyError('unknown-member', `no member ${memberId}`);
    if (row.locked_until !== null && row.locked_until > now()) {
      throw new MoneyError('member-locked', `member ${memberId} is locked`);
    }
    return { phone: row.phone, language: row.language, fullName: row.full_name };
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
      throw error;
    }
  }

  async function balanceOf(trx: Transaction<Database> | Kysely<Database>, walletId: string): Promise<bigint> {
    const row = await trx.selectFrom('accounts').select('balance').where('id', '=', walletId).executeTakeFirstOrThrow();
    return row.balance;
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
      await contact(trx, request.memberId);
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

  /** Settles a held payment: on success the hold leaves to the provider, on failure it returns to the wallet. */
  async function settleHeld(trx: Transaction<Database>, payment: Payment, succeeded: boolean, reason: string) {
    const kind = payment.kind === 'payout' ? 'payout' : 'airtime';
    const inFlight = await system(kind === 'payout' ? 'payouts_in_flight' : 'airtime_in_flight', trx);
    const wallet = await walletIdOf(trx, payment.memberId);
    const member = await trx
      .selectFrom('members')
      .select(['phone', 'language'])
      .where('id', '=', payment.memberId)
      .executeTakeFirstOrThrow();
    const destination = succeeded
      ? await system(kind === 'payout' ? 'mobile_money_settlement' : 'airtime_float', trx)
      : wallet;
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
        balance: money(await balanceOf(trx, wallet)),
        reason,
      },
    });
  }

  /** Applies a provider's result to the payment it names, once, and only if it matches. */
  async function applyResult(
    expectedKinds: readonly Payment['kind'][],
    result: PaymentResult,
    apply: (trx: Transaction<Database>, payment: Payment) => Promise<void>,
  ): Promise<CallbackOutcome> {
    return run(async (trx) => {
      const payment = await lockPaymentForCallback(trx, {
        providerRequestId: result.providerRequestId,
        idempotencyKey: result.idempotencyKey,
      });
      if (payment === undefined) return { outcome: 'unmatched' } as const;
      if (!expectedKinds.includes(payment.kind)) {
        return {
          outcome: 'suspicious',
          reason: `a ${expectedKinds[0]} result for a ${payment.kind}`,
          payment,
        } as const;
      }
      if (payment.status !== 'pending') return { outcome: 'already-applied', payment } as const;
      if (result.succeeded && result.amount !== undefined && result.amount !== payment.amount) {
        return { outcome: 'suspicious', reason: `amount ${result.amount} for ${payment.amount}`, payment } as const;
      }
      if (result.succeeded && result.phone !== undefined && digitsOf(result.phone) !== digitsOf(payment.phone)) {
        return { outcome: 'suspicious', reason: 'phone does not match', payment } as const;
      }
      await apply(trx, payment);
      await settlePayment(trx, payment.id, {
        status: result.succeeded ? 'succeeded' : 'failed',
        receipt: result.receipt,
        failureReason: result.succeeded ? undefined : result.description,
      });
      return {
        outcome: 'applied',
        payment: { ...payment, status: result.succeeded ? 'succeeded' : 'failed' },
      } as const;
    }, true);
  }

  return {
    async walletBalance(memberId: string): Promise<bigint> {
      return balanceOf(db, await walletIdOf(db, memberId));
    },

    /** Wallet to wallet, one entry, SMS to both. */
    async transfer(request: { fromMemberId: string; toMemberId: string; amount: bigint; idempotencyKey: string }) {
      checkRange(limits.transfer, request.amount);
      if (request.fromMemberId === request.toMemberId) throw new MoneyError('self-transfer', 'cannot send to oneself');
      return run(async (trx) => {
        const sender = await contact(trx, request.fromMemberId);
        // A locked member cannot move money, but can still receive it.
        const recipient = await trx
          .selectFrom('members')
          .select(['phone', 'language', 'full_name'])
          .where('id', '=', request.toMemberId)
          .executeTakeFirst();
        if (recipient === undefined) throw new MoneyError('unknown-member', `no member ${request.toMemberId}`);
        const wallets = await lockWallets(trx, [request.fromMemberId, request.toMemberId]);
        const from = wallets.get(request.fromMemberId) as string;
        const to = wallets.get(request.toMemberId) as string;
        const { entryId, duplicate, balances } = await postEntry(trx, {
          idempotencyKey: request.idempotencyKey,
          kind: 'transfer',
          memo: `${sender.fullName} -> ${recipient.full_name}`,
          postings: [debit(from, request.amount), credit(to, request.amount)],
        });
        if (duplicate) return { entryId, duplicate, balance: await balanceOf(trx, from) };
        // The limit counts this transfer too: it is checked after the entry, under the wallets' locks.
        await checkDailyOutflow(trx, from, 0n, limits, now());
        const fromBalance = balances.get(from) as bigint;
        const toBalance = balances.get(to) as bigint;
        await enqueueSmsBatch(trx, [
          {
            key: `${entryId}:sender`,
            sms: {
              to: sender.phone,
              language: sender.language,
              template: 'transfer-sent',
              params: {
                amount: money(request.amount),
                currency,
                name: recipient.full_name,
                balance: money(fromBalance),
              },
            },
          },
          {
            key: `${entryId}:recipient`,
            sms: {
              to: recipient.phone,
              language: recipient.language,
              template: 'transfer-received',
              params: { amount: money(request.amount), currency, name: sender.fullName, balance: money(toBalance) },
            },
          },
        ]);
        return { entryId, duplicate, balance: fromBalance };
      }, true);
    },

    /** Records a deposit request and queues the STK push; nothing moves until the provider confirms. */
    async requestDeposit(request: { memberId: string; phone: string; amount: bigint; idempotencyKey: string }) {
      checkRange(limits.deposit, request.amount);
      checkWholeUnits(request.amount);
      return run(async (trx) => {
        await contact(trx, request.memberId);
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

    /** The provider's deposit result: credits the wallet exactly once, and only when it matches. */
    settleDeposit(result: PaymentResult) {
      return applyResult(['deposit', 'loan_repayment'], result, async (trx, payment) => {
        if (payment.kind === 'loan_repayment') {
          if (!result.succeeded) return;
          if (options.settleLoanRepayment === undefined || payment.loanId === null) {
            throw new Error(`loan repayment ${payment.id} cannot be applied here`);
          }
          await options.settleLoanRepayment(trx, { id: payment.id, loanId: payment.loanId, amount: payment.amount });
          return;
        }
        const member = await trx
          .selectFrom('members')
          .select(['phone', 'language'])
          .where('id', '=', payment.memberId)
          .executeTakeFirstOrThrow();
        const wallet = await walletIdOf(trx, payment.memberId);
        if (result.succeeded) {
          await postEntry(trx, {
            idempotencyKey: `payment:${payment.id}:settle`,
            kind: 'deposit',
            memo: result.receipt ?? '',
            postings: [
              debit(await system('mobile_money_settlement', trx), payment.amount),
              credit(wallet, payment.amount),
            ],
          });
        }
        await enqueueSms(trx, `payment:${payment.id}:outcome`, {
          to: member.phone,
          language: member.language,
          template: result.succeeded ? 'deposit-succeeded' : 'deposit-failed',
          params: {
            amount: money(payment.amount),
            currency: payment.currency,
            balance: money(await balanceOf(trx, wallet)),
            receipt: result.receipt ?? '',
            reason: result.description,
          },
        });
      });
    },

    /** Takes the amount from the wallet into payouts in flight and queues the payout. */
    requestWithdrawal: (request: { memberId: string; phone: string; amount: bigint; idempotencyKey: string }) =>
      holdForPayment('payout', request),

    settlePayout: (result: PaymentResult) =>
      applyResult(['payout'], result, (trx, payment) => settleHeld(trx, payment, result.succeeded, result.description)),

    /** Takes the amount from the wallet into airtime in flight and queues the airtime. */
    buyAirtime: (request: { memberId: string; phone: string; amount: bigint; idempotencyKey: string }) =>
      holdForPayment('airtime', request),

    settleAirtime: (result: PaymentResult) =>
      applyResult(['airtime'], result, (trx, payment) =>
        settleHeld(trx, payment, result.succeeded, result.description),
      ),

    /** The provider's id for a payment we asked it for (matched later by the callback). */
    recordProviderRequest: (paymentId: string, providerRequestId: string) =>
      recordProviderRequest(db, paymentId, providerRequestId),

    /** A provider refused the request outright: a held payment goes back to the wallet, with an SMS. */
    async failPaymentRequest(paymentId: string, reason: string): Promise<void> {
      await run(async (trx) => {
        const payment = await lockPayment(trx, paymentId);
        if (payment === undefined || payment.status !== 'pending') return;
        if (payment.kind === 'payout' || payment.kind === 'airtime') await settleHeld(trx, payment, false, reason);
        await settlePayment(trx, payment.id, { status: 'failed', failureReason: reason });
      }, true);
    },

    /** The mini-statement: the wallet's latest movements, newest first. */
    statement: (memberId: string, limit = 5) => recentStatement(db, memberId, limit),

    findPayment: (id: string) => db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst(),
  };
}

export type MoneyService = ReturnType<typeof createMoneyService>;
