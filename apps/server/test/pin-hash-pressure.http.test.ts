import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewaySession, postHop } from './support/gateway.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// A deliberately small hasher: one worker and two waiting hashes per instance, at the
// production scrypt cost, so that 60 hops at once saturate it.
let t: TestApp;
let peer: FastifyInstance;
beforeAll(async () => {
  t = await startTestApp({
    PIN_SCRYPT_COST: '16384',
    PIN_HASH_THREADS: '1',
    PIN_HASH_QUEUE_LIMIT: '2',
    PIN_HASH_MAX_WAIT_MS: '1000',
    RATE_LIMIT_HOPS: '1000',
  });
  peer = await t.startPeer();
});
afterAll(() => t.close());

const BUSY = 'CON We are busy right now. Please try again in a moment.\n';
const APOLOGY = /something went wrong|hitilafu/i;
const phoneOf = (i: number) => `+2547330${String(i).padStart(5, '0')}`;

async function memberRow(phone: string) {
  return t.database.db.selectFrom('members').selectAll().where('phone', '=', phone).executeTakeFirst();
}

describe('PIN hashing under a flood', () => {
  it('answers every final registration hop with the outcome or busy, and a busy hop writes nothing', async () => {
    const count = 60;
    const sessions = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const session = gatewaySession(i % 2 === 0 ? t.app : peer, { phone: phoneOf(i) });
        await session.dial();
        await session.send(i % 3 === 0 ? '2' : '1');
        await session.send(`Member ${String.fromCharCode(65 + Math.floor(i / 26), 97 + (i % 26))}`);
        await session.send('Nairobi');
        await session.send('4826');
        return session;
      }),
    );

    const replies = await Promise.all(sessions.map((session) => session.send('4826')));
    expect(replies.filter((reply) => APOLOGY.test(reply))).toEqual([]);
    const busy = replies.flatMap((reply, i) => (reply.startsWith('CON ') && /busy|shughuli/.test(reply) ? [i] : []));
    const done = replies.flatMap((reply, i) => (/Registration complete|Usajili/.test(reply) ? [i] : []));
    expect(busy.length + done.length).toBe(count);
    expect(busy.length).toBeGreaterThan(0);
    for (const i of busy) expect(await memberRow(phoneOf(i))).toBeUndefined();
    for (const i of done) expect(await memberRow(phoneOf(i))).toBeDefined();
    // Busy keeps the member on the PIN confirmation: typing it again registers her.
    expect(replies.find((reply) => reply.startsWith(BUSY))).toMatch(/PIN/);
    for (const i of busy) {
      expect(await (sessions[i] as (typeof sessions)[number]).send('4826')).toMatch(/Registration complete|Usajili/);
      expect(await memberRow(phoneOf(i))).toBeDefined();
    }
  }, 60_000);

  it('refuses PIN checks past the queue without reserving an attempt', async () => {
    const count = 60;
    const before = t.pinVerifications();
    const replies = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const response = await postHop(i % 2 === 0 ? t.app : peer, {
          sessionId: `ATUid_flood_${i}`,
          serviceCode: '*384*303#',
          phoneNumber: phoneOf(i),
          text: '6*1*1111',
        });
        expect(response.statusCode).toBe(200);
        return response.body;
      }),
    );
    expect(replies.filter((reply) => APOLOGY.test(reply))).toEqual([]);
    let refused = 0;
    for (const [i, reply] of replies.entries()) {
      const member = await memberRow(phoneOf(i));
      if (/busy|shughuli/.test(reply)) {
        refused += 1;
        expect(member?.failed_pin_attempts).toBe(0);
      } else {
        expect(reply).toMatch(/Wrong PIN|PIN si sahihi|PIN/);
        expect(member?.failed_pin_attempts).toBe(1);
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(t.pinVerifications() - before).toBe(count - refused);
  }, 60_000);
});

describe('a registration that commits after the hop deadline', () => {
  it('says it is still working, never sorry, and the next dial shows the registered member', async () => {
    // Admission allows long waits here, so hops run past a short deadline instead of being refused.
    const slow = await startTestApp({
      PIN_SCRYPT_COST: '65536',
      PIN_HASH_THREADS: '1',
      PIN_HASH_QUEUE_LIMIT: '100',
      PIN_HASH_MAX_WAIT_MS: '9000',
      HOP_DEADLINE_MS: '500',
      RATE_LIMIT_HOPS: '1000',
    });
    try {
      const count = 12;
      const phone = (i: number) => `+2547340${String(i).padStart(5, '0')}`;
      const sessions = await Promise.all(
        Array.from({ length: count }, async (_, i) => {
          const session = gatewaySession(slow.app, { phone: phone(i) });
          await session.dial();
          await session.send('1');
          await session.send('Late Member');
          await session.send('Nairobi');
          await session.send('4826');
          return session;
        }),
      );
      const replies = await Promise.all(sessions.map((session) => session.send('4826')));
      expect(replies.filter((reply) => APOLOGY.test(reply))).toEqual([]);
      const late = replies.flatMap((reply, i) => (reply.startsWith('END We are still working') ? [i] : []));
      expect(late.length).toBeGreaterThan(0);
      await expect
        .poll(async () => slow.database.db.selectFrom('members').select('id').execute(), { timeout: 20_000 })
        .toHaveLength(count);
      for (const i of late) {
        expect(await gatewaySession(slow.app, { phone: phone(i) }).dial()).toMatch(/^CON Welcome, Late\n1\. Deposit/);
      }
    } finally {
      await slow.close();
    }
  }, 60_000);
});
