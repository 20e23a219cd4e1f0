import { createOperationsService, type Database, type OperationsService, type PaymentAttention } from '@sacco/bank';
import type { SessionBackend } from '@sacco/ussd';
import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { ProviderModes } from '../providers.js';

export interface HealthOptions {
  readonly db: Kysely<Database>;
  readonly sessions: SessionBackend;
  readonly timeoutMs: number;
  /** Reported as they are, so a fake provider is never mistaken for a real one. */
  readonly providers: ProviderModes;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}

async function check(probe: () => Promise<unknown>, ms: number): Promise<string> {
  try {
    await within(probe(), ms);
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The payments that want a person's eye; a failure here is reported, never a reason to be unready. */
async function attention(operations: OperationsService, ms: number): Promise<PaymentAttention | string> {
  try {
    return await within(operations.paymentAttention(), ms);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * `GET /healthz`: the process is alive. `GET /readyz`: PostgreSQL and the session store
 * answer; its body also says which providers are real and which are fakes, and counts the payments
 * an operator must look at (`pnpm ops`): in doubt, waiting for an operator, entries to suspense,
 * results unmatched in the last 24 hours.
 */
export async function healthRoutes(app: FastifyInstance, options: HealthOptions) {
  const operations = createOperationsService({ db: options.db });
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const [database, sessions, payments] = await Promise.all([
      check(() => sql`select 1`.execute(options.db), options.timeoutMs),
      check(() => options.sessions.ping(), options.timeoutMs),
      attention(operations, options.timeoutMs),
    ]);
    const ready = database === 'ok' && sessions === 'ok';
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not ready',
      database,
      sessions,
      providers: options.providers,
      payments,
    });
  });
}
