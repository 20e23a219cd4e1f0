import { type Kysely, sql } from 'kysely';

// Outbox rows are looked up by request id only to follow a request (README, "requestId"), so
// only rows that carry one need the index entry. The SMS a transfer queues carry none: two
// index entries fewer per transfer. A lookup `request_id = $1` still uses the partial index.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index outbox_request`.execute(db);
  await sql`create index outbox_request on outbox (request_id) where request_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index outbox_request`.execute(db);
  await sql`create index outbox_request on outbox (request_id)`.execute(db);
}
