import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../src/metrics.js';
import { eventually } from './support/eventually.js';
import { gatewaySession, registerByUssd } from './support/gateway.js';
import { startTestService, type TestService } from './support/test-app.js';

const TOKEN = 'metrics-token-0123456789';
let t: TestService;
beforeAll(async () => {
  t = await startTestService({ RATE_LIMIT_HOPS: '100000', METRICS_TOKEN: TOKEN });
});
afterAll(() => t.close());

const scrape = async () => {
  const response = await t.app.inject({
    method: 'GET',
    url: '/metrics',
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain/);
  return response.body;
};
const value = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('GET /metrics', () => {
  it('refuses a scrape without the token', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const wrong = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('exports every series, fed by real hops, effects, payments and provider calls', async () => {
    const phone = '+254711900001';
    await registerByUssd(t.app, phone);
    const session = gatewaySession(t.app, { phone });
    await session.dial('1');
    await session.send('500');
    expect(await session.send('1')).toMatch(/^END You will receive an M-Pesa prompt/);

    const text = await eventually(async () => {
      const body = await scrape();
      const payments = ['pending', 'in_doubt', 'succeeded'].map((state) =>
        value(body, `sacco_payments{state="${state}"}`),
      );
      expect(payments.reduce((sum = 0, n = 0) => sum + n, 0)).toBe(1);
      expect(body).toMatch(/sacco_outbox_effects_total\{kind="mobile-money.deposit",outcome="delivered"\} 1/);
      return body;
    }, 15_000);
    for (const name of Object.values(METRIC_NAMES)) {
      if (name === METRIC_NAMES.dailyJobRuns || name === METRIC_NAMES.outboxArchived) continue;
      expect(text, name).toContain(`# TYPE ${name} `);
    }
    expect(text).toMatch(/sacco_ussd_hop_duration_seconds_bucket\{le="[^"]+",outcome="ran",journey="deposit"\} [1-9]/);
    expect(value(text, 'sacco_ussd_hops_total{outcome="ran"}')).toBeGreaterThanOrEqual(4);
    expect(text).toMatch(
      /sacco_provider_calls_total\{provider="mobile_money",operation="[A-Za-z]+",outcome="ok"\} [1-9]/,
    );
    expect(text).toMatch(/sacco_provider_call_duration_seconds_count\{provider="mobile_money"/);
    expect(value(text, 'sacco_payments_in_doubt_oldest_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(value(text, 'sacco_pin_hash_wait_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'sacco_pin_hash_queue_depth')).toBe(0);
    expect(value(text, 'sacco_pg_pool_in_use')).toBeGreaterThanOrEqual(0);
    expect(value(text, 'sacco_pg_pool_waiting')).toBe(0);
    expect(value(text, 'sacco_redis_errors_total')).toBe(0);
    expect(value(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('shows a due outbox message as backlog, by kind, with its age', async () => {
    // Claimed by a worker that is still within its lease: due, unfinished, and left alone.
    await t.database.db
      .insertInto('outbox')
      .values({
        kind: 'metrics.test',
        payload: '{}',
        idempotency_key: 'metrics-test-1',
        next_attempt_at: new Date(Date.now() - 60_000),
        status: 'sending',
        locked_until: new Date(Date.now() + 600_000),
      })
      .execute();
    const text = await scrape();
    expect(value(text, 'sacco_outbox_backlog{kind="metrics.test"}')).toBe(1);
    expect(value(text, 'sacco_outbox_oldest_due_age_seconds{kind="metrics.test"}')).toBeGreaterThanOrEqual(59);
  });
});

describe('METRICS_PORT', () => {
  it('serves /metrics on a port of its own, without a token', async () => {
    const port = 19_000 + Math.floor(Math.random() * 1000);
    const other = await startTestService({ METRICS_PORT: String(port) });
    try {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('# TYPE sacco_ussd_hops_total counter');
      // Not on the service's own port when no token is set.
      expect((await other.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    } finally {
      await other.close();
    }
  });
});
