import type pg from 'pg';

/**
 * A statement whose text starts with this comment, `/* prepared <name> *\/`, is sent as a named
 * prepared statement: PostgreSQL parses and plans it once per connection instead of on every
 * call. Kysely and `pg` otherwise send every statement unnamed. Only hot statements of fixed text
 * opt in (the transfer call): each name is kept by every connection for its lifetime.
 */
const PREPARED = /^\/\* prepared ([a-z_]+) \*\//;

/** The marker for a statement's text; `name` must be unique to that text. */
export const preparedAs = (name: string) => `/* prepared ${name} */`;

/** Makes `client.query(text, values)` send marked statements by name (Kysely calls it so). */
export function prepareMarkedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    const name = args.length === 2 && typeof text === 'string' ? PREPARED.exec(text)?.[1] : undefined;
    return name === undefined ? query(...args) : query({ name, text, values });
  }) as typeof client.query;
}
