import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { PinHasher } from '@sacco/bank';
import { createTestDatabase, type TestDatabase } from '@sacco/bank/testing';
import { loadConfig } from '@sacco/config';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { createDomain } from '../../src/domain.js';
import { requestIdMixin } from '../../src/request-id.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { type Service, startService } from '../../src/service.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_PEPPER = 'test-pepper-0123456789abcdef';

export interface TestService extends TestApp {
  readonly service: Service;
}

/**
 * The whole service as `server.ts` runs it, listening on a free port: the app, the fake
 * providers (their callbacks reach the app over HTTP) and the outbox worker.
 */
export async function startTestService(env: Record<string, string> = {}): Promise<TestService> {
  const base = await startTestApp({ FAKE_PAYMENTS_DELAY_MS: '20', OUTBOX_POLL_MS: '50', ...env });
  const config = loadConfig({ ...base.env, PORT: '0' });
  const service = await startService({
    config,
    logger: base.logger,
    runtime: base.runtime,
    port: 0,
    host: '127.0.0.1',
  });
  return {
    ...base,
    app: service.app,
    service,
    async close() {
      await service.close();
      await base.close();
    },
  };
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly database: TestDatabase;
  readonly runtime: Runtime;
  /** A Redis client for the test's own checks, and the key prefix of this app's sessions. */
  readonly redis: Redis;
  readonly redisPrefix: string;
  /** Every log line the app wrote. */
  readonly logs: string[];
  readonly logger: pino.Logger;
  /** The environment the app was configured from. */
  readonly env: Record<string, string>;
  /** How many PINs were evaluated against a stored hash (slow hash runs), over all instances. */
  pinVerifications(): number;
  /** Another instance of the service on the same PostgreSQL and Redis (a second process). */
  startPeer(): Promise<FastifyInstance>;
  close(): Promise<void>;
}

/**
 * The real service, wired exactly as `server.ts` wires it, on a fresh database of the real
 * PostgreSQL and a key prefix of its own on the real Redis.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const redisPrefix = `test:${randomUUID()}:`;
  const fullEnv: Record<string, string> = {
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: redisPrefix,
    PIN_PEPPER: TEST_PEPPER,
    // A cheap scrypt keeps the suite fast; production's cost is the default 16384.
    PIN_SCRYPT_COST: '1024',
    DATABASE_POOL_SIZE: '4',
    // Production config refuses to boot without provider credentials: tests choose the fakes
    // explicitly (a caller may override, e.g. FAKE_PROVIDERS: 'none' with credentials).
    FAKE_PROVIDERS: 'all',
    // Call-backs at any hour: the tests must not depend on the time of day (call-hours.test.ts has the rule).
    CALL_HOURS: '0-24',
    // The tests post hops without a token, as behind an authenticating ingress; the token's own
    // tests set WEBHOOK_TOKEN, which then applies.
    WEBHOOK_TOKEN_OPTIONAL: 'ingress',
    ...env,
  };
  const config = loadConfig(fullEnv);
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: 'debug', mixin: requestIdMixin }, stream);
  const runtimes: Runtime[] = [];
  const apps: FastifyInstance[] = [];
  let pinVerifications = 0;
  const countVerifications = (hasher: PinHasher): PinHasher => ({
    ...hasher,
    verify(pin, stored) {
      pinVerifications += 1;
      return hasher.verify(pin, stored);
    },
  });

  async function startInstance() {
    const runtime = await openRuntime(config, logger);
    const domain = createDomain(config, runtime.db, { wrapPinHasher: countVerifications });
    const app = await buildApp({ config, db: runtime.db, sessions: runtime.sessions, logger, domain });
    runtimes.push(runtime);
    apps.push(app);
    return { runtime, app };
  }

  const first = await startInstance();
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  return {
    app: first.app,
    runtime: first.runtime,
    database,
    redis,
    redisPrefix,
    logs,
    logger,
    env: fullEnv,
    pinVerifications: () => pinVerifications,
    startPeer: async () => (await startInstance()).app,
    async close() {
      await Promise.all(apps.map((app) => app.close()));
      await Promise.all(runtimes.map((runtime) => runtime.close()));
      const keys = await redis.keys(`${redisPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      await database.drop();
    },
  };
}
