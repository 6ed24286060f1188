import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's Chromium, which playwright-core drives to open the chat page (the chat page
 * test, `npm run readme:pictures`). playwright-core downloads no browser of its own.
 */
export const CHROMIUM = '/usr/bin/chromium';

/** Why Chromium cannot be started here, or null when it can. */
export function chromiumProblem(): string | null {
  return existsSync(CHROMIUM)
    ? null
    : `${CHROMIUM} is missing: the chat page is driven with Debian's Chromium: apt-get install chromium (the README's prerequisites line).`;
}

/** Headless Chromium with a fresh profile (launch() makes a temporary one) and no network chatter. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Polls an expression in the page until it is true. Playwright's waitForFunction would
 * evaluate it with eval() inside the page, which the chat page's Content-Security-Policy
 * (rightly) forbids; page.evaluate goes through the DevTools protocol instead.
 *
 * @throws Error naming `what` when the expression is still false after `timeoutMs`.
 */
export async function until(
  page: Page,
  expression: string,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
