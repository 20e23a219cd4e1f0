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
