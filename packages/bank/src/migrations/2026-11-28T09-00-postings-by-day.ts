import { type Kysely, sql } from 'kysely';

// Each posting carries its entry's kind and time, so "what left this wallet today" is a range
// scan of one index instead of a join against every journal entry of the day.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('postings')
    .addColumn('entry_kind', 'text')
    .addColumn('posted_at', 'timestamptz')
    .execute();
  await sql`update postings p set entry_kind = e.kind, posted_at = e.created_at from journal_entries e where e.id = p.entry_id`.execute(
    db,
  );
  await db.schema
    .alterTable('postings')
    .alterColumn('entry_kind', (c) => c.setNotNull())
    .execute();
  await db.schema
    .alterTable('postings')
    .alterColumn('posted_at', (c) => c.setNotNull())
    .execute();
  await db.schema
    .alterTable('postings')
    .alterColumn('posted_at', (c) => c.setDefault(sql`now()`))
    .execute();
  await db.schema
    .createIndex('postings_by_account_and_time')
    .on('postings')
    .columns(['account_id', 'posted_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('postings_by_account_and_time').execute();
  await db.schema.alterTable('postings').dropColumn('posted_at').dropColumn('entry_kind').execute();
}
