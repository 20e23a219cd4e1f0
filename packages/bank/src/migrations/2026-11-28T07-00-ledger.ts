import { type Kysely, sql } from 'kysely';

// The double-entry ledger. Postings are signed: debit positive, credit negative, and every
// entry's postings sum to zero (checked where entries are written, and again by a deferred
// constraint trigger at commit). An account's stored balance is kept on its normal side:
// for a credit-normal account (a member's wallet) it is minus the sum of its postings.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('accounts')
    .addColumn('code', 'text')
    .addColumn('normal_side', 'text', (c) =>
      c.notNull().defaultTo('credit').check(sql`normal_side in ('debit', 'credit')`),
    )
    .execute();
  await db.schema.createIndex('accounts_system_code').on('accounts').columns(['code', 'currency']).unique().execute();

  await db.schema
    .createTable('journal_entries')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('memo', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('postings')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('entry_id', 'uuid', (c) => c.notNull().references('journal_entries.id'))
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addColumn('amount', 'int8', (c) => c.notNull().check(sql`amount <> 0`))
    .execute();
  await db.schema.createIndex('postings_by_account').on('postings').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('postings_by_entry').on('postings').column('entry_id').execute();

  await sql`
    create function postings_balance_check() returns trigger language plpgsql as $$
    begin
      if (select coalesce(sum(amount), 0) from postings where entry_id = new.entry_id) <> 0 then
        raise exception 'journal entry % does not balance', new.entry_id using errcode = '23514';
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create constraint trigger postings_balance
      after insert on postings deferrable initially deferred
      for each row execute function postings_balance_check()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger postings_balance on postings`.execute(db);
  await sql`drop function postings_balance_check`.execute(db);
  await db.schema.dropTable('postings').execute();
  await db.schema.dropTable('journal_entries').execute();
  await db.schema.dropIndex('accounts_system_code').execute();
  await db.schema.alterTable('accounts').dropColumn('normal_side').dropColumn('code').execute();
}
