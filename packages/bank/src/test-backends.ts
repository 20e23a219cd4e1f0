import type { Kysely } from 'kysely';
import { connectEmbedded } from './connect.js';
import type { Database } from './database.js';
import { migrateToLatest } from './migrate.js';
import { createTestDatabase } from './testing.js';

/** A migrated database to run the same tests on, and how to get rid of it. */
export interface TestBackend {
  readonly name: string;
  open(): Promise<{ db: Kysely<Database>; close: () => Promise<void> }>;
}

/** The real PostgreSQL server and PGlite (the embedded mode): what runs in SQL must hold on both. */
export const TEST_BACKENDS: readonly TestBackend[] = [
  {
    name: 'PostgreSQL',
    async open() {
      const database = await createTestDatabase();
      return { db: database.db, close: () => database.drop() };
    },
  },
  {
    name: 'PGlite',
    async open() {
      const db = await connectEmbedded('memory://');
      await migrateToLatest(db);
      return { db, close: () => db.destroy() };
    },
  },
];
