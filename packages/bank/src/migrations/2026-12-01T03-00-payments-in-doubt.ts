import { type Kysely, sql } from 'kysely';

// The provider edge: payments whose outcome we cannot know are `in_doubt`; every request we send
// a provider is an attempt of its own; every provider result we receive is kept; every hand an
// operator lays on a payment is audited.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table payments drop constraint payments_status_check`.execute(db);
  await sql`alter table payments add constraint payments_status_check
    check (status in ('pending', 'in_doubt', 'succeeded', 'failed', 'reversed'))`.execute(db);
  await db.schema
    .alterTable('payments')
    .addColumn('next_check_at', 'timestamptz')
    .addColumn('checks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('doubt_reason', 'text')
    .addColumn('needs_operator', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .createIndex('payments_to_check')
    .on('payments')
    .columns(['next_check_at'])
    .where(sql.ref('status'), 'in', ['pending', 'in_doubt'])
    .execute();

  await db.schema
    .createTable('payment_attempts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('payment_id', 'uuid', (c) => c.notNull().references('payments.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('request', 'status_query')`))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('provider_request_id', 'text', (c) => c.unique())
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('sending')
        .check(
          sql`state in ('sending', 'accepted', 'in_doubt', 'not_sent', 'refused', 'succeeded', 'failed', 'absent')`,
        ),
    )
    .addColumn('detail', 'text')
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('answered_at', 'timestamptz')
    .addUniqueConstraint('payment_attempts_seq', ['payment_id', 'kind', 'seq'])
    .execute();

  // Payments open at the upgrade get the attempt they already made, so their results still match
  // and the resolver checks them: accepted under the id we hold; in doubt when their request was
  // tried (its outbox message attempted) but no id was recorded; none while it waits to be sent.
  await sql`
    insert into payment_attempts (payment_id, kind, seq, reference, provider_request_id, state, detail, sent_at)
    select p.id, 'request', 1,
           case when p.kind = 'payout' then p.idempotency_key else coalesce(o.idempotency_key, p.idempotency_key) end,
           p.provider_request_id,
           case when p.provider_request_id is not null then 'accepted' else 'in_doubt' end,
           'made before attempts were recorded',
           p.updated_at
      from payments p
      left join outbox o on o.payload->>'paymentId' = p.id::text
           and o.kind in ('mobile-money.deposit', 'mobile-money.payout', 'airtime.send')
     where p.status = 'pending'
       and (p.provider_request_id is not null or coalesce(o.attempts, 0) > 0 or o.status in ('sending', 'done'))`.execute(
    db,
  );
  await sql`update payments set status = 'in_doubt', doubt_reason = 'sent before the upgrade; its id was never recorded'
             where id in (select payment_id from payment_attempts where state = 'in_doubt')`.execute(db);
  await sql`update payments set next_check_at = now() where status in ('pending', 'in_doubt')`.execute(db);

  await db.schema
    .createTable('provider_results')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('callback', 'query', 'operator')`))
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('provider_request_id', 'text')
    .addColumn('payment_id', 'uuid', (c) => c.references('payments.id'))
    .addColumn('attempt_id', 'uuid', (c) => c.references('payment_attempts.id'))
    .addColumn('succeeded', 'boolean')
    .addColumn('amount', 'int8')
    .addColumn('phone', 'text')
    .addColumn('receipt', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('result', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('provider_results_by_payment').on('provider_results').column('payment_id').execute();
  await db.schema
    .createIndex('provider_results_unmatched')
    .on('provider_results')
    .column('provider_request_id')
    .where(sql.ref('outcome'), '=', 'unmatched')
    .execute();
  await db.schema.createIndex('provider_results_by_day').on('provider_results').column('received_at').execute();

  await db.schema
    .createTable('payment_resolutions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('payment_id', 'uuid', (c) => c.notNull().references('payments.id'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('receipt', 'text')
    .addColumn('resolved_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('payment_resolutions').execute();
  await db.schema.dropTable('provider_results').execute();
  await db.schema.dropTable('payment_attempts').execute();
  await db.schema
    .alterTable('payments')
    .dropColumn('next_check_at')
    .dropColumn('checks')
    .dropColumn('doubt_reason')
    .dropColumn('needs_operator')
    .execute();
  await sql`alter table payments drop constraint payments_status_check`.execute(db);
  await sql`alter table payments add constraint payments_status_check
    check (status in ('pending', 'succeeded', 'failed', 'reversed'))`.execute(db);
}
