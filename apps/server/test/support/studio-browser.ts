import { type Browser, chromium, type Page } from 'playwright-core';

// Debian's Chromium (scripts/ensure-chromium.sh installs it); Playwright downloads no browser.
const CHROMIUM = '/usr/bin/chromium';

export interface StudioBrowser {
  readonly browser: Browser;
  /** A page at the designer's size, 1440x900. */
  readonly page: Page;
  /** Every uncaught error and console error the page reported. */
  readonly pageErrors: string[];
}

/** Headless Chromium with one page open, watching that page's errors. */
export async function openStudioBrowser(): Promise<StudioBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Without the background-networking flags Chromium keeps calling out, which this network refuses.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  return { browser, page, pageErrors };
}
