import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { Telegram } from 'telegraf';
import { ALLOWED_UPDATES } from '../../shared/allowed-updates';
import { EVAL_DIR } from '../../shared/testing';
import { chromiumProblem, launchChromium, until } from '../stack/chromium';
import { startStack, type Stack } from '../stack/stack';
import type { TelegramEmulator } from '../telegram/server';

/**
 * The chat page in a real browser, on the whole local stack: Debian's Chromium driven by
 * playwright-core opens the page the Telegram emulator serves, sends a real photo of a
 * person through the file picker, and sees the sticker the three functions make come
 * back, rendered with its transparency, with the timing line and the chat action.
 */
const PHOTO = path.join(EVAL_DIR, 'ccp', '001.jpg');
const SHOTS = process.env.CHAT_PAGE_SCREENSHOTS ?? path.join(os.tmpdir(), 'sticker-bot-chat-page');
const USER = { id: 424242, name: 'Ada' };
const STICKER_IMG = "document.querySelector('li.msg.bot img.sticker')";
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

function checkPrerequisites(): void {
  const problem = chromiumProblem();
  if (problem) throw new Error(problem);
  if (!existsSync(PHOTO)) {
    throw new Error(
      `evaluation photo ${PHOTO} is missing: the chat page test needs ../shared/eval beside the repository`,
    );
  }
}

