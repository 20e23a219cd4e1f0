import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page, Request } from 'playwright-core';
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
  // Call-backs at any hour, so that the call-back flow does not depend on when the test runs.
  t = await startTestService({
    STUDIO: 'on',
    RATE_LIMIT_HOPS: '100000',
    FAKE_PAYMENTS: 'manual',
    CALL_HOURS: '0-24',
    SACCO_NAME: 'Umoja SACCO',
  });
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
const attributeIs = (selector: string, name: string, value: string) =>
  `document.querySelector(${JSON.stringify(selector)})?.getAttribute(${JSON.stringify(name)}) === ${JSON.stringify(value)}`;

/** The reply the service sent, kept whole by the handset (it shows it without `CON`/`END`). */
const rawScreen = () => page.getAttribute('#screen', 'data-raw');
/** What the handset shows, row by row. */
const screenRows = async () => ((await page.textContent('#screen')) ?? '').split('\n');
const LINE_WIDTH = 24;

/** The handset shows a reply as a feature phone does: no CON/END, rows no wider than the screen. */
async function expectFeaturePhoneScreen() {
  const raw = (await rawScreen()) ?? '';
  const rows = await screenRows();
  expect(rows.join('\n')).not.toMatch(/^(CON|END) /);
  for (const row of rows) expect([...row].length, row).toBeLessThanOrEqual(LINE_WIDTH);
  // Wrapping only moves words onto new rows: the words are the reply's.
  expect(rows.join(' ').split(/\s+/).join(' ')).toBe(raw.slice(4).split(/\s+/).join(' '));
  expect(await page.textContent('#screen-budget')).toBe(`${[...raw].length}/182`);
}

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
    expect(await rawScreen()).toBe(
      'CON Welcome! Karibu!\nChoose your language / Chagua lugha:\n1. English\n2. Kiswahili',
    );
    await expectFeaturePhoneScreen();
    expect(await screenRows()).toEqual([
      'Welcome! Karibu!',
      'Choose your language /',
      'Chagua lugha:',
      '1. English',
      '2. Kiswahili',
    ]);
    await page.waitForSelector('#chart .is-current');
    expect(await page.inputValue('#chart-select')).toBe('registration');
    expect(await highlighted()).toBe('session.registration.askLanguage');

    // The keypad types the reply; Send sends it.
    await page.click('#keypad button[data-key="1"]');
    await page.click('#send');
    await page.waitForFunction(textIs('#current-state', 'session.registration.askName'));
    // A name typed on the keyboard, its space and all, reaches the service as typed.
    const texts: string[] = [];
    const hops = (request: Request) => {
      if (request.url().includes('/ussd/callback'))
        texts.push(new URLSearchParams(request.postData() ?? '').get('text') ?? '');
    };
    page.on('request', hops);
    await page.keyboard.type('Wanjiku Kamau');
    await page.keyboard.press('Enter');
    await page.waitForFunction(textIs('#current-state', 'session.registration.askCity'));
    page.off('request', hops);
    expect(texts).toEqual(['1*Wanjiku Kamau']);
    expect(await highlighted()).toBe('session.registration.askCity');
    await reply('Nyeri', 'session.registration.choosePin');
    await reply('4826', 'session.registration.confirmPin');
    expect(await highlighted()).toBe('session.registration.confirmPin');
    await reply('4826', 'session.mainMenu');
    expect(await rawScreen()).toMatch(/^CON Registration complete!\nWelcome, Wanjiku/);
    await expectFeaturePhoneScreen();
    expect(await page.inputValue('#chart-select')).toBe('mainMenu');
    expect(await highlighted()).toBe('session.mainMenu');
    // Counts read as words do: the main menu's chart draws one state.
    expect(await page.textContent('#chart-summary')).toBe('1 state');

    await reply('1', 'session.deposit.askAmount');
    await reply('500', 'session.deposit.confirm');
    expect(await page.inputValue('#chart-select')).toBe('deposit');
    expect(await highlighted()).toBe('session.deposit.confirm');
    expect(await page.textContent('#chart-summary')).toMatch(/^\d+ states$/);
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
    expect(await rawScreen()).toMatch(/^END You will receive an M-Pesa prompt/);
    await expectFeaturePhoneScreen();
    // An ended session is shown as ended, and Send no longer sends.
    expect(await page.getAttribute('#handset', 'data-mode')).toBe('ended');
    expect(await page.textContent('#screen-note')).toContain('Session ended');
    expect(await page.isDisabled('#reply')).toBe(true);

    // The M-Pesa prompt waits in the gateway panel; approving it credits the wallet, and the SMS shows.
    await page.waitForFunction(textHas('#gateway', 'Payments waiting (1)'));
    expect(await page.textContent('#gateway')).toContain('deposit KES 500.00');
    expect(await page.textContent('#gateway')).toContain('from 254744000111');
    await page.click('#gateway button[data-decision="approve"]');
    await page.waitForFunction(textHas('#sms-inbox', 'Deposit of KES 500.00'));
    expect(await page.textContent('#gateway')).not.toContain('Payments waiting');
    // The callback the fake posted, with its outcome, not just where it went.
    await page.waitForFunction(
      textHas('#gateway', 'M-Pesa prompt result: 0 The service request is processed successfully.'),
    );
    expect(await page.textContent('#gateway')).toMatch(
      /KES 500\.00 · receipt [A-Z0-9]{10} · 254744000111 · sent \d{1,2} [A-Z][a-z]{2}, \d{2}:\d{2}:\d{2} · delivered/,
    );
    // SMS times are the institution's (UTC+3 by default), not the browser's.
    const sentAt = await page.getAttribute('#sms-inbox time', 'datetime');
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Etc/GMT-3',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    expect(await page.textContent('#sms-inbox time')).toContain(local.format(new Date(sentAt ?? '')));

    // Airtime from the new balance: the panel shows what waits and what was sent, with the amount.
    await page.click('#cancel');
    await page.click('#dial');
    await page.waitForFunction(textIs('#current-state', 'session.mainMenu'));
    await reply('4', 'session.airtime.chooseFor');
    await reply('1', 'session.airtime.askAmount');
    await reply('50', 'session.airtime.askPin');
    await reply('4826', 'session.airtime.confirm');
    await reply('1', 'session.airtime.done');
    await page.waitForFunction(textHas('#gateway', 'Airtime waiting (1)'));
    expect(await page.textContent('#gateway')).toContain('KES 50.00 to +254744000111');
    await page.click('#gateway button[data-kind="airtime"][data-decision="approve"]');
    await page.waitForFunction(textHas('#gateway', 'Airtime sent (1)KES 50.00 to +254744000111 Success'));
    await page.locator('.phone-and-sms').screenshot({ path: `${artifacts}studio-handset-sms.png` });
    await page.locator('.gateway').screenshot({ path: `${artifacts}studio-gateway.png` });
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('asks for a call back from the main menu, answers it, and plays the IVR with keys while its chart follows', async () => {
    // Cancel dismisses the ended session; dialling again lands the member on the main menu.
    await page.click('#cancel');
    expect(await page.getAttribute('#handset', 'data-mode')).toBe('idle');
    await page.click('#dial');
    await page.waitForFunction(textIs('#current-state', 'session.mainMenu'));
    await reply('7', 'session.callMe.requested');

    // The fake voice provider places the call at once, but the member reads the END screen first:
    // it is still shown when the gateway panel lists the call, and the handset rings a moment later.
    const ended = Date.now();
    expect(await rawScreen()).toMatch(/^END /);
    await page.waitForFunction(textHas('#gateway', 'Calls placed (1)'), undefined, { timeout: 3_000 });
    expect(await page.getAttribute('#handset', 'data-mode')).toBe('ended');
    expect(await rawScreen()).toMatch(/^END /);
    await page.waitForFunction(attributeIs('#handset', 'data-mode', 'ringing'), undefined, { timeout: 8_000 });
    expect(Date.now() - ended).toBeGreaterThanOrEqual(3_000);
    expect(await page.textContent('#screen-title')).toBe('Incoming call');
    expect(await page.textContent('#gateway')).toMatch(/\+254744000111 ringing · placed/);

    // Answering posts the first voice callback; the IVR greets and asks for a key, in English.
    await page.click('#send');
    await page.waitForFunction(textIs('#current-state', 'ivr.menu'));
    expect(await page.getAttribute('#screen', 'data-text')).toBe(
      'Hello, this is Umoja SACCO, calling you back as you asked. ' +
        'Thank you for calling. Press 1 for sales, 2 for support, or 9 to hear these options again.',
    );
    expect(await page.getAttribute('#screen', 'data-raw')).toContain('<GetDigits');
    await page.waitForFunction(attributeIs('#chart .is-current', 'data-state-id', 'ivr.menu'));
    expect(await page.inputValue('#chart-select')).toBe('ivr');
    for (const row of await screenRows()) expect([...row].length, row).toBeLessThanOrEqual(LINE_WIDTH);

    // 9 repeats the menu without the greeting; 2 puts the call through to support.
    await page.click('#keypad button[data-key="9"]');
    await page.waitForFunction(
      `!document.querySelector('#screen').dataset.text.startsWith('Hello') && document.querySelector('#screen').dataset.text.includes('Press 1')`,
    );
    expect(await highlighted()).toBe('ivr.menu');
    await page.screenshot({ path: `${artifacts}studio-ivr.png`, fullPage: false });

    // Dial and Redial never open a USSD session over the live call: they say why, and the call goes on.
    for (const button of ['#dial', '#reset']) {
      await page.evaluate(`document.querySelector('#phone-error').textContent = ''`);
      await page.click(button);
      await page.waitForFunction(textHas('#phone-error', 'A call is on the handset'), undefined, { timeout: 5_000 });
      expect(await page.getAttribute('#handset', 'data-mode')).toBe('call');
      expect(await page.textContent('#current-state')).toBe('ivr.menu');
      expect(await page.getAttribute('#screen', 'data-raw')).toContain('<GetDigits');
    }
    await page.click('#keypad button[data-key="2"]');
    await page.waitForFunction(textIs('#current-state', 'ivr.support'));
    await page.waitForFunction(attributeIs('#chart .is-current', 'data-state-id', 'ivr.support'));
    expect(await page.getAttribute('#screen', 'data-text')).toMatch(/support/i);
    expect(await page.textContent('#screen-note')).toContain('Connected to support@ke.sip.africastalking.com');

    // Hanging up sends the last request (isActive=0); the call is over, and the panel says so.
    await page.click('#cancel');
    await page.waitForFunction(attributeIs('#handset', 'data-mode', 'hung-up'));
    await page.waitForFunction(textHas('#gateway', 'hung up · placed'));
    // Dial over the ended call dismisses it: the session that opens has the keypad to itself.
    await page.click('#dial');
    await page.waitForFunction(textIs('#current-state', 'session.mainMenu'));
    expect(await page.getAttribute('#handset', 'data-mode')).toBe('ussd');
    await page.click('#keypad button[data-key="1"]');
    expect(await page.inputValue('#reply')).toBe('1');
    // The keys leave the keyboard typing into the reply: the space bar types a space, not the key again.
    await page.keyboard.press(' ');
    await page.keyboard.type('2');
    expect(await page.inputValue('#reply')).toBe('1 2');
    await page.click('#clear');
    await page.keyboard.type('3');
    expect(await page.inputValue('#reply')).toBe('1 3');
    await page.click('#cancel');
    expect(await page.getAttribute('#handset', 'data-mode')).toBe('idle');
    expect(await page.textContent('#screen')).toBe('Session cancelled.');

    // A reload still says what became of the call, and the call does not ring again on the member's number.
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.fill('#phone-number', '+254744000111');
    await page.dispatchEvent('#phone-number', 'change');
    // The panel has read the calls for this number once its SMS are shown (the same refresh).
    await page.waitForFunction(textHas('#sms-inbox', 'Deposit of KES 500.00'));
    expect(await page.textContent('#gateway')).toMatch(/\+254744000111 hung up · placed/);
    expect(await page.getAttribute('#handset', 'data-mode')).toBe('idle');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
