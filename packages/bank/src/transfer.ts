import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { callLedgerTransfer } from './journal.repository.js';
import { LedgerError, type LedgerErrorCode } from './ledger-error.js';
import { checkRange, type MoneyLimits, startOfLocalDay } from './limits.js';
import { MoneyError, type MoneyErrorCode } from './money-error.js';
import { retrying } from './retry-transaction.js';

export interface TransferRequest {
  readonly fromMemberId: string;
  readonly toMemberId: string;
  readonly amount: bigint;
  readonly idempotencyKey: string;
}

export interface TransferResult {
  readonly entryId: string;
  /** The key named an earlier, identical transfer: nothing moved, its entry is returned. */
  readonly duplicate: boolean;
  /** The sender's balance after the transfer (now, for a duplicate). */
  readonly balance: bigint;
  readonly recipientBalance: bigint;
}

/** The SQLSTATE `ledger_transfer` refuses with; the message is the refusal's code. */
export const TRANSFER_REFUSED = 'SX001';

const LEDGER_CODES: ReadonlySet<string> = new Set<LedgerErrorCode>([
  'unknown-account',
  'idempotency-conflict',
  'unbalanced-entry',
]);

function refusal(error: unknown): Error | undefined {
  const e = error as { code?: unknown; message?: unknown; detail?: unknown } | undefined;
  if (e?.code !== TRANSFER_REFUSED || typeof e.message !== 'string') return undefined;
  const detail = typeof e.detail === 'string' && e.detail !== '' ? e.detail : e.message;
  if (LEDGER_CODES.has(e.message)) return new LedgerError(e.message as LedgerErrorCode, detail);
  return new MoneyError(e.message as MoneyErrorCode, detail);
}

/**
 * Wallet to wallet in one statement: `ledger_transfer` (migration 2026-12-01T06-00) checks both
 * members, locks both wallets, writes the entry and its postings, moves the balances, checks the
 * daily outflow and queues both SMS, all in the statement's own transaction. Only the amount's
 * range is checked here, before the database is asked.
 */
export async function postTransfer(
  db: Kysely<Database>,
  request: TransferRequest,
  options: { currency: string; limits: MoneyLimits; now: Date },
): Promise<TransferResult> {
  const { currency, limits, now } = options;
  checkRange(limits.transfer, request.amount);
  const dayStart = startOfLocalDay(now, limits.utcOffsetMinutes);
  try {
    const row = await retrying(() =>
      callLedgerTransfer(db, { ...request, currency, now, dayStart, dailyOutflow: limits.dailyOutflow }),
    );
    if (row === undefined) throw new Error('ledger_transfer returned no row');
    return {
      entryId: row.entry_id,
      duplicate: row.duplicate,
      balance: BigInt(row.from_balance),
      recipientBalance: BigInt(row.to_balance),
    };
  } catch (error) {
    throw refusal(error) ?? error;
  }
}