describe('chat page in Chromium', { timeout: 150_000 }, () => {
  let stack: Stack;
  let tg: TelegramEmulator;
  let browser: Browser;
  let desktop: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const pageUrl = () => `${tg.chatPageUrl}?user=${USER.id}&name=${USER.name}`;

  /** A page that reports its errors and any request leaving the emulator. */
  async function openPage(context: BrowserContext): Promise<Page> {
    const p = await context.newPage();
    p.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    p.on('request', (r) => {
      if (!/^(data|blob):/.test(r.url()) && !r.url().startsWith(tg.apiRoot)) {
        problems.push(`request outside the emulator: ${r.url()}`);
      }
    });
    await p.goto(pageUrl());
    await until(p, "document.getElementById('peer-status').textContent === 'bot'", 'connected');
    return p;
  }

  before(async () => {
    checkPrerequisites();
    mkdirSync(SHOTS, { recursive: true });
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
    tg = stack.telegram!;
    desktop = await browser.newContext({ viewport: DESKTOP });
    page = await openPage(desktop);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('text commands: Start sends /start and the reply shows', async () => {
    await page.getByRole('button', { name: 'Start' }).click();
    await page
      .locator('li.msg.bot .text', { hasText: 'Send me a photo of a person' })
      .waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('li.msg.user .text', { hasText: '/start' }).count(), 1);
  });

  test('a photo picked in the page comes back as a sticker with transparency', async () => {
    // Remember every text the header status shows: the chat action may last only 0.2 s.
    await page.evaluate(`
      window.statusSeen = [];
      new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) window.statusSeen.push(n.textContent);
      }).observe(document.getElementById('peer-status'), { childList: true });
    `);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach a photo' }).click();
    await (await chooser).setFiles(PHOTO);
    await page.getByRole('dialog', { name: 'Send a photo' }).waitFor();
    await page.getByRole('button', { name: 'Send', exact: true }).click();

    const photo = page.locator('li.msg.user.kind-photo:not(.pending) img.media');
    await photo.waitFor({ timeout: 15_000 });
    const sticker = page.locator('li.msg.bot img.sticker');
    await sticker.waitFor({ timeout: 60_000 });
    await until(
      page,
      `!!${STICKER_IMG} && ${STICKER_IMG}.complete && ${STICKER_IMG}.naturalWidth > 0`,
      'sticker decoded',
    );

    // The decoded image keeps its alpha: draw it on a canvas and read it back.
    const px = await page.evaluate<StickerPixels>(
      `(() => {
      const img = ${STICKER_IMG};
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      const a = (x, y) => g.getImageData(x, y, 1, 1).data[3];
      const w = c.width, h = c.height;
      return { w, h, corners: [a(0, 0), a(w - 1, 0), a(0, h - 1), a(w - 1, h - 1)], centre: a(w >> 1, h >> 1) };
    })()`,
    );
    assert.equal(Math.max(px.w, px.h), 512, `one side is 512 px (${px.w}x${px.h})`);
    assert.deepEqual(px.corners, [0, 0, 0, 0], 'corners are transparent');
    assert.equal(px.centre, 255, 'the person in the middle is opaque');

    // Timing line under the photo, once the sender has reported.
    const timing = page.locator('li.msg.user.kind-photo .timing');
    await until(
      page,
      "/^webhook \\d+ ms · matting \\d+ ms · sender \\d+ ms · total \\d+ ms$/.test(document.querySelector('li.msg.user.kind-photo .timing')?.textContent ?? '')",
      'the timing line with every stage',
    );
    const line = await timing.textContent();
    const total = Number(/total (\d+) ms/.exec(line ?? '')?.[1]);
    assert.ok(total > 0 && total < 60_000, `total is plausible: ${line}`);

    // The page scrolled to the newest message by itself.
    const fromBottom = await page.evaluate<number>(
      "(() => { const l = document.getElementById('log'); return l.scrollHeight - l.scrollTop - l.clientHeight; })()",
    );
    assert.ok(fromBottom < 4, `scrolled to the newest message (${fromBottom}px from the end)`);

    // And on screen the chat background shows through: the top corners look the same with
    // and without the sticker, the middle does not. Decoded for painting first, not just
    // loaded, and after the timing line so the layout has settled.
    await page.evaluate(`${STICKER_IMG}.decode().then(() => true)`);
    const shot = async () => {
      const box = await sticker.boundingBox();
      assert.ok(box);
      return page.screenshot({ clip: box });
    };
    const withSticker = await pixels(await shot());
    await page.evaluate(`${STICKER_IMG}.style.visibility = 'hidden'`);
    const without = await pixels(await shot());
    await page.evaluate(`${STICKER_IMG}.style.visibility = ''`);
    const w = withSticker.width;
    for (const [x, y] of [
      [3, 3],
      [w - 4, 3],
    ] as const) {
      const [a, b] = [withSticker.at(x, y), without.at(x, y)];
      assert.ok(colourDistance(a, b) < 12, `background shows through at ${x},${y}: ${rgb(a, b)}`);
    }
    const [cx, cy] = [Math.floor(w / 2), Math.floor(withSticker.height / 2)];
    const [a, b] = [withSticker.at(cx, cy), without.at(cx, cy)];
    assert.ok(colourDistance(a, b) > 12, `the person is drawn at the centre: ${rgb(a, b)}`);

    const seen = await page.evaluate<string[]>('window.statusSeen');
    assert.ok(seen.includes('choosing a sticker…'), `chat action shown (saw ${seen.join(' | ')})`);
    assert.equal(await page.locator('#peer-status').textContent(), 'bot', 'action cleared');

    const add = page.getByRole('button', { name: /add to my pack/i });
    if ((await add.count()) > 0) {
      const answer = page.waitForResponse((r) => r.url().endsWith('/chat/api/callback'));
      await add.first().click();
      const result = (await (await answer).json()) as { update_id: number; delivered: boolean };
      assert.ok(result.delivered, 'the press reaches the bot');
      await waitForDelivery(tg, result.update_id);
    }

    await page.screenshot({ path: path.join(SHOTS, 'desktop-1280x800.png') });
  });

  test('the same chat on a phone-sized screen, history included', async () => {
    const phone = await browser.newContext({
      viewport: PHONE,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    try {
      const p = await openPage(phone);
      await p.locator('li.msg.bot img.sticker').waitFor();
      await until(
        p,
        "[...document.images].every((i) => i.complete) && !!document.querySelector('.timing')",
        'history with images and timing',
      );
      // Nothing wider than the screen: no sideways scrolling on a phone.
      const overflow = await p.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
      assert.equal(await p.locator('.sidebar').isVisible(), false, 'no sidebar on a phone');
      assert.equal(await p.getByRole('button', { name: 'Attach a photo' }).isVisible(), true);
      await p.screenshot({ path: path.join(SHOTS, 'phone-390x844.png') });
    } finally {
      await phone.close();
    }
  });

  test('inline buttons send real callback queries, and answers show', async () => {
    const bot = new Telegram(stack.botToken, { apiRoot: stack.apiRoot });
    await bot.sendMessage(USER.id, 'Keep this sticker?', {
      reply_markup: {
        inline_keyboard: [
          [{ text: 'Keep it', callback_data: 'keep' }],
          [{ text: 'About stickers', url: 'https://core.telegram.org/stickers' }],
        ],
      },
    });
    const keep = page.getByRole('button', { name: 'Keep it' });
    await keep.waitFor();
    assert.equal(
      await page.getByRole('link', { name: 'About stickers' }).getAttribute('href'),
      'https://core.telegram.org/stickers',
    );
    const press = async () => {
      const response = page.waitForResponse((r) => r.url().endsWith('/chat/api/callback'));
      await keep.click();
      return (await (await response).json()) as {
        ok: boolean;
        update_id: number;
        callback_query_id: string;
        delivered: boolean;
      };
    };

    // While the webhook is not subscribed to callback_query, Telegram does not deliver a
    // press, and the page says why.
    await bot.setWebhook(stack.webhookUrl, {
      secret_token: stack.webhookSecret,
      allowed_updates: ['message'],
    });
    const dropped = await press();
    assert.equal(dropped.delivered, false);
    await page.locator('#toast', { hasText: 'allowed_updates' }).waitFor();

    // A bot that handles buttons subscribes to callback_query: then the press reaches it.
    await bot.setWebhook(stack.webhookUrl, {
      secret_token: stack.webhookSecret,
      allowed_updates: [...new Set([...ALLOWED_UPDATES, 'callback_query' as const])],
    });
    const pressed = await press();
    assert.ok(pressed.ok && pressed.delivered);
    await waitForDelivery(tg, pressed.update_id);
    const handled = stack.functions.webhook.logs.find(
      (l) => l.message === 'update handled' && Number(l.updateId) === pressed.update_id,
    );
    assert.ok(handled, 'the webhook function handled the callback_query update');
    assert.deepEqual(handled.kinds, ['update_id', 'callback_query']);
    // The bot answers a button it does not know (here 'keep') without text, which stops
    // the client's spinner; a query is answered once.
    await until(
      page,
      '!document.querySelector(\'.inline-button[aria-busy="true"]\')',
      'spinner gone',
    );
    assert.ok(
      tg
        .calls()
        .some(
          (c) =>
            c.method === 'answerCallbackQuery' &&
            c.params.callback_query_id === pressed.callback_query_id,
        ),
      'the webhook answered the callback query',
    );
    await assert.rejects(bot.answerCbQuery(pressed.callback_query_id, 'again'), /query is too old/);
  });

  test('an image sent as a file shows as a document and still becomes a sticker', async () => {
    const stickers = await page.locator('li.msg.bot img.sticker').count();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach a photo' }).click();
    await (await chooser).setFiles(PHOTO);
    await page.getByLabel('Send as a file (no compression)').check();
    await page.getByLabel('Caption').fill('as a file');
    await page.keyboard.press('Enter');
    await page
      .locator('li.msg.user.kind-document', { hasText: '001.jpg' })
      .waitFor({ timeout: 15_000 });
    await until(
      page,
      `document.querySelectorAll('li.msg.bot img.sticker').length > ${stickers}`,
      'a second sticker',
      60_000,
    );
  });

  test('"Add to my pack" under a sticker: toast, link, and the set opens in the page', async () => {
    // The first sticker was added in the photo test; this one (the document's) is new.
    const add = page.getByRole('button', { name: 'Add to my pack' }).last();
    await add.click();
    await page.locator('#toast', { hasText: 'Added to your pack' }).waitFor({ timeout: 15_000 });
    await page
      .locator('li.msg.bot', { hasText: 'Added to your sticker pack' })
      .nth(1)
      .waitFor({ timeout: 15_000 });
    const open = page.getByRole('button', { name: /^View sticker set s[a-z2-7]{16}_by_/ }).first();
    await open.click();
    const dialog = page.getByRole('dialog', { name: /stickers/ });
    await dialog.waitFor();
    await until(
      page,
      "document.querySelectorAll('#set-grid img').length === 2",
      'both stickers in the set',
    );
    await page.screenshot({ path: path.join(SHOTS, 'sticker-set.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  test('what the bot changes shows in place: its reaction, an edited keyboard, the set as it changes', async () => {
    const bot = new Telegram(stack.botToken, { apiRoot: stack.apiRoot });
    const photoId = Number(
      await page.locator('li.msg.user.kind-photo').first().getAttribute('data-id'),
    );
    await bot.setMessageReaction(USER.id, photoId, [{ type: 'emoji', emoji: '👍' }]);
    await page
      .locator(`li.msg[data-id="${photoId}"] .reactions .reaction`, { hasText: '👍' })
      .waitFor();

    const keyboard = (text: string, data: string) => ({
      inline_keyboard: [[{ text, callback_data: data }]],
    });
    const pick = await bot.sendMessage(USER.id, 'Pick one', {
      reply_markup: keyboard('Before', 'b'),
    });
    await page.getByRole('button', { name: 'Before' }).waitFor();
    await bot.editMessageReplyMarkup(USER.id, pick.message_id, undefined, keyboard('After', 'a'));
    const edited = page.locator(`li.msg[data-id="${pick.message_id}"]`);
    await edited.getByRole('button', { name: 'After' }).waitFor();
    assert.equal(
      await page.getByRole('button', { name: 'Before' }).count(),
      0,
      'replaced, not added',
    );
    assert.equal(await page.locator('li.msg', { hasText: 'Pick one' }).count(), 1);

    const [set] = tg.stickerSetsOf(USER.id);
    assert.ok(set && set.stickers.length === 2, 'the pack made by the earlier tests');
    await page
      .getByRole('button', { name: `View sticker set ${set.name}` })
      .first()
      .click();
    // Found by id: its accessible name is the set's title, which the bot is about to change.
    const dialog = page.locator('#set-dialog');
    await dialog.waitFor();
    const [first, second] = set.stickers;
    assert.ok(first && second);
    await bot.setStickerSetTitle(set.name, 'Renamed while open');
    await page.locator('#set-title', { hasText: 'Renamed while open' }).waitFor();
    await bot.setStickerEmojiList(second.file_id, ['🐱', '🎉']);
    await bot.setStickerPositionInSet(second.file_id, 0);
    await until(
      page,
      "document.querySelector('#set-grid .set-send')?.getAttribute('aria-label') === 'Send sticker 🐱 🎉'",
      'the re-emojied sticker moved to the front',
    );
    const thumb = await sharp({
      create: { width: 100, height: 100, channels: 4, background: '#e33' },
    })
      .webp()
      .toBuffer();
    await (bot.callApi as unknown as (m: string, p: object) => Promise<unknown>)(
      'setStickerSetThumbnail',
      {
        name: set.name,
        user_id: USER.id,
        thumbnail: { source: thumb },
        format: 'static',
      },
    );
    await until(page, "!document.getElementById('set-thumb').hidden", 'the thumbnail shows');
    await bot.deleteStickerFromSet(first.file_id);
    await until(page, "document.querySelectorAll('#set-grid .set-send').length === 1", 'one left');
    await page.screenshot({ path: path.join(SHOTS, 'sticker-set-edited.png') });

    // Tapping a sticker sends it to the bot, as a client's sticker panel does.
    const update = page.waitForResponse((r) => r.url().endsWith('/chat/api/send'));
    await dialog.getByRole('button', { name: 'Send sticker 🐱 🎉' }).click();
    const sent = (await (await update).json()) as { ok: boolean; message_id: number };
    assert.ok(sent.ok);
    await page
      .locator(`li.msg.user.kind-sticker[data-id="${sent.message_id}"] img.sticker`)
      .waitFor();
    const received = tg.message({ message_id: sent.message_id, chat: { id: USER.id } });
    assert.ok(received && 'sticker' in received);
    assert.equal(received.sticker.set_name, set.name);

    await page
      .locator(`li.msg[data-id="${sent.message_id}"]`)
      .getByRole('button', { name: `View sticker set ${set.name}` })
      .click();
    await dialog.waitFor();
    await bot.deleteStickerSet(set.name);
    await page.locator('#set-title', { hasText: 'Sticker set deleted' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  test('the page made no request outside the emulator and logged no error', () => {
    assert.deepEqual(problems, []);
  });
});

/** Waits until the emulator has delivered the update to the webhook with a 2xx. */
async function waitForDelivery(tg: TelegramEmulator, updateId: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const d = tg.webhookDeliveries().find((x) => x.updateId === updateId);
    if (d?.status === 'delivered') {
      assert.equal(d.lastStatus, 200);
      return;
    }
    if (Date.now() > deadline)
      assert.fail(`update ${updateId} not delivered: ${JSON.stringify(d)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type Rgb = [number, number, number];

async function pixels(png: Buffer) {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    at: (x: number, y: number): Rgb => {
      const i = (y * info.width + x) * 3;
      return [data[i]!, data[i + 1]!, data[i + 2]!];
    },
  };
}

const rgb = (a: Rgb, b: Rgb) => `rgb(${a.join(',')}) with the sticker, rgb(${b.join(',')}) without`;

function colourDistance(a: Rgb, b: Rgb): number {
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
}

/** Size and alpha samples of the sticker as the browser decoded it. */
interface StickerPixels {
  w: number;
  h: number;
  corners: number[];
  centre: number;
}
