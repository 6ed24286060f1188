import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { ADD_TO_PACK } from '../../shared/buttons';
import { renderMessage } from '../../shared/messages';
import { packName, packNameKey } from '../../functions/webhook/packs';
import { assertPersonSticker, evalPhoto, replyTo } from './helpers';
import { startStack, type Stack } from '../stack/stack';
import type { SentMessage, TelegramEmulator } from '../telegram/server';

/**
 * The features people choose a sticker bot for, end to end on the local stack (Storage,
 * Pub/Sub, Firestore and Telegram emulators, the functions as deployed): captions, the
 * "Add to my pack" button, /outline, answers in the user's language, fair use.
 */
let userSeq = 7000;
const newUser = (languageCode = 'en') => ({ userId: ++userSeq, firstName: 'Iris', languageCode });

interface Pixels {
  px: Buffer;
  width: number;
  height: number;
}

/** The sticker's RGBA pixels; `person` also checks it is a sticker of a person. */
async function pixels(m: SentMessage, person = true): Promise<Pixels> {
  if (person) await assertPersonSticker(m);
  assert.equal(m.method, 'sendSticker');
  const { data, info } = await sharp(m.file!.data)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { px: data, width: info.width, height: info.height };
}

/**
 * Rows (from the top) below the person that hold text: after the last fully transparent
 * row that has opaque rows both above and below it. Undefined when the opaque part is one
 * block (no caption).
 */
function captionBand(p: Pixels): { top: number; white: number; dark: number } | undefined {
  const opaqueRow = (y: number) => {
    for (let x = 0; x < p.width; x++) if (p.px[(y * p.width + x) * 4 + 3]! > 0) return true;
    return false;
  };
  const rows = Array.from({ length: p.height }, (_, y) => opaqueRow(y));
  const first = rows.indexOf(true);
  const last = rows.lastIndexOf(true);
  let gap = -1;
  for (let y = first; y <= last; y++) if (!rows[y]) gap = y;
  if (gap < 0) return undefined;
  let white = 0;
  let dark = 0;
  for (let i = (gap + 1) * p.width * 4; i < p.px.length; i += 4) {
    if (p.px[i + 3]! < 250) continue;
    const [r, g, b] = [p.px[i]!, p.px[i + 1]!, p.px[i + 2]!];
    if (r > 230 && g > 230 && b > 230) white++;
    if (r < 50 && g < 50 && b < 50) dark++;
  }
  return { top: gap + 1, white, dark };
}

/**
 * Share of the cut-out's border pixels (opaque, next to a not quite opaque one) that are
 * white: about 1 with the outline on, far less with it off.
 */
function whiteBorderShare(p: Pixels): number {
  const alpha = (x: number, y: number) =>
    x < 0 || y < 0 || x >= p.width || y >= p.height ? 255 : p.px[(y * p.width + x) * 4 + 3]!;
  let border = 0;
  let white = 0;
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      if (alpha(x, y) < 250) continue;
      if (Math.min(alpha(x - 1, y), alpha(x + 1, y), alpha(x, y - 1), alpha(x, y + 1)) >= 250) {
        continue;
      }
      border++;
      const i = (y * p.width + x) * 4;
      if (p.px[i]! > 235 && p.px[i + 1]! > 235 && p.px[i + 2]! > 235) white++;
    }
  }
  return white / border;
}

