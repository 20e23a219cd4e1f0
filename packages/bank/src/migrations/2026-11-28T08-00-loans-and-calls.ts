import { type Kysely, sql } from 'kysely';

// Loans (one open loan per member, enforced by a partial unique index), the payments that
// repay them, call-back requests and the records of finished calls.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('loans')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('member_id', 'uuid', (c) => c.notNull().references('members.id'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('principal', 'int8', (c) => c.notNull().check(sql`principal > 0`))
    .addColumn('fee', 'int8', (c) => c.notNull().check(sql`fee >= 0`))
    .addColumn('late_fee', 'int8', (c) => c.notNull().defaultTo(0))
    .addColumn('paid', 'int8', (c) => c.notNull().defaultTo(0))
    .addColumn('term_days', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'repaid')`))
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('disbursed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('overdue_since', 'timestamptz')
    .addColumn('last_reminder_on', 'text')
    .addColumn('closed_at', 'timestamptz')
    .addCheckConstraint('loans_never_over_repaid', sql`paid >= 0 and paid <= principal + fee + late_fee`)
    .execute();
  await db.schema
    .createIndex('loans_one_open_per_member')
    .on('loans')
    .column('member_id')
    .unique()
    .where(sql.ref('status'), '=', 'open')
    .execute();

  await db.schema
    .alterTable('payments')
    .addColumn('loan_id', 'uuid', (c) => c.references('loans.id'))
    .execute();

  await db.schema
    .createTable('call_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('member_id', 'uuid', (c) => c.notNull().references('members.id'))
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('provider_session_id', 'text')
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('call_requests_by_member')
    .on('call_requests')
    .columns(['member_id', 'requested_at'])
    .execute();

  await db.schema
    .createTable('call_records')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('direction', 'text')
    .addColumn('caller_number', 'text')
    .addColumn('destination_number', 'text')
    .addColumn('duration_seconds', 'integer')
    .addColumn('currency', 'text')
    .addColumn('amount_minor', 'int8')
    .addColumn('call_state', 'text')
    .addColumn('hangup_cause', 'text')
    .addColumn('dial_destination', 'text')
    .addColumn('dial_duration_seconds', 'integer')
    .addColumn('recording_url', 'text')
    .addColumn('status', 'text')
    .addColumn('choice', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('call_records').execute();
  await db.schema.dropTable('call_requests').execute();
  await db.schema.alterTable('payments').dropColumn('loan_id').execute();
  await db.schema.dropTable('loans').execute();
}
