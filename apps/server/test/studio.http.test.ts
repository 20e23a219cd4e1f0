import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postHop } from './support/gateway.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const hop = (t: TestApp) =>
  postHop(t.app, {
    sessionId: `ATUid_studio_${Date.now()}`,
    serviceCode: '*384*303#',
    phoneNumber: '+254733000001',
    text: '',
  });
/** The first request of a call-back, as Africa's Talking posts it. */
const answer = (t: TestApp) =>
  t.app.inject({
    method: 'POST',
    url: '/voice/callback',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      isActive: '1',
      sessionId: `ATVId_studio_${Date.now()}`,
      direction: 'Outbound',
      callerNumber: '+254733000001',
    }).toString(),
  });
const basic = (password: string) => `Basic ${Buffer.from(`operator:${password}`).toString('base64')}`;

describe('the studio, on', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ STUDIO: 'on' });
  });
  afterAll(() => t.close());

  it('serves the page and its files from the service itself', async () => {
    expect((await t.app.inject('/studio')).headers.location).toBe('/studio/');
    const page = await t.app.inject('/studio/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    // Nothing from elsewhere: every script and style is under /studio/assets.
    expect(page.body).not.toMatch(/(src|href)="https?:/);
    for (const file of ['main.js', 'phone.js', 'studio.css']) {
      expect((await t.app.inject(`/studio/assets/${file}`)).statusCode, file).toBe(200);
    }
    expect((await t.app.inject('/studio/assets/main.js')).headers['content-type']).toContain('text/javascript');
  });

  it('serves nothing but its own files', async () => {
    for (const path of ['/studio/assets/..%2Fpackage.json', '/studio/assets/nope.js', '/studio/assets/index.js']) {
      expect((await t.app.inject(path)).statusCode, path).toBe(404);
    }
  });

  it('lists every chart, and draws each as SVG whose states carry their ids', async () => {
    const charts = (await t.app.inject('/studio/api/charts')).json() as { id: string; stateIds: string[] }[];
    expect(charts.map((c) => c.id)).toEqual(expect.arrayContaining(['session', 'registration', 'deposit', 'ivr']));
    const svg = await t.app.inject('/studio/api/charts/deposit.svg?lang=sw');
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('data-state-id="session.deposit.askAmount"');
    expect(svg.body).toContain('Weka kiasi');
    const details = (await t.app.inject('/studio/api/charts/deposit.json')).json() as {
      states: { id: string; texts: { language: string; length: number; budget: number }[] }[];
    };
    const askAmount = details.states.find((s) => s.id === 'session.deposit.askAmount');
    expect(askAmount?.texts.map((x) => x.language)).toEqual(['en', 'sw']);
    expect(askAmount?.texts[0]?.budget).toBe(182);
    // Faults are folded into a badge per state by default; `faults=shown` draws them.
    expect(svg.body).toContain('class="fault-badge"');
    const shown = (await t.app.inject('/studio/api/charts/deposit.svg?lang=sw&faults=shown')).body;
    expect(shown).toContain('data-exit-target="session.failure"');
    expect(shown).not.toContain('class="fault-badge"');
    expect((await t.app.inject('/studio/api/charts/nope.svg')).statusCode).toBe(404);
    expect((await t.app.inject('/studio/api/charts/deposit.svg?lang=fr')).statusCode).toBe(404);
  });

  it('tells the simulator which state each hop left the session in', async () => {
    const reply = await hop(t);
    expect(reply.headers['x-ussd-state']).toBe('session.registration.askLanguage');
  });

  it("tells the handset the IVR's state, the currency and the institution's time zone", async () => {
    expect((await answer(t)).headers['x-ivr-state']).toBe('ivr.menu');
    const settings = (await t.app.inject('/studio/api/settings')).json() as Record<string, unknown>;
    // UTC_OFFSET_MINUTES defaults to 180 (East Africa): UTC+3, which IANA writes Etc/GMT-3.
    expect(settings).toMatchObject({ currency: 'KES', timeZone: 'Etc/GMT-3' });
  });
});

describe('the studio behind a password', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ STUDIO: 'on', STUDIO_PASSWORD: 'correct horse battery' });
  });
  afterAll(() => t.close());

  it('asks for it, and lets the right one in', async () => {
    const anonymous = await t.app.inject('/studio/api/charts');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toContain('Basic');
    const wrong = await t.app.inject({ url: '/studio/', headers: { authorization: basic('wrong password') } });
    expect(wrong.statusCode).toBe(401);
    const right = await t.app.inject({ url: '/studio/', headers: { authorization: basic('correct horse battery') } });
    expect(right.statusCode).toBe(200);
  });

  it('leaves the gateway routes to their own token', async () => {
    expect((await hop(t)).statusCode).toBe(200);
  });
});

describe('the studio, off (the default with a real database)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is not there, and hops say nothing about states', async () => {
    expect((await t.app.inject('/studio/')).statusCode).toBe(404);
    expect((await t.app.inject('/studio/api/charts')).statusCode).toBe(404);
    expect((await hop(t)).headers['x-ussd-state']).toBeUndefined();
    expect((await answer(t)).headers['x-ivr-state']).toBeUndefined();
  });
});