describe('stickers people enjoy, on the local stack', { timeout: 300_000 }, () => {
  let stack: Stack;
  let tg: TelegramEmulator;
  let botUsername: string;

  before(async () => {
    evalPhoto('ccp/001.jpg');
    stack = await startStack();
    tg = stack.telegram!;
    const me = (await (await fetch(`${tg.apiRoot}/bot${tg.token}/getMe`)).json()) as {
      result: { username: string };
    };
    botUsername = me.result.username;
  });
  after(async () => {
    await stack?.stop();
  });

  test('a photo with a caption gives a sticker with the caption under the person', async () => {
    const plainUser = newUser();
    const plain = await tg.sendPhoto(plainUser, evalPhoto('ccp/001.jpg'));
    const without = await pixels(await replyTo(tg, plainUser.userId, plain.message.message_id));
    assert.equal(captionBand(without), undefined, 'no caption, no text band');

    const user = newUser('ru');
    const update = await tg.sendPhoto(user, evalPhoto('ccp/001.jpg'), {
      caption: 'Привет, мир! 😀',
    });
    const reply = await replyTo(tg, user.userId, update.message.message_id);
    const p = await pixels(reply, false); // the text changes the share of opaque pixels
    assert.equal(Math.max(p.width, p.height), 512);
    assert.ok(reply.file!.data.length <= 512 * 1024);
    const band = captionBand(p);
    assert.ok(band, 'a transparent gap, then text under the person');
    assert.ok(band.top > p.height / 2, `text is under the person (from row ${band.top})`);
    assert.ok(band.white > 200, `white letters (${band.white} px)`);
    assert.ok(band.dark > 200, `dark rim for contrast (${band.dark} px)`);
  });

  test('"Add to my pack" creates the pack, then extends it; /pack links it', async () => {
    const user = newUser('es');
    await tg.sendText(user, '/start'); // Telegram only lets bots make packs for users they know
    const stickers: SentMessage[] = [];
    // the second photo's caption has an emoji: the sticker is sent with it, and filed under it
    for (const [rel, caption] of [
      ['ccp/015.jpg', undefined],
      ['ccp/021.jpg', '¡Fiesta! 🎉'],
    ] as const) {
      const update = await tg.sendPhoto(user, evalPhoto(rel), caption ? { caption } : {});
      const m = await replyTo(tg, user.userId, update.message.message_id);
      if (caption) assert.equal(m.method, 'sendSticker');
      else await assertPersonSticker(m);
      const sent = 'sticker' in m.message ? m.message.sticker : undefined;
      assert.equal(sent?.emoji, caption ? '🎉' : undefined);
      const button = (m.replyMarkup as InlineKeyboardMarkup).inline_keyboard[0]?.[0];
      assert.deepEqual(button, {
        text: renderMessage('pack_button', 'es'),
        callback_data: ADD_TO_PACK,
      });
      stickers.push(m);
    }
    const name = packName(user.userId, 1, botUsername, packNameKey(tg.token));
    const link = `https://t.me/addstickers/${name}`;

    const press = async (m: SentMessage, count: number) => {
      const query = await tg.pressButton(user, m.message, ADD_TO_PACK);
      const answer = await tg.waitForMessage(
        (s) => s.chatId === user.userId && s.replyToMessageId === m.messageId,
        30_000,
      );
      const title = renderMessage('pack_title', 'es', { name: 'Iris' });
      assert.equal(answer.text, renderMessage('pack_added', 'es', { title, link }));
      assert.equal(tg.stickerSet(name)?.stickers.length, count);
      const answered = tg
        .calls()
        .find(
          (c) =>
            c.method === 'answerCallbackQuery' &&
            c.params.callback_query_id === query.callback_query.id,
        );
      assert.equal(answered?.params.text, renderMessage('pack_added_toast', 'es'));
    };
    await press(stickers[0]!, 1);
    const set = tg.stickerSet(name)!;
    assert.equal(set.title, renderMessage('pack_title', 'es', { name: 'Iris' }));
    await press(stickers[1]!, 2);
    assert.equal(tg.stickerSetsOf(user.userId).length, 1);
    assert.deepEqual(
      tg.stickerSet(name)?.stickers.map((s) => s.emoji),
      ['🙂', '🎉'],
    );

    const pack = await tg.sendText(user, '/pack');
    const listed = await replyTo(tg, user.userId, pack.message.message_id);
    assert.match(listed.text ?? '', new RegExp(name));
  });

  test('/outline turns the white outline off for the next sticker, and on again', async () => {
    const user = newUser();
    const sticker = async () => {
      const update = await tg.sendPhoto(user, evalPhoto('ccp/031.jpg'));
      return pixels(await replyTo(tg, user.userId, update.message.message_id));
    };
    const command = async (text: string, key: 'outline_on' | 'outline_off') => {
      const update = await tg.sendText(user, text);
      const reply = await replyTo(tg, user.userId, update.message.message_id);
      assert.equal(reply.text, renderMessage(key, 'en'));
    };
    const on = whiteBorderShare(await sticker());
    await command('/outline', 'outline_off');
    const off = whiteBorderShare(await sticker());
    await command('/outline', 'outline_on');
    const again = whiteBorderShare(await sticker());
    assert.ok(on > 0.9, `outline on: ${on.toFixed(2)} of the border is white`);
    assert.ok(off < 0.5, `outline off: ${off.toFixed(2)} of the border is white`);
    assert.ok(again > 0.9, `outline on again: ${again.toFixed(2)}`);
  });

  test('a PDF and a 25 MB file get the right answer in the user language', async () => {
    for (const lang of ['de', 'pt-br']) {
      const user = newUser(lang);
      const pdf = await tg.sendDocument(user, Buffer.from('%PDF-1.4\n%%EOF\n'), {
        fileName: 'lebenslauf.pdf',
        mimeType: 'application/pdf',
      });
      assert.equal(
        (await replyTo(tg, user.userId, pdf.message.message_id)).text,
        renderMessage('not_media', lang),
      );
      const huge = await tg.sendDocument(user, Buffer.alloc(25 * 1024 * 1024, 7), {
        fileName: 'huge.png',
        mimeType: 'image/png',
      });
      assert.equal(
        (await replyTo(tg, user.userId, huge.message.message_id)).text,
        renderMessage('too_big', lang),
      );
    }
  });

  test('the 11th photo in a minute is refused politely, and no work is started for it', async () => {
    const user = newUser();
    const photo = evalPhoto('nprportrait/001.png');
    const updates = [];
    for (let i = 0; i < 11; i++) updates.push(await tg.sendPhoto(user, photo));
    const replies = await Promise.all(
      updates.map((u) => replyTo(tg, user.userId, u.message.message_id)),
    );
    assert.deepEqual(
      replies.map((m) => m.method),
      [...Array<string>(10).fill('sendSticker'), 'sendMessage'],
    );
    const refusal = replies[10]!.text ?? '';
    const seconds = Number(/in (\d+) s/.exec(refusal)?.[1]);
    assert.equal(refusal, renderMessage('rate_limited', 'en', { limit: 10, seconds }));
    const last = updates[10]!.update_id;
    const matting = stack.functions.matting.logs.filter((l) => l.updateId === last);
    assert.deepEqual(matting, [], 'matting never saw the refused photo');
  });

  test('the command menu is registered in every language, English by default', () => {
    for (const lang of ['en', 'es', 'ru', 'de', 'pt', 'fr', 'it', 'uk', 'tr', 'id']) {
      const shown = tg.commandsShownTo({ userId: 1, languageCode: lang });
      assert.deepEqual(
        shown.map((c) => c.command),
        ['start', 'help', 'outline', 'pack', 'undo', 'forget'],
      );
      assert.equal(shown[2]?.description, renderMessage('cmd_outline', lang));
    }
    const japanese = tg.commandsShownTo({ userId: 1, languageCode: 'ja' });
    assert.equal(japanese[2]?.description, renderMessage('cmd_outline', 'en'));
  });
});
