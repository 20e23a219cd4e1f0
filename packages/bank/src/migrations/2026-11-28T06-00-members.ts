import { type Kysely, sql } from 'kysely';

// Members, their wallets and PIN credentials. Balances are int8 minor units; a wallet can
// never go below zero, system accounts (added later) may.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('members')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('phone', 'text', (c) => c.notNull().unique())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('en', 'sw')`))
    .addColumn('failed_pin_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('pin_credentials')
    .addColumn('member_id', 'uuid', (c) => c.primaryKey().references('members.id').onDelete('cascade'))
    .addColumn('pin_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('member_id', 'uuid', (c) => c.references('members.id'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('balance', 'int8', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('wallet_balance_not_negative', sql`kind <> 'wallet' or balance >= 0`)
    .addCheckConstraint('wallet_has_member', sql`kind <> 'wallet' or member_id is not null`)
    .execute();

  await db.schema
    .createIndex('accounts_one_wallet_per_member')
    .on('accounts')
    .columns(['member_id', 'kind'])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('accounts').execute();
  await db.schema.dropTable('pin_credentials').execute();
  await db.schema.dropTable('members').execute();
}
