import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteDialect } from './pglite-dialect.js';

interface Scratch {
  rows: { label: string };
}

let db: Kysely<Scratch>;
beforeAll(async () => {
  db = new Kysely<Scratch>({ dialect: pgliteDialect(new PGlite()) });
  await sql`create table rows (label text not null)`.execute(db);
});
afterAll(async () => {
  await db.destroy();
});

describe('Kysely on PGlite', () => {
  it('runs transactions one after the other on its single session, never interleaved', async () => {
    let inside: () => void = () => {};
    const firstInside = new Promise<void>((resolve) => {
      inside = resolve;
    });
    // The first transaction writes, then waits while the second one starts, then fails.
    const first = db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('rows').values({ label: 'rolled back' }).execute();
        inside();
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error('changed my mind');
      })
      .catch((error: Error) => error.message);
    await firstInside;
    const second = db.transaction().execute(async (trx) => {
      // Interleaved, this would see the first one's uncommitted row and commit it.
      const seen = await trx.selectFrom('rows').select('label').execute();
      await trx.insertInto('rows').values({ label: 'committed' }).execute();
      return seen.map((row) => row.label);
    });
    expect(await first).toBe('changed my mind');
    expect(await second).toEqual([]);
    expect((await db.selectFrom('rows').select('label').execute()).map((row) => row.label)).toEqual(['committed']);
  });

  it('lets plain queries through between transactions, and after a failed one', async () => {
    await expect(db.transaction().execute(async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    const counts = await Promise.all(
      Array.from({ length: 20 }, () =>
        db.selectFrom('rows').select(sql<number>`count(*)::int`.as('n')).executeTakeFirst(),
      ),
    );
    expect(counts.every((row) => row?.n === 1)).toBe(true);
  });
});
