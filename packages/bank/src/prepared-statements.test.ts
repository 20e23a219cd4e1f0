import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres } from './connect.js';
import type { Database } from './database.js';
import { preparedAs } from './prepared-statements.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

let database: TestDatabase;
let prepared: Kysely<Database>;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  // One connection, so every statement below meets the same server session.
  prepared = connectPostgres({ url: database.url, poolSize: 1, preparedStatements: true });
});
afterAll(async () => {
  await prepared.destroy();
  await database.drop();
});

const preparedNames = async (db: Kysely<Database>) =>
  (await sql<{ name: string }>`select name from pg_prepared_statements order by name`.execute(db)).rows;

describe('marked statements', () => {
  it('are sent by name, prepared once per connection, where the pool opts in; others unnamed', async () => {
    const answers: number[] = [];
    for (const n of [1, 2, 3]) {
      const { rows } = await sql<{
        v: number;
      }>`${sql.raw(preparedAs('probe_twice'))} select ${n}::int * 2 as v`.execute(prepared);
      answers.push(rows[0]?.v ?? -1);
    }
    await sql`select ${4}::int as unmarked`.execute(prepared);
    expect(answers).toEqual([2, 4, 6]);
    expect(await preparedNames(prepared)).toEqual([{ name: 'probe_twice' }]);
  });

  it('are sent unnamed by a pool that does not opt in (PgBouncer in transaction mode)', async () => {
    const { rows } = await sql<{ v: number }>`${sql.raw(preparedAs('probe_plain'))} select 7 as v`.execute(database.db);
    expect(rows[0]?.v).toBe(7);
    await database.db.connection().execute(async (db) => expect(await preparedNames(db)).toEqual([]));
  });

  it('are prepared again when the server lost them (DISCARD ALL) or their result type changed', async () => {
    await sql`create function probe_answer() returns table (a int) language sql as $$ select 1 $$`.execute(prepared);
    const call = async () =>
      (await sql<{ a: number }>`${sql.raw(preparedAs('probe_answer'))} select * from probe_answer()`.execute(prepared))
        .rows[0];
    expect(await call()).toEqual({ a: 1 });
    await sql`discard all`.execute(prepared);
    expect(await call()).toEqual({ a: 1 });
    // A migration replaces the function with another result type: the cached plan cannot serve it.
    await sql`drop function probe_answer()`.execute(prepared);
    await sql`create function probe_answer() returns table (a int, b int) language sql as $$ select 2, 3 $$`.execute(
      prepared,
    );
    expect(await call()).toEqual({ a: 2, b: 3 });
  });
});
