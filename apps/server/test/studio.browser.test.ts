import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudioBrowser } from './support/studio-browser.js';
import { startTestService, type TestService } from './support/test-app.js';

const artifacts = fileURLToPath(new URL('../../../.test-artifacts/', import.meta.url));

let t: TestService;
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  // Manual payments: the deposit waits for the operator's approve button in the gateway panel.
  t = await startTestService({ STUDIO: 'on', RATE_LIMIT_HOPS: '100000', FAKE_PAYMENTS: 'manual' });
  ({ browser, page, pageErrors } = await openStudioBrowser());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

// Page-side checks are strings: they run in the browser, and this file is type-checked for Node.
const textIs = (selector: string, text: string) =>
  `document.querySelector(${JSON.stringify(selector)})?.textContent === ${JSON.stringify(text)}`;
const textHas = (selector: string, text: string) =>
  `document.querySelector(${JSON.stringify(selector)})?.textContent?.includes(${JSON.stringify(text)})`;

/** Types a reply on the simulated phone and waits for the state the service reports. */
async function reply(input: string, state: string) {
  await page.fill('#reply', input);
  await page.click('#send');
  await page.waitForFunction(textIs('#current-state', state));
}

const highlighted = () => page.locator('#chart .is-current').getAttribute('data-state-id');

describe('the studio in a browser', () => {
  it('registers a member on the simulated phone while the chart follows, then deposits and approves it', async () => {
    await page.goto(`${t.service.localUrl}/studio/`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector('#chart svg [data-state-id]');
    expect(await page.locator('#chart-select option').count()).toBeGreaterThan(8);

    await page.fill('#phone-number', '+254744000111');
    await page.click('#dial');
    await page.waitForFunction(textHas('#current-state', 'askLanguage'));
    expect(await page.textContent('#screen')).toBe(
      'CON Welcome! Karibu!\nChoose your language / Chagua lugha:\n1. English\n2. Kiswahili',
    );
    await page.waitForSelector('#chart .is-current');
    expect(await page.inputValue('#chart-select')).toBe('registration');
    expect(await highlighted()).toBe('session.registration.askLanguage');

    await reply('1', 'session.registration.askName');
    await reply('Wanjiku Kamau', 'session.registration.askCity');
    expect(await highlighted()).toBe('session.registration.askCity');
    await reply('Nyeri', 'session.registration.choosePin');
    await reply('4826', 'session.registration.confirmPin');
    expect(await highlighted()).toBe('session.registration.confirmPin');
    await reply('4826', 'session.mainMenu');
    expect(await page.textContent('#screen')).toMatch(/^CON Registration complete!\nWelcome, Wanjiku/);
    expect(await page.inputValue('#chart-select')).toBe('mainMenu');
    expect(await highlighted()).toBe('session.mainMenu');

    await reply('1', 'session.deposit.askAmount');
    await reply('500', 'session.deposit.confirm');
    expect(await page.inputValue('#chart-select')).toBe('deposit');
    expect(await highlighted()).toBe('session.deposit.confirm');
    await page.click('#chart [data-state-id="session.deposit.confirm"]');
    await page.waitForSelector('#state-details h3');
    expect(await page.textContent('#state-details')).toContain('Thibitisha');

    // The same chart in Kiswahili keeps the session's state highlighted.
    await page.click('button[data-language="sw"]');
    await page.waitForFunction(textHas('#chart', 'Thibitisha'));
    expect(await highlighted()).toBe('session.deposit.confirm');
    await page.click('button[data-language="en"]');
    await page.waitForFunction(textHas('#chart', '1. Confirm'));

    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: `${artifacts}studio.png`, fullPage: false });

    await reply('1', 'session.deposit.requested');
    expect(await page.textContent('#screen')).toMatch(/^END You will receive an M-Pesa prompt/);
    // The M-Pesa prompt waits in the gateway panel; approving it credits the wallet, and the SMS shows.
    await page.waitForFunction(textHas('#gateway', 'Payments waiting (1)'));
    expect(await page.textContent('#gateway')).toContain('deposit KES 500 254744000111');
    await page.click('#gateway button[data-decision="approve"]');
    await page.waitForFunction(textHas('#gateway', 'Deposit of KES 500.00'));
    expect(await page.textContent('#gateway')).not.toContain('Payments waiting');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
