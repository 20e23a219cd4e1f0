import { type Kysely, sql } from 'kysely';

// Operations: each outbox row names the request that wrote it (one member's trouble can be
// followed from the hop to the provider); finished rows move to `outbox_archive` after the
// retention period; `scheduled_runs` lets one instance of many run a daily job once.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('request_id', 'text').execute();

  await db.schema
    .createTable('outbox_archive')
    .addColumn('id', 'int8', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('done_at', 'timestamptz')
    .addColumn('request_id', 'text')
    .addColumn('archived_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('outbox_archive_key').on('outbox_archive').column('idempotency_key').execute();
  await db.schema.createIndex('outbox_archive_request').on('outbox_archive').column('request_id').execute();
  await db.schema.createIndex('outbox_request').on('outbox').column('request_id').execute();

  await db.schema
    .createTable('scheduled_runs')
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('run_on', 'date', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('result', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addPrimaryKeyConstraint('scheduled_runs_pk', ['job', 'run_on'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('scheduled_runs').execute();
  await db.schema.dropTable('outbox_archive').execute();
  await db.schema.dropIndex('outbox_request').execute();
  await db.schema.alterTable('outbox').dropColumn('request_id').execute();
}
