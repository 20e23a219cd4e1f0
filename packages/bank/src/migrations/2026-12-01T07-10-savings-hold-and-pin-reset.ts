import { type Kysely, sql } from 'kysely';

// Savings secure loans: the part of a wallet held while a loan is open (the ledger refuses any
// movement that would take the wallet below it). A forgotten PIN: a one-time PIN that expires
// and must be changed, and an audit row for every hand an operator lays on a member.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('accounts')
    .addColumn('held', 'int8', (c) => c.notNull().defaultTo(0).check(sql`held >= 0`))
    .execute();
  // The one-statement transfer (ledger_transfer) stops at a wallet's floor: now the held part.
  await sql`
    create or replace function wallet_floor(p_account uuid) returns int8
    language sql stable as $$ select held from accounts where id = p_account $$`.execute(db);
  await db.schema
    .alterTable('pin_credentials')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('must_change', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .createTable('member_audit')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('member_id', 'uuid', (c) => c.notNull().references('members.id'))
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('pin-reset', 'unlock')`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('member_audit_by_member').on('member_audit').columns(['member_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('member_audit').execute();
  await db.schema.alterTable('pin_credentials').dropColumn('expires_at').dropColumn('must_change').execute();
  await sql`
    create or replace function wallet_floor(p_account uuid) returns int8
    language sql stable as $$ select 0::int8 $$`.execute(db);
  await db.schema.alterTable('accounts').dropColumn('held').execute();
}
