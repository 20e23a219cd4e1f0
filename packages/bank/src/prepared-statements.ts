import type pg from 'pg';

/**
 * A statement whose text starts with this comment, `/* prepared <name> *\/`, is sent as a named
 * prepared statement when the pool opts in (`preparedStatements`): PostgreSQL parses and plans
 * it once per connection instead of on every call. Kysely and `pg` otherwise send every
 * statement unnamed. Only hot statements of fixed text are marked (the transfer call).
 *
 * Named statements need each connection to be one server session for its lifetime: a direct
 * connection, or PgBouncer 1.21+ with `max_prepared_statements` above 0. In transaction pooling
 * without that, a name prepared on one server connection is missing (or already there) on the
 * next, which is why pools opt in.
 */
const PREPARED = /^\/\* prepared ([a-z_]+) \*\//;

/** The marker for a statement's text; `name` must be unique to that text. */
export const preparedAs = (name: string) => `/* prepared ${name} */`;

// The server no longer has the statement (`DISCARD ALL`, a reset by a pooler), or its plan's
// result type changed (a migration replaced the function): prepare it afresh, once.
const STALE_PREPARED = new Set(['26000', '0A000']);

interface ParsedStatements {
  connection?: { parsedStatements?: Record<string, unknown> };
}

/** Makes `client.query(text, values)` send marked statements by name (Kysely calls it so). */
export function prepareMarkedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const forget = async (name: string, code: string) => {
    delete (client as unknown as ParsedStatements).connection?.parsedStatements?.[name];
    // A statement the server still holds must go before the same name is prepared again.
    if (code === '0A000') await query(`deallocate ${name}`);
  };
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    const name = args.length === 2 && typeof text === 'string' ? PREPARED.exec(text)?.[1] : undefined;
    if (name === undefined) return query(...args);
    return query({ name, text, values }).catch(async (error: unknown) => {
      const code = (error as { code?: unknown } | undefined)?.code;
      if (typeof code !== 'string' || !STALE_PREPARED.has(code)) throw error;
      await forget(name, code);
      return query({ name, text, values });
    });
  }) as typeof client.query;
}
