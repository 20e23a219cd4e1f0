import { createTestDatabase, type TestDatabase } from '@sacco/bank/testing';
import { loadConfig } from '@sacco/config';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createDomain } from '../src/domain.js';
import { openRuntime, type Runtime } from '../src/runtime.js';
import { postHop } from './support/gateway.js';
import { TEST_PEPPER, TEST_REDIS_URL } from './support/test-app.js';

// Nothing listens on port 1: a server that is down, as the service sees one.
const DEAD_POSTGRES = 'postgres://postgres@127.0.0.1:1/nothing';
const DEAD_REDIS = 'redis://127.0.0.1:1';

async function serviceOn(databaseUrl: string, redisUrl: string) {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: `test:outage:${Date.now()}:`,
    PIN_PEPPER: TEST_PEPPER,
    FAKE_PROVIDERS: 'all',
    WEBHOOK_TOKEN_OPTIONAL: 'ingress',
    LOG_LEVEL: 'silent',
  });
  const logger = pino({ level: 'silent' });
  const runtime = await openRuntime(config, logger);
  const domain = createDomain(config, runtime.db);
  const app = await buildApp({ config, db: runtime.db, sessions: runtime.sessions, logger, domain });
  return { app, runtime };
}

const hop = (sessionId: string) => ({
  sessionId,
  serviceCode: '*384*303#',
  phoneNumber: '+254777000001',
  networkCode: '63902',
  text: '',
});

let database: TestDatabase;
const opened: { app: { close(): Promise<unknown> }; runtime: Runtime }[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const { app, runtime } of opened) {
    await app.close();
    await runtime.close();
  }
  await database.drop();
});

describe('when a server the service needs is down', () => {
  it('answers a polite END, not a 5xx, while PostgreSQL is unreachable', async () => {
    const service = await serviceOn(DEAD_POSTGRES, TEST_REDIS_URL);
    opened.push(service);
    const response = await postHop(service.app, hop('ATUid_pg_down'));
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('END Sorry, something went wrong. Please try again later.');
    const ready = await service.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'not ready', sessions: 'ok' });
    // The payment counts could not be read either: said so, as a string.
    expect(typeof ready.json().payments).toBe('string');
  });

  it('answers a polite END, not a 5xx, while Redis is unreachable', async () => {
    const service = await serviceOn(database.url, DEAD_REDIS);
    opened.push(service);
    const response = await postHop(service.app, hop('ATUid_redis_down'));
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('END Sorry, something went wrong. Please try again later.');
    const ready = await service.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'not ready', database: 'ok' });
  });

  it('reports ready when both answer', async () => {
    const service = await serviceOn(database.url, TEST_REDIS_URL);
    opened.push(service);
    const ready = await service.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      database: 'ok',
      sessions: 'ok',
      providers: { mobileMoney: 'fake', africasTalking: 'fake' },
      payments: { inDoubt: 0, needsOperator: 0, suspenseEntries: 0, unmatchedLast24h: 0 },
    });
  });
});
