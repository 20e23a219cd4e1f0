import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCost } from '../src/routes/ussd-events.route.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const report = {
  date: '2026-11-28 09:15:02',
  sessionId: 'ATUid_report_1',
  serviceCode: '*384*303#',
  networkCode: '63902',
  phoneNumber: '+254766000001',
  status: 'Success',
  cost: 'KES 0.10',
  durationInMillis: '15321',
  hopsCount: '6',
  input: '1*Jane Doe*Nairobi*4826*4826',
  lastAppResponse: 'CON Registration complete!',
};

const post = (fields: Record<string, string>) =>
  t.app.inject({
    method: 'POST',
    url: '/ussd/events',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });

describe('end-of-session reports', () => {
  it('stores a report once, without the PIN-bearing input', async () => {
    expect((await post(report)).json()).toEqual({ stored: true });
    expect((await post(report)).json()).toEqual({ stored: false });
    const rows = await t.database.db.selectFrom('ussd_session_reports').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      session_id: 'ATUid_report_1',
      status: 'Success',
      cost_currency: 'KES',
      cost_minor: 10n,
      duration_ms: 15321n,
      hops_count: 6,
      input_length: report.input.length,
    });
    expect(rows[0]?.ended_at?.toISOString()).toBe('2026-11-28T09:15:02.000Z');
    expect(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain('4826');
  });

  it('stores a failed session with its error', async () => {
    await post({ ...report, sessionId: 'ATUid_report_2', status: 'Failed', errorMessage: 'timeout', cost: '0' });
    const row = await t.database.db
      .selectFrom('ussd_session_reports')
      .selectAll()
      .where('session_id', '=', 'ATUid_report_2')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'Failed', error_message: 'timeout', cost_currency: null, cost_minor: 0n });
  });
});

describe('parseCost', () => {
  it('reads currency and minor units without floats', () => {
    expect(parseCost('KES 0.10')).toEqual({ currency: 'KES', minor: 10n });
    expect(parseCost('KES 1.5')).toEqual({ currency: 'KES', minor: 150n });
    expect(parseCost('0.0500')).toEqual({ currency: null, minor: 5n });
    expect(parseCost('KES 0.0012')).toEqual({ currency: 'KES', minor: 1n });
    expect(parseCost(undefined)).toEqual({ currency: null, minor: null });
  });
});
