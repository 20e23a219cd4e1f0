import type { Kysely } from 'kysely';
import { type MigrationResultSet, Migrator } from 'kysely/migration';
import { migrations } from './migrations/index.js';

/**
 * Brings the schema to the latest migration. Kysely's migrator takes a lock in the database,
 * so several instances starting at once run each migration exactly once.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const result = await migrator.migrateToLatest();
  if (result.error !== undefined) throw result.error;
  return result;
}
