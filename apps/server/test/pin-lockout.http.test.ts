import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewaySession, postHop, registerByUssd } from './support/gateway.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let peer: FastifyInstance;
beforeAll(async () => {
  t = await startTestApp({ PIN_LOCK_MINUTES: '30', RATE_LIMIT_HOPS: '1000' });
  peer = await t.startPeer();
});
afterAll(() => t.close());

let sessions = 0;
/** One whole session in one hop: `*384*303*6*1*<pin>#`, on one of the two instances. */
async function shortcut(app: FastifyInstance, phone: string, text: string) {
  sessions += 1;
  const response = await postHop(app, {
    sessionId: `ATUid_pin_${sessions}`,
    serviceCode: '*384*303#',
    phoneNumber: phone,
    text,
  });
  expect(response.statusCode).toBe(200);
  return response.body;
}

const wrongGuesses = (n: number) => Array.from({ length: n }, (_, i) => String(5000 + i));

describe('the PIN lockout under parallel guesses', () => {
  it('evaluates at most PIN_MAX_ATTEMPTS guesses over two instances, and the right PIN then shows nothing', async () => {
    const phone = '+254722100001';
    await registerByUssd(t.app, phone);
    const before = t.pinVerifications();

    const replies = await Promise.all(
      wrongGuesses(40).map((guess, i) => shortcut(i % 2 === 0 ? t.app : peer, phone, `6*1*${guess}`)),
    );
    expect(t.pinVerifications() - before).toBeLessThanOrEqual(3);
    expect(replies.filter((reply) => reply.startsWith('CON Wrong PIN')).length).toBeLessThanOrEqual(2);
    expect(replies.every((reply) => !reply.includes('balance is'))).toBe(true);

    const member = await t.database.db
      .selectFrom('members')
      .select(['locked_until', 'failed_pin_attempts'])
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    expect(member.locked_until?.getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);

    const afterLock = t.pinVerifications();
    const rights = await Promise.all(
      Array.from({ length: 10 }, (_, i) => shortcut(i % 2 === 0 ? t.app : peer, phone, '6*1*4826')),
    );
    for (const reply of rights) {
      expect(reply).not.toContain('balance is');
      expect(reply).toMatch(/^END .*locked/);
    }
    expect(t.pinVerifications()).toBe(afterLock);
  });

  it('a right PIN raced with wrong ones is only ever one of the reserved attempts', async () => {
    const phone = '+254722100002';
    await registerByUssd(t.app, phone);
    const before = t.pinVerifications();
    const guesses = [...wrongGuesses(20), '4826', ...wrongGuesses(19)];
    const replies = await Promise.all(
      guesses.map((guess, i) => shortcut(i % 2 === 0 ? t.app : peer, phone, `6*1*${guess}`)),
    );
    const evaluated = t.pinVerifications() - before;
    const shown = replies.filter((reply) => reply.includes('balance is')).length;
    // The right PIN lifts the lock only when it was one of the (at most three) reserved attempts.
    expect(evaluated).toBeLessThanOrEqual(shown === 1 ? 3 + 3 : 3);
    expect(shown).toBeLessThanOrEqual(1);
  });

  it('checks one PIN per hop, however many a shortcut carries', async () => {
    const phone = '+254722100003';
    await registerByUssd(t.app, phone);
    const before = t.pinVerifications();
    const reply = await shortcut(t.app, phone, '6*1*1111*2222*3333*4826');
    expect(reply).toBe('CON Wrong PIN. Tries left: 2.\nEnter your PIN to see your balance:');
    expect(t.pinVerifications() - before).toBe(1);
    const member = await t.database.db
      .selectFrom('members')
      .select(['locked_until', 'failed_pin_attempts'])
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    expect(member).toEqual({ locked_until: null, failed_pin_attempts: 1 });
  });

  it('counts only a well-formed PIN as a guess: taps navigate or are asked again', async () => {
    const phone = '+254722100004';
    await registerByUssd(t.app, phone);
    const before = t.pinVerifications();
    const session = gatewaySession(t.app, { phone });
    await session.dial('6*1');
    expect(await session.send('0')).toMatch(/^CON My account\n1\. Balance/);
    expect(await session.send('1')).toBe('CON Enter your PIN to see your balance:');
    for (const tap of ['12', '999', '48261', 'abcd']) {
      expect(await session.send(tap)).toBe('CON A PIN is exactly 4 digits.\nEnter your PIN to see your balance:');
    }
    expect(await session.send('00')).toMatch(/^CON Welcome, Jane/);
    expect(t.pinVerifications()).toBe(before);
    const member = await t.database.db
      .selectFrom('members')
      .select(['locked_until', 'failed_pin_attempts'])
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    expect(member).toEqual({ locked_until: null, failed_pin_attempts: 0 });
    expect(await gatewaySession(t.app, { phone }).dial('6*1*4826')).toMatch(/^CON Your balance is/);
  });
});
