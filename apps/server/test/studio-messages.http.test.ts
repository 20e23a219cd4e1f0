import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogs } from '@sacco/journeys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR } from '../src/routes/studio-messages.route.js';
import { postHop } from './support/gateway.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A copy of the journeys' catalogs the studio may rewrite; the repository's own are never touched. */
async function catalogCopy() {
  const dir = await mkdtemp(join(tmpdir(), 'studio-catalog-'));
  await cp(DEFAULT_CATALOG_DIR, dir, { recursive: true });
  return dir;
}

const put = (t: TestApp, key: string, payload: unknown) =>
  t.app.inject({ method: 'PUT', url: `/studio/api/messages/${key}`, payload: payload as object });
const check = (t: TestApp, payload: unknown) =>
  t.app.inject({ method: 'POST', url: '/studio/api/messages/check', payload: payload as object });

const KEY = 'screen.registration.askLanguage';
const original = catalogs.en[KEY];

describe('copy editing in the studio', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = await catalogCopy();
    t = await startTestApp({ STUDIO: 'on', STUDIO_CATALOG_DIR: dir });
  });
  afterAll(async () => {
    // The catalogs in memory are this process's: the next test file must find them as they were.
    await put(t, KEY, { language: 'en', text: original });
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('checks a text by the lint rules without saving it', async () => {
    const before = await readFile(join(dir, 'en.ts'), 'utf8');
    const answer = await check(t, { key: 'screen.deposit.askAmount', language: 'en', text: 'Deposit – how much?' });
    expect(answer.statusCode).toBe(200);
    const result = answer.json() as {
      screens: { stateId: string; length: number; budget: number; nonGsm7: string[] }[];
      lint: { rule: string }[];
    };
    expect(result.screens).toEqual([
      expect.objectContaining({ stateId: 'session.deposit.askAmount', length: 23, budget: 182, nonGsm7: ['–'] }),
    ]);
    expect(result.lint.map((f) => f.rule)).toEqual(['gsm7']);
    const placeholders = (
      await check(t, { key: 'screen.deposit.askAmount', language: 'en', text: 'Pay {nobody}' })
    ).json() as { lint: { rule: string; message: string }[] };
    expect(placeholders.lint).toEqual([
      expect.objectContaining({ rule: 'placeholders', message: expect.stringContaining('{nobody}') }),
    ]);
    expect(await readFile(join(dir, 'en.ts'), 'utf8')).toBe(before);
    expect(catalogs.en['screen.deposit.askAmount']).toBe('Deposit from M-Pesa\nEnter amount ({currency}):');
  });

  it('reads a text in every language as the catalogs hold it', async () => {
    const answer = await t.app.inject('/studio/api/messages/screen.deposit.askAmount');
    expect(answer.json()).toEqual({
      key: 'screen.deposit.askAmount',
      texts: { en: catalogs.en['screen.deposit.askAmount'], sw: catalogs.sw['screen.deposit.askAmount'] },
    });
    expect((await t.app.inject('/studio/api/messages/screen.nope')).statusCode).toBe(404);
  });

  it('saves a text into the catalog file, the running service and the charts at once', async () => {
    const text = "Welcome to the SACCO's menu!\n1. English\n2. Kiswahili";
    const before = await readFile(join(dir, 'en.ts'), 'utf8');
    const saved = await put(t, KEY, { language: 'en', text });
    expect(saved.statusCode).toBe(200);
    const after = await readFile(join(dir, 'en.ts'), 'utf8');
    expect(after).toBe(
      before.replace(
        `'${KEY}': 'Welcome! Karibu!\\nChoose your language / Chagua lugha:\\n1. English\\n2. Kiswahili',`,
        `'${KEY}': "Welcome to the SACCO's menu!\\n1. English\\n2. Kiswahili",`,
      ),
    );
    expect(after).not.toBe(before);
    // The Kiswahili file is another language's: untouched.
    expect(await readFile(join(dir, 'sw.ts'), 'utf8')).toBe(await readFile(join(DEFAULT_CATALOG_DIR, 'sw.ts'), 'utf8'));

    const hop = await postHop(t.app, {
      sessionId: `ATUid_copy_${Date.now()}`,
      serviceCode: '*384*303#',
      phoneNumber: '+254733000002',
      text: '',
    });
    expect(hop.body).toBe(`CON ${text}`);
    const svg = (await t.app.inject('/studio/api/charts/registration.svg?lang=en')).body;
    expect(svg).toContain("Welcome to the SACCO's menu!");
    const details = (await t.app.inject('/studio/api/charts/registration.json')).json() as {
      states: { id: string; texts: { language: string; text: string }[] }[];
    };
    const state = details.states.find((s) => s.id === 'session.registration.askLanguage');
    expect(state?.texts.find((x) => x.language === 'en')?.text).toBe(text);
  });

  it('refuses what it cannot write: an unknown key or language, a text too long or with control characters', async () => {
    expect((await put(t, 'screen.nope', { language: 'en', text: 'x' })).statusCode).toBe(404);
    expect((await put(t, KEY, { language: 'fr', text: 'x' })).statusCode).toBe(400);
    expect((await put(t, KEY, { language: 'en', text: 'x'.repeat(1001) })).statusCode).toBe(400);
    expect((await put(t, KEY, { language: 'en', text: 'bell\u0007' })).statusCode).toBe(400);
    expect((await put(t, KEY, { language: 'en' })).statusCode).toBe(400);
    expect((await check(t, { key: 'screen.nope', language: 'en', text: 'x' })).statusCode).toBe(404);
    expect(catalogs.en[KEY]).not.toContain('bell');
    // A lone surrogate half: the file (UTF-8) and the running catalog would disagree.
    expect((await put(t, KEY, { language: 'en', text: 'half \ud800 a character' })).statusCode).toBe(400);
    expect(catalogs.en[KEY]).not.toContain('half');
  });

  it('refuses texts no state shows: a paging label, an apology', async () => {
    const before = await readFile(join(dir, 'en.ts'), 'utf8');
    const longMore = `{more}. ${'Next page please '.repeat(10)}`;
    expect((await put(t, 'system.more', { language: 'en', text: longMore })).statusCode).toBe(400);
    expect((await check(t, { key: 'system.sorry', language: 'en', text: 'Sorry' })).statusCode).toBe(400);
    expect(catalogs.en['system.more']).not.toContain('Next page');
    expect(await readFile(join(dir, 'en.ts'), 'utf8')).toBe(before);
  });

  it("refuses a save from another site's page: a rebound host name, a foreign Origin", async () => {
    const before = await readFile(join(dir, 'en.ts'), 'utf8');
    const from = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'PUT',
        url: `/studio/api/messages/${KEY}`,
        headers,
        payload: { language: 'en', text: 'Phished' },
      });
    expect((await from({ host: 'evil.example' })).statusCode).toBe(403);
    expect((await from({ host: 'localhost:3000', origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await from({ host: 'localhost:3000', origin: 'null' })).statusCode).toBe(403);
    expect(catalogs.en[KEY]).not.toBe('Phished');
    expect(await readFile(join(dir, 'en.ts'), 'utf8')).toBe(before);
  });
});

