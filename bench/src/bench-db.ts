import pg from 'pg';
import { PG_ADMIN_URL } from './infra.js';

/**
 * Drops and creates the bench database, so every run starts from an empty schema and the
 * members registered by the previous run cannot make registration fail or skew the numbers.
 */
export async function recreateDatabase(name: string): Promise<void> {
  // The name is spliced into DDL (identifiers cannot be bound parameters): allow plain ones only.
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}
