import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import { gatewaySession, registerByUssd } from './support/gateway.js';
import { startTestService, type TestService } from './support/test-app.js';

let t: TestService;
beforeAll(async () => {
  t = await startTestService({ RATE_LIMIT_HOPS: '100000' });
});
afterAll(() => t.close());

const hop = (sessionId: string, phone: string, text: string, requestId?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/ussd/callback',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(requestId === undefined ? {} : { 'x-request-id': requestId }),
    },
    payload: new URLSearchParams({ sessionId, serviceCode: '*384*303#', phoneNumber: phone, text }).toString(),
  });
const logLines = () => t.logs.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('request ids', () => {
  it("answers with the caller's x-request-id, or a fresh UUID when it has none or a strange one", async () => {
    const given = await hop('ATUid_rid-1', '+254711800001', '', 'edge-1234.abcd');
    expect(given.headers['x-request-id']).toBe('edge-1234.abcd');
    const none = await hop('ATUid_rid-2', '+254711800001', '');
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const strange = await hop('ATUid_rid-3', '+254711800001', '', 'bad id\twith spaces');
    expect(strange.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('names the request in its log lines and in the outbox rows its hop writes', async () => {
    const phone = '+254711800002';
    await registerByUssd(t.app, phone);
    const session = gatewaySession(t.app, { phone });
    await session.dial('1');
    await session.send('700');
    // The confirming hop, by hand, with the id the edge gave it.
    const confirm = await hop(session.sessionId, phone, '1*700*1', 'deposit-trace-0001');
    expect(confirm.body).toMatch(/^END You will receive an M-Pesa prompt/);

    const rows = await t.database.db
      .selectFrom('outbox')
      .select(['kind', 'request_id'])
      .where('request_id', '=', 'deposit-trace-0001')
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(1);

    const hopLine = logLines().find((line) => line.msg === 'ussd hop' && line.requestId === 'deposit-trace-0001');
    expect(hopLine).toBeDefined();
    // Every line written for that request carries the id once (no duplicate keys).
    for (const raw of t.logs.filter((line) => line.includes('deposit-trace-0001'))) {
      expect(raw.match(/"requestId"/g)?.length, raw).toBe(1);
    }
    // The deposit still completes.
    await eventually(async () => {
      const [payment] = await t.database.db
        .selectFrom('payments')
        .select('status')
        .where('phone', '=', phone)
        .execute();
      expect(payment?.status).toBe('succeeded');
    });
  });

  it('carries the id into the log lines of the outbox delivery the hop caused', async () => {
    const failing = t.logs.length;
    await t.database.db
      .insertInto('outbox')
      .values({
        kind: 'no.such.kind',
        payload: '{}',
        idempotency_key: 'rid-unknown-kind',
        request_id: 'trace-into-worker',
      })
      .execute();
    t.service.worker.wake();
    await eventually(async () => {
      const lines = t.logs.slice(failing).map((line) => JSON.parse(line) as Record<string, unknown>);
      const failed = lines.find((line) => line.msg === 'outbox delivery failed');
      expect(failed?.requestId).toBe('trace-into-worker');
    });
  });
});