describe('copy editing refused', () => {
  it('in production, with the studio on', async () => {
    const dir = await catalogCopy();
    const t = await startTestApp({ STUDIO: 'on', NODE_ENV: 'production', STUDIO_CATALOG_DIR: dir });
    try {
      expect(((await t.app.inject('/studio/api/settings')).json() as { copyEditing: boolean }).copyEditing).toBe(false);
      expect((await put(t, KEY, { language: 'en', text: 'Changed' })).statusCode).toBe(403);
      expect((await check(t, { key: KEY, language: 'en', text: 'Changed' })).statusCode).toBe(403);
      expect(await readFile(join(dir, 'en.ts'), 'utf8')).toBe(
        await readFile(join(DEFAULT_CATALOG_DIR, 'en.ts'), 'utf8'),
      );
    } finally {
      await t.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('with the studio off, and without the studio password', async () => {
    const off = await startTestApp();
    const locked = await startTestApp({ STUDIO: 'on', STUDIO_PASSWORD: 'correct horse battery' });
    try {
      expect((await put(off, KEY, { language: 'en', text: 'Changed' })).statusCode).toBe(404);
      expect((await put(locked, KEY, { language: 'en', text: 'Changed' })).statusCode).toBe(401);
      expect(catalogs.en[KEY]).toBe(original);
    } finally {
      await off.close();
      await locked.close();
    }
  });
});
