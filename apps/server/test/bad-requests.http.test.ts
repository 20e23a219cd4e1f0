import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postHop } from './support/gateway.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const good = {
  sessionId: 'ATUid_bad_requests',
  serviceCode: '*384*303#',
  phoneNumber: '+254744000001',
  networkCode: '63902',
  text: '',
};

async function nothingWritten() {
  expect(await t.redis.keys(`${t.redisPrefix}s:*`)).toEqual([]);
  expect(await t.database.db.selectFrom('members').select('id').execute()).toEqual([]);
  expect(await t.database.db.selectFrom('ussd_session_reports').select('session_id').execute()).toEqual([]);
}

describe('bad gateway requests', () => {
  it.each([
    ['no sessionId', { ...good, sessionId: undefined }, /sessionId/],
    ['no text', { ...good, text: undefined }, /text/],
    ['no phoneNumber', { ...good, phoneNumber: undefined }, /phoneNumber/],
    ['a phone number that is not one', { ...good, phoneNumber: 'not-a-phone' }, /phoneNumber/],
    ['a number too short for any country', { ...good, phoneNumber: '+1234567' }, /phoneNumber/],
    ['a number of no calling code', { ...good, phoneNumber: '+999711000111' }, /phoneNumber/],
    ['a Kenyan number a digit short', { ...good, phoneNumber: '+25474400000' }, /phoneNumber/],
    ['a service code with letters', { ...good, serviceCode: '*384*abc#' }, /serviceCode/],
    ['a session id with spaces', { ...good, sessionId: 'a b c' }, /sessionId/],
  ])('answers 400 to %s and writes nothing', async (_name, fields, message) => {
    const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
    const response = await postHop(t.app, defined);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(message);
    await nothingWritten();
  });

  it('reads a number sent without a calling code as a national one of COUNTRY_CODE', async () => {
    const response = await postHop(t.app, { ...good, sessionId: 'ATUid_national', phoneNumber: '744000009' });
    expect(response.statusCode).toBe(200);
    const logged = t.logs.find((line) => line.includes('ATUid_national') && line.includes('"phone"'));
    expect(logged).toContain('+2547');
  });

  it('answers 400 to an oversized body', async () => {
    const response = await postHop(t.app, { ...good, text: 'x'.repeat(20_000) });
    expect(response.statusCode).toBe(400);
    await nothingWritten();
  });

  it('answers 400 to a body that is not a form', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/ussd/callback',
      headers: { 'content-type': 'application/json' },
      payload: '{"sessionId":',
    });
    expect(response.statusCode).toBe(400);
    await nothingWritten();
  });

  it('answers 400 to an end-of-session report without its fields', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/ussd/events',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ sessionId: 'x', status: 'Maybe' }).toString(),
    });
    expect(response.statusCode).toBe(400);
    await nothingWritten();
  });
});

const form = (url: string, fields: Record<string, string>) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });

const report = {
  date: '2026-11-28 09:15:02',
  sessionId: 'ATUid_hygiene',
  serviceCode: '*384*303#',
  networkCode: '63902',
  phoneNumber: '+254744000002',
  status: 'Success',
  cost: 'KES 0.10',
  durationInMillis: '15321',
  hopsCount: '6',
  input: '1*500*1',
  lastAppResponse: 'CON Deposit KES 500.00?\n1. Confirm\n2. Cancel',
};

const call = {
  isActive: '0',
  sessionId: 'ATVId_hygiene',
  direction: 'Inbound',
  callerNumber: '+254744000003',
  durationInSeconds: '12',
  currencyCode: 'KES',
  amount: '0.50',
  callSessionState: 'Completed',
  hangupCause: 'NORMAL_CLEARING',
};

async function nothingStored() {
  await nothingWritten();
  expect(await t.database.db.selectFrom('call_records').select('session_id').execute()).toEqual([]);
}

describe('control characters, impossible dates and unbounded numbers', () => {
  it.each([
    ['a NUL in text', { ...good, text: 'Jane\u0000Doe' }],
    ['a bell in text', { ...good, text: '1\u0007' }],
    ['a NUL in phoneNumber', { ...good, phoneNumber: '+254744000001\u0000' }],
    ['a C1 control in text', { ...good, text: 'Jane\u0085' }],
    ['a line break in text', { ...good, text: 'Jane\nDoe' }],
  ])('/ussd/callback answers 400 to %s and writes nothing', async (_name, fields) => {
    const response = await postHop(t.app, fields);
    expect(response.statusCode).toBe(400);
    await nothingStored();
  });

  it('/ussd/callback answers 400 to a JSON body, however well formed', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/ussd/callback', payload: good });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/x-www-form-urlencoded/);
    await nothingStored();
  });

  it.each([
    ['a NUL in lastAppResponse', { ...report, lastAppResponse: 'CON Hi\u0000' }],
    ['a NUL in errorMessage', { ...report, errorMessage: 'timeout\u0000' }],
    ['an escape in input', { ...report, input: '1*\u001b[2J' }],
    ['a NUL in sessionId', { ...report, sessionId: 'ATUid_\u0000' }],
    ['a NUL in networkCode', { ...report, networkCode: '639\u000002' }],
    ['a month 13 and hour 99', { ...report, date: '2026-13-45 99:99:99' }],
    ['the 30th of February', { ...report, date: '2026-02-30 10:00:00' }],
    ['a 30-digit cost', { ...report, cost: `KES ${'9'.repeat(30)}` }],
  ])('/ussd/events answers 400 to %s and stores nothing', async (_name, fields) => {
    const response = await form('/ussd/events', fields);
    expect(response.statusCode).toBe(400);
    await nothingStored();
  });

  it('/ussd/events still takes a screen with its line breaks, and a real leap day', async () => {
    const response = await form('/ussd/events', { ...report, date: '2028-02-29 23:59:59' });
    expect(response.statusCode).toBe(200);
    const row = await t.database.db
      .selectFrom('ussd_session_reports')
      .select(['ended_at', 'last_app_response'])
      .where('session_id', '=', 'ATUid_hygiene')
      .executeTakeFirstOrThrow();
    expect(row.ended_at?.toISOString()).toBe('2028-02-29T23:59:59.000Z');
    expect(row.last_app_response).toBe(report.lastAppResponse);
    await t.database.db.deleteFrom('ussd_session_reports').execute();
  });

  it.each([
    ['a call record with a NUL', { ...call, hangupCause: 'NORMAL\u0000CLEARING' }],
    ['a call record with a NUL in its session id', { ...call, sessionId: 'ATVId_\u0000' }],
    ['a live call with a control character', { ...call, isActive: '1', callerNumber: '+2547\u0008' }],
  ])('/voice/callback answers 400 to %s and stores nothing', async (_name, fields) => {
    const response = await form('/voice/callback', fields);
    expect(response.statusCode).toBe(400);
    await nothingStored();
  });

  it('/voice/callback answers 400 to a JSON body', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/voice/callback', payload: call });
    expect(response.statusCode).toBe(400);
    await nothingStored();
  });
});
