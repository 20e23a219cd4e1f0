import { type Kysely, sql } from 'kysely';

// Every statement `ledger_transfer` runs (its own, the outflow read, the triggers and foreign-key
// checks its inserts fire) finds rows by key. On small tables the planner still prefers a
// sequential scan: 200 members fit in 3 pages, and the hourly outflow counters start empty and
// grow between statistics updates. Scanning every row of them twice per transfer cost about a
// tenth of PostgreSQL's CPU per transfer in the ledger bench; an index probe reads one page.
// So the function plans with sequential scans off (a cost penalty, not a ban: a statement with
// no usable index still scans). The setting holds only while the function runs.
const TRANSFER = 'ledger_transfer(uuid, uuid, int8, text, text, timestamptz, timestamptz, int8)';

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`alter function ${TRANSFER} set enable_seqscan = off`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`alter function ${TRANSFER} reset enable_seqscan`).execute(db);
}
