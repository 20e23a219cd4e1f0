import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogs } from '@sacco/journeys';
import type { Browser, Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_DIR } from '../src/routes/studio-messages.route.js';
import { openStudioBrowser } from './support/studio-browser.js';
import { startTestService, type TestService } from './support/test-app.js';

const artifacts = fileURLToPath(new URL('../../../.test-artifacts/', import.meta.url));
const EDITED_KEY = 'screen.deposit.askAmount';
const originalText = catalogs.en[EDITED_KEY];

let t: TestService;
let catalogDir: string;
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  // The editor writes into a copy of the catalogs: the repository's own files are never touched.
  catalogDir = await mkdtemp(join(tmpdir(), 'studio-design-'));
  await cp(DEFAULT_CATALOG_DIR, catalogDir, { recursive: true });
  t = await startTestService({ STUDIO: 'on', STUDIO_CATALOG_DIR: catalogDir });
  ({ browser, page, pageErrors } = await openStudioBrowser());
  await mkdir(artifacts, { recursive: true });
}, 60_000);

afterAll(async () => {
  // The catalogs in memory are this process's: put the edited text back for whatever runs next.
  if (t !== undefined) {
    await fetch(`${t.service.localUrl}/studio/api/messages/${EDITED_KEY}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'en', text: originalText }),
    });
  }
  await browser?.close();
  await t?.close();
  if (catalogDir !== undefined) await rm(catalogDir, { recursive: true, force: true });
});

// Page-side checks are strings: they run in the browser, and this file is type-checked for Node.
const textHas = (selector: string, text: string) =>
  `document.querySelector(${JSON.stringify(selector)})?.textContent?.includes(${JSON.stringify(text)})`;

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The pane's box and the box of everything drawn on the chart, in page pixels. */
const boxes = (): Promise<{ pane: Box; drawn: Box }> =>
  page.evaluate(`(() => {
    const box = (r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    const parts = [...document.querySelectorAll('#chart svg > :is(g, path, rect, text, circle)')]
      .map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 || r.height > 0);
    const drawn = {
      left: Math.min(...parts.map((r) => r.left)), top: Math.min(...parts.map((r) => r.top)),
      right: Math.max(...parts.map((r) => r.right)), bottom: Math.max(...parts.map((r) => r.bottom)),
    };
    return { pane: box(document.querySelector('#chart').getBoundingClientRect()), drawn };
  })()`);

/** How far a state's centre is from the pane's centre, in pixels. */
const offCentre = (stateId: string) =>
  `(() => {
    const node = document.querySelector('#chart [data-state-id="${stateId}"]')?.getBoundingClientRect();
    const pane = document.querySelector('#chart').getBoundingClientRect();
    return node === undefined ? Infinity : Math.hypot(
      node.left + node.width / 2 - (pane.left + pane.width / 2),
      node.top + node.height / 2 - (pane.top + pane.height / 2));
  })()`;

const zoom = async () => Number((await page.textContent('#zoom-level'))?.replace('%', ''));

describe('designing menus in the studio', () => {
  it('opens the largest chart fitted to the pane', async () => {
    await page.goto(`${t.service.localUrl}/studio/`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.selectOption('#chart-select', 'loans');
    await page.waitForSelector('#chart svg[data-chart-id="loans"] [data-state-id="session.loans.menu"]');
    const { pane, drawn } = await boxes();
    expect(drawn.left).toBeGreaterThanOrEqual(pane.left);
    expect(drawn.top).toBeGreaterThanOrEqual(pane.top);
    expect(drawn.right).toBeLessThanOrEqual(pane.right);
    expect(drawn.bottom).toBeLessThanOrEqual(pane.bottom);
    // Fitted, not lost in a corner: the chart spans the pane one way or the other.
    const spans = Math.max(
      (drawn.right - drawn.left) / (pane.right - pane.left),
      (drawn.bottom - drawn.top) / (pane.bottom - pane.top),
    );
    expect(spans).toBeGreaterThan(0.85);
    expect(await page.isHidden('#minimap')).toBe(true);
    await page.screenshot({ path: `${artifacts}studio-design-1-loans-fitted.png` });
  }, 60_000);

  it('zooms with the buttons and the wheel, and shows where the view is on the minimap', async () => {
    const fitted = await zoom();
    await page.click('#zoom-in');
    const byButton = await zoom();
    expect(byButton).toBeGreaterThan(fitted);
    const pane = await page.locator('#chart').boundingBox();
    if (pane === null) throw new Error('no chart pane');
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction(
      `Number(document.querySelector('#zoom-level').textContent.replace('%', '')) > ${byButton}`,
    );
    expect(await page.isVisible('#minimap')).toBe(true);
    expect(await page.isVisible('#minimap .minimap-view')).toBe(true);
    // A click on the minimap's top-left corner moves the view there.
    const viewBox = () => page.getAttribute('#chart svg', 'viewBox');
    const before = await viewBox();
    await page.click('#minimap', { position: { x: 12, y: 12 } });
    expect(await viewBox()).not.toBe(before);
    await page.click('#minimap', { position: { x: 110, y: 75 } });
    await page.screenshot({ path: `${artifacts}studio-design-2-zoomed.png` });
  }, 60_000);

  it('finds a state by its screen text on another chart, centred at a readable zoom and outlined, in either language', async () => {
    // The arrow keys move the highlight through the results; Enter picks the one highlighted.
    await page.fill('#chart-search', 'askAmount');
    await page.waitForSelector('#search-results button[data-result="2"]');
    const highlighted = '#search-results button[aria-current="true"]';
    expect(await page.getAttribute(highlighted, 'data-result')).toBe('0');
    await page.press('#chart-search', 'ArrowDown');
    await page.press('#chart-search', 'ArrowDown');
    await page.press('#chart-search', 'ArrowUp');
    expect(await page.getAttribute(highlighted, 'data-result')).toBe('1');
    expect(await page.locator(highlighted).count()).toBe(1);
    const second = `session.${await page.textContent(`${highlighted} strong`)}`;
    expect(second).not.toBe('session.deposit.askAmount');
    await page.press('#chart-search', 'Enter');
    await page.waitForFunction(textHas('#state-details h3', second));
    expect(await page.locator(`#chart .is-found[data-state-id="${second}"]`).count()).toBe(1);

    await page.fill('#chart-search', 'deposit from m-pesa');
    await page.waitForSelector('#search-results button[data-result]');
    expect(await page.textContent(`${highlighted} strong`)).toBe('deposit.askAmount');
    await page.screenshot({ path: `${artifacts}studio-design-3-search-results.png` });
    await page.press('#chart-search', 'Enter');
    await page.waitForSelector(
      '#chart svg[data-chart-id="deposit"] .is-found[data-state-id="session.deposit.askAmount"]',
    );
    expect(await page.inputValue('#chart-select')).toBe('deposit');
    await page.waitForFunction(`${offCentre('session.deposit.askAmount')} < 2`);
    // Centred at the chart's natural size at least (fitted, a large chart is too small to read), not beyond the zoom cap.
    expect(await zoom()).toBeGreaterThanOrEqual(100);
    expect(await zoom()).toBeLessThanOrEqual(400);
    expect(await page.textContent('#state-details h3')).toBe('session.deposit.askAmount');
    await page.screenshot({ path: `${artifacts}studio-design-4-found.png` });

    // The chart drawn in Kiswahili keeps the state outlined, and in view (its layout moves a little with the words).
    await page.click('button[data-language="sw"]');
    await page.waitForSelector('button[data-language="sw"][aria-pressed="true"]');
    await page.waitForFunction(
      `document.querySelector('#chart .is-found.is-selected')?.getAttribute('data-state-id') === 'session.deposit.askAmount' && !document.querySelector('#chart').textContent.includes('Enter amount')`,
    );
    expect(await page.evaluate(offCentre('session.deposit.askAmount'))).toBeLessThan(100);
    await page.click('button[data-language="en"]');
    await page.waitForSelector('#chart .is-found.is-selected[data-state-id="session.deposit.askAmount"]');
  }, 60_000);

  it('edits a screen text in the details panel, saves it into the catalog and redraws the chart; measures a paged screen as its card does', async () => {
    const file = join(catalogDir, 'en.ts');
    const before = await readFile(file, 'utf8');
    await page.click('#state-details .text-column[data-language="en"] button.edit-text');
    const textarea = page.locator('#state-details .text-column[data-language="en"] textarea');
    await expect.poll(() => textarea.inputValue()).toBe(originalText);
    await textarea.fill('Deposit from M-Pesa – how much ({currency})?');
    // Live: the dash is not GSM-7, and the lint says so before anything is saved.
    await page.waitForFunction(textHas('#state-details .copy-check', 'U+2013'));
    expect(await page.textContent('#state-details .copy-check')).toContain('gsm7');
    await textarea.fill('Deposit from M-Pesa\nHow much ({currency})?');
    await page.waitForFunction(`!${textHas('#state-details .copy-check', 'U+2013')}`);
    expect(await page.textContent('#state-details .copy-check')).toMatch(/deposit\.askAmount\s*\d+\/182/);
    await page.screenshot({ path: `${artifacts}studio-design-5-editing.png` });

    // The chart drawn again, in Kiswahili and with its faults shown, keeps the editor and what is typed.
    const typed = 'Deposit from M-Pesa\nHow much ({currency})?';
    const redrawn = async (change: () => Promise<unknown>) => {
      await page.evaluate(`document.querySelector('#chart svg').dataset.before = 'yes'`);
      await change();
      await page.waitForSelector('#chart svg[data-chart-id="deposit"]:not([data-before])');
      expect(await textarea.count()).toBe(1);
      expect(await textarea.inputValue()).toBe(typed);
    };
    await redrawn(() => page.click('button[data-language="sw"]'));
    await redrawn(() => page.check('#show-faults'));
    await redrawn(() => page.uncheck('#show-faults'));
    await redrawn(() => page.click('button[data-language="en"]'));
    // Another chart would drop it: the designer is asked, and keeping it keeps the chart too.
    const asked: string[] = [];
    const keepEditing = (dialog: Dialog) => {
      asked.push(dialog.message());
      return dialog.dismiss();
    };
    page.on('dialog', keepEditing);
    await page.selectOption('#chart-select', 'loans');
    await expect.poll(() => asked.length).toBe(1);
    page.off('dialog', keepEditing);
    expect(asked[0]).toContain(`unsaved English text of ${EDITED_KEY}`);
    expect(await page.inputValue('#chart-select')).toBe('deposit');
    expect(await page.getAttribute('#chart svg', 'data-chart-id')).toBe('deposit');
    expect(await textarea.inputValue()).toBe(typed);

    await page.click('#state-details .copy-save');
    await page.waitForFunction(textHas('#chart', 'How much (KES)?'));
    const after = await readFile(file, 'utf8');
    expect(after).toBe(
      before.replace(
        `'${EDITED_KEY}': 'Deposit from M-Pesa\\nEnter amount ({currency}):',`,
        `'${EDITED_KEY}': 'Deposit from M-Pesa\\nHow much ({currency})?',`,
      ),
    );
    expect(after).not.toBe(before);
    await page.waitForFunction(textHas('#state-details', 'How much (KES)?'));
    expect(await page.textContent('#state-details h3')).toBe('session.deposit.askAmount');
    await page.screenshot({ path: `${artifacts}studio-design-6-saved.png` });

    // Another chart never shows this one's state: the details are cleared with the chart.
    await page.selectOption('#chart-select', 'loans');
    await page.waitForSelector('#chart svg[data-chart-id="loans"]');
    expect(await page.isHidden('#state-details h3')).toBe(true);
    expect(await page.textContent('#state-details')).toContain('Click a state');

    // A paged screen longer than one page at worst is not over the budget when each page fits:
    // the details say so as the card does, neither in red.
    await page.selectOption('#chart-select', 'account');
    const statement = '#chart svg[data-chart-id="account"] [data-state-id="session.account.statement.show"]';
    await page.click(statement);
    await page.waitForFunction(textHas('#state-details h3', 'session.account.statement.show'));
    const worst = '#state-details .text-column[data-language="en"] .worst';
    expect(await page.textContent(worst)).toMatch(/paged: \d+ pages/);
    expect(Number((await page.textContent(`${worst} .measure`))?.split('/')[0])).toBeGreaterThan(182);
    expect(await page.locator(`${worst} .measure.over`).count()).toBe(0);
    expect(await page.getAttribute(statement, 'class')).not.toContain('state--over');

    // An exit opens its target's chart with the target centred, outlined and its details shown.
    await page.dispatchEvent('#chart [data-exit-target="session.pinReset.choosePin"]', 'click');
    await page.waitForSelector(
      '#chart svg[data-chart-id="pinReset"] .is-found.is-selected[data-state-id="session.pinReset.choosePin"]',
    );
    await page.waitForFunction(`${offCentre('session.pinReset.choosePin')} < 2`);
    expect(await page.textContent('#state-details h3')).toBe('session.pinReset.choosePin');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
