import { type Kysely, sql } from 'kysely';

// The gateway's end-of-session notifications. The final `input` is not kept: it is the
// session's whole chained text and carries every PIN the member typed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ussd_session_reports')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('service_code', 'text', (c) => c.notNull())
    .addColumn('network_code', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .addColumn('cost_currency', 'text')
    .addColumn('cost_minor', 'int8')
    .addColumn('duration_ms', 'int8')
    .addColumn('hops_count', 'integer')
    .addColumn('input_length', 'integer')
    .addColumn('last_app_response', 'text')
    .addColumn('error_message', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ussd_session_reports').execute();
}
