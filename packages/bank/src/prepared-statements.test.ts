import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { preparedAs } from './prepared-statements.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});
afterAll(() => database.drop());

it('sends a marked statement by name, prepared once per connection, and others unnamed', async () => {
  const prepared = await database.db.transaction().execute(async (trx) => {
    const answers: number[] = [];
    for (const n of [1, 2, 3]) {
      const { rows } = await sql<{
        v: number;
      }>`${sql.raw(preparedAs('probe_twice'))} select ${n}::int * 2 as v`.execute(trx);
      answers.push(rows[0]?.v ?? -1);
    }
    await sql`select ${4}::int as unmarked`.execute(trx);
    expect(answers).toEqual([2, 4, 6]);
    return (await sql<{ name: string }>`select name from pg_prepared_statements order by name`.execute(trx)).rows;
  });
  expect(prepared).toEqual([{ name: 'probe_twice' }]);
});
