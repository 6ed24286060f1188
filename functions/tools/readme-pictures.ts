/**
 * `npm run readme:pictures [-- --out DIR]`: the README's two pictures, made by the product
 * itself from the public-domain sample photo docs/samples/astronaut.png.
 *
 * Starts the whole local stack (emulators and the three functions built under dist/, as
 * `npm start` does), opens the Telegram emulator's chat page in Debian's Chromium, presses
 * Start, sends the photo with a caption, and waits for the sticker the webhook, matting and
 * sender make.
 * Writes, as small palette PNGs:
 * - `sticker.png`: the photo and that sticker side by side, the sticker on a checkerboard;
 * - `chat-page.png`: a screenshot of the conversation.
 *
 * Needs what `npm test` needs: Java with the Pub/Sub and Firestore emulators, and Chromium.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { chromiumProblem, launchChromium, until } from '../../emulators/stack/chromium';
import { firestoreEmulatorProblem } from '../../emulators/stack/firestore';
import { ROOT } from '../../emulators/stack/functions';
import { pubsubEmulatorProblem } from '../../emulators/stack/pubsub';
import { startStack, type Stack } from '../../emulators/stack/stack';
import type { TelegramEmulator } from '../../emulators/telegram/server';
import { readmePng, sideBySide } from './side-by-side';

const SAMPLE = path.join(ROOT, 'docs', 'samples', 'astronaut.png');
const DEFAULT_OUT = path.join(ROOT, 'docs', 'pictures');
const USER = { id: 1001, name: 'Eileen' };
const CAPTION = 'Ad astra!';
/** Wide enough for the sidebar, tall enough for /start, its answer, the photo and the sticker. */
const VIEWPORT = { width: 1000, height: 1120 };
const STICKER_IMG = "document.querySelector('li.msg.bot img.sticker')";
const STICKER_TIMEOUT_MS = 120_000;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' } } });
  const out = path.resolve(values.out ?? DEFAULT_OUT);
  const problem =
    (existsSync(SAMPLE) ? null : `the sample photo ${SAMPLE} is missing`) ??
    chromiumProblem() ??
    pubsubEmulatorProblem() ??
    firestoreEmulatorProblem();
  if (problem) {
    console.error(`readme:pictures: ${problem}`);
    return 1;
  }
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  try {
    console.log('starting the local stack and Chromium…');
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
    const { sticker, screenshot } = await converse(browser, stack.telegram!);
    mkdirSync(out, { recursive: true });
    const pictures = {
      'sticker.png': await sideBySide(readFileSync(SAMPLE), sticker),
      'chat-page.png': await readmePng(screenshot),
    };
    for (const [name, png] of Object.entries(pictures)) {
      writeFileSync(path.join(out, name), png);
      console.log(`${path.relative(process.cwd(), path.join(out, name))}: ${png.length} bytes`);
    }
    return 0;
  } finally {
    await browser?.close();
    await stack?.stop();
  }
}

/**
 * The conversation in the chat page: /start, then the photo. Returns the sticker the bot
 * sent, as the emulator received it, and a screenshot of the page showing it.
 */
async function converse(
  browser: Browser,
  tg: TelegramEmulator,
): Promise<{ sticker: Buffer; screenshot: Buffer }> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${tg.chatPageUrl}?user=${USER.id}&name=${USER.name}`);
  await until(page, "document.getElementById('peer-status').textContent === 'bot'", 'connected');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.locator('li.msg.bot .text').first().waitFor({ timeout: 15_000 });
  const reply = tg.waitForMessage(
    (m) => m.chatId === USER.id && m.method === 'sendSticker',
    STICKER_TIMEOUT_MS,
  );
  await sendPhoto(page, SAMPLE, CAPTION);
  const sticker = (await reply).file?.data;
  if (!sticker) throw new Error('the bot sent a sticker without a file');
  await shown(page);
  if (errors.length > 0) throw new Error(`the chat page failed: ${errors.join('; ')}`);
  const screenshot = await page.screenshot();
  await context.close();
  return { sticker, screenshot };
}

/** Picks the photo with the paperclip button and sends it with a caption. */
async function sendPhoto(page: Page, photo: string, caption: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach a photo' }).click();
  await (await chooser).setFiles(photo);
  await page.getByRole('dialog', { name: 'Send a photo' }).waitFor();
  await page.getByLabel('Caption').fill(caption);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

/** Waits until the sticker is decoded and painted and the timing line under the photo is in. */
async function shown(page: Page): Promise<void> {
  await page.locator('li.msg.bot img.sticker').waitFor({ timeout: 15_000 });
  await until(page, `${STICKER_IMG}.complete && ${STICKER_IMG}.naturalWidth > 0`, 'the sticker');
  await page.evaluate(`${STICKER_IMG}.decode().then(() => true)`);
  await until(
    page,
    "/total \\d+ ms$/.test(document.querySelector('li.msg.user.kind-photo .timing')?.textContent ?? '')",
    'the timing line',
  );
  // Scrolled to the newest message: the page does it itself; wait until it has settled.
  await until(
    page,
    "(() => { const l = document.getElementById('log'); return l.scrollHeight - l.scrollTop - l.clientHeight < 4; })()",
    'the chat scrolled to the sticker',
  );
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`readme:pictures failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
