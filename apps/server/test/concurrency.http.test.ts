import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewaySession, postHop } from './support/gateway.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('two deliveries of one session', () => {
  it('never interleave, even on two service instances', async () => {
    const peer = await t.startPeer();
    const phone = '+254733000001';
    const session = gatewaySession(t.app, { phone });
    await session.dial();
    for (const input of ['1', 'Wairimu Njeri', 'Thika', '4826']) await session.send(input);

    // The confirming hop, delivered twice at once, to each instance: the registration runs once
    // and both deliveries get the same answer.
    const fields = {
      sessionId: session.sessionId,
      serviceCode: '*384*303#',
      phoneNumber: phone,
      networkCode: '63902',
      text: '1*Wairimu Njeri*Thika*4826*4826',
    };
    const replies = await Promise.all([
      postHop(t.app, fields),
      postHop(peer, fields),
      postHop(t.app, fields),
      postHop(peer, fields),
    ]);
    const bodies = replies.map((r) => r.body);
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toMatch(/^CON Registration complete!\nWelcome, Wairimu/);

    const members = await t.database.db.selectFrom('members').select('id').where('phone', '=', phone).execute();
    expect(members).toHaveLength(1);
    const outcomes = t.logs
      .filter((line) => line.includes(session.sessionId) && line.includes('"inputs":["****"]'))
      .map((line) => JSON.parse(line).outcome);
    expect(outcomes.filter((o) => o === 'ran')).toHaveLength(2); // the first PIN hop and one confirmation
  });

  it('keeps parallel sessions of different members apart', async () => {
    const sessions = Array.from({ length: 8 }, (_, i) =>
      gatewaySession(t.app, { phone: `+2547330001${String(i).padStart(2, '0')}` }),
    );
    await Promise.all(sessions.map((s) => s.dial()));
    await Promise.all(sessions.map((s) => s.send('1')));
    const replies = await Promise.all(sessions.map((s, i) => s.send(`Member ${String.fromCharCode(65 + i)}`)));
    expect(replies.every((r) => r === 'CON Enter your city or town:\n0. Back')).toBe(true);
  });
});
