import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { pgliteDialect } from './pglite-dialect.js';
import { prepareMarkedStatements } from './prepared-statements.js';

const INT8_OID = 20;

// pg returns int8 as a string so that no precision is lost; money must become bigint
// without ever passing through a float.
const parseInt8 = (value: string) => BigInt(value);

export interface PostgresOptions {
  readonly url: string;
  readonly poolSize?: number;
  /** How long to wait for a connection before failing the query (the member waits too). */
  readonly connectTimeoutMs?: number;
  /** Receives the pool, for its gauges (connections in use, callers waiting). */
  readonly onPool?: (pool: pg.Pool) => void;
  /**
   * Send the hot statements marked `preparedAs` by name (see prepared-statements.ts). Only on a
   * direct connection, or behind PgBouncer 1.21+ with `max_prepared_statements` above 0.
   */
  readonly preparedStatements?: boolean;
}

/** Kysely on a real PostgreSQL server through a `pg` pool. */
export function connectPostgres(options: PostgresOptions): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3_000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its server emits 'error'; without a listener it would crash
  // the process. The next query gets a fresh client (or a clear error).
  pool.on('error', () => undefined);
  if (options.preparedStatements === true) pool.on('connect', prepareMarkedStatements);
  options.onPool?.(pool);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Kysely on PostgreSQL compiled to WebAssembly, in this process (PGlite): the embedded
 * default that needs nothing installed. Data is kept in `dataDir`, so a restart keeps members.
 */
export async function connectEmbedded(dataDir: string): Promise<Kysely<Database>> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  // Loaded only here: PGlite is large, and a server on PostgreSQL needs none of it. It is a
  // development dependency: the production image (`pnpm deploy --prod`) has none.
  const { PGlite } = await import('@electric-sql/pglite').catch((error: unknown) => {
    throw new Error(
      'The embedded database (PGlite) is not installed: it is a development dependency, left out of ' +
        'production installs. Set DATABASE_URL to a PostgreSQL server, or run from a full `pnpm install`.',
      { cause: error },
    );
  });
  const client = await PGlite.create({ dataDir, parsers: { [INT8_OID]: parseInt8 } });
  const dialect = pgliteDialect(client);
  return new Kysely<Database>({ dialect });
}
