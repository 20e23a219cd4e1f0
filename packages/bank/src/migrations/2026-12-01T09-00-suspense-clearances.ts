import { type Kysely, sql } from 'kysely';

// An operator's clearing of a suspense entry (`pnpm ops suspense:clear`): which entry, of which
// payment, the entry that cleared it, where the money went, who and why. One row per suspense
// entry: it is cleared once, and the primary key says so even to two operators at once.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('suspense_clearances')
    .addColumn('entry_id', 'uuid', (c) => c.primaryKey().references('journal_entries.id'))
    .addColumn('payment_id', 'uuid', (c) => c.notNull().references('payments.id'))
    .addColumn('clearing_entry_id', 'uuid', (c) => c.notNull().unique().references('journal_entries.id'))
    .addColumn('cleared_to', 'text', (c) => c.notNull().check(sql`cleared_to in ('member', 'write-off', 'reverse')`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('cleared_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // The reconciliation finds the payments whose suspense was cleared on a day.
  await db.schema.createIndex('suspense_clearances_by_time').on('suspense_clearances').column('cleared_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('suspense_clearances').execute();
}
