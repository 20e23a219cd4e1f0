/**
 * The ledger's invariants after the load: the bank's own audit (`auditLedger`), plus what this
 * bench knows it did (every transfer queued two SMS and is in the journal once).
 */
import { createOperationsService, type Database, type LedgerCheck, SMS_OUTBOX_KIND } from '@sacco/bank';
import { type Kysely, sql } from 'kysely';

export type Invariant = LedgerCheck;

function invariant(name: string, violations: readonly string[]): Invariant {
  return { name, violations: violations.slice(0, 5), count: violations.length };
}

export interface ExpectedActivity {
  /** Transfers the bench saw succeed: each must be exactly one `transfer` entry. */
  transfers: number;
}

export async function checkLedger(db: Kysely<Database>, expected?: ExpectedActivity): Promise<Invariant[]> {
  const results: Invariant[] = await createOperationsService({ db }).auditLedger();

  const transfers = await db
    .selectFrom('journal_entries')
    .select(db.fn.countAll<string>().as('n'))
    .where('kind', '=', 'transfer')
    .executeTakeFirstOrThrow();
  const sms = await db
    .selectFrom('outbox')
    .select(db.fn.countAll<string>().as('n'))
    .where('kind', '=', SMS_OUTBOX_KIND)
    .where(sql<string>`payload->>'template'`, 'in', ['transfer-sent', 'transfer-received'])
    .executeTakeFirstOrThrow();
  const entries = Number(transfers.n);
  results.push(
    invariant(
      'each transfer queued its two SMS',
      Number(sms.n) === 2 * entries ? [] : [`${entries} transfer entries, ${sms.n} transfer SMS queued`],
    ),
  );
  if (expected !== undefined) {
    results.push(
      invariant(
        'every transfer that returned is in the journal, once',
        entries === expected.transfers
          ? []
          : [`${expected.transfers} transfers returned, ${entries} transfer entries in the journal`],
      ),
    );
  }
  return results;
}

export const holds = (invariants: readonly Invariant[]) => invariants.every((i) => i.count === 0);
