import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InlineKeyboardMarkup, Message } from 'telegraf/types';
import {
  ADD_TO_PACK,
  IN_PACK,
  OWN_STICKER,
  REMOVE_FROM_PACK,
  packButtonData,
  stickerKeyboard,
} from '../../shared/buttons';
import { renderMessage, type MessageKey } from '../../shared/messages';
import { packName, packNameKey } from '../../functions/webhook/packs';
import { assertPersonSticker, evalPhoto, replyTo } from './helpers';
import { startStack, type Stack } from '../stack/stack';
import type { SentMessage, TelegramEmulator } from '../telegram/server';

/**
 * Packs people manage (issue 15), end to end on the local stack (the functions as
 * deployed, Firestore, Pub/Sub, Storage and Telegram emulators): one real photo gives the
 * sticker every action below works on. Each test checks the Bot API calls the bot made
 * and what the user sees in the chat.
 */
describe('packs people manage, on the local stack', { timeout: 300_000 }, () => {
  let stack: Stack;
  let tg: TelegramEmulator;
  let name: string;
  let sticker: SentMessage;
  let photo: Message;
  const user = { userId: 8801, firstName: 'Lena', languageCode: 'uk' };
  const says = (key: MessageKey, params: Record<string, string | number> = {}) =>
    renderMessage(key, user.languageCode, params);
  const keyboardOf = (m: Message) =>
    (tg.message(m) as { reply_markup?: InlineKeyboardMarkup } | undefined)?.reply_markup;
  const calls = (method: string) => tg.calls().filter((c) => c.method === method);

  /** The user's message, then the bot's answers to it once the webhook is done. */
  async function send(text: string): Promise<SentMessage> {
    const update = await tg.sendText(user, text);
    return replyTo(tg, user.userId, update.message.message_id);
  }

  /** Presses a button; resolves when the bot answered the press. */
  async function press(message: Message, data: string): Promise<Record<string, unknown>> {
    const update = await tg.pressButton(user, message, data);
    const id = update.callback_query.id;
    for (let i = 0; i < 600; i++) {
      const answered = calls('answerCallbackQuery').find((c) => c.params.callback_query_id === id);
      if (answered) {
        await tg.idle();
        return answered.params;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the press on ${data} was never answered`);
  }

  before(async () => {
    stack = await startStack();
    tg = stack.telegram!;
    const me = (await (await fetch(`${tg.apiRoot}/bot${tg.token}/getMe`)).json()) as {
      result: { username: string };
    };
    name = packName(user.userId, 1, me.result.username, packNameKey(tg.token));
    await tg.sendText(user, '/start');
    const update = await tg.sendPhoto(user, evalPhoto('ccp/015.jpg'), {
      caption: 'Вітаю з днем народження 🎂',
    });
    photo = update.message;
    sticker = await replyTo(tg, user.userId, photo.message_id);
    await assertPersonSticker(sticker);
  });
  after(async () => {
    await stack?.stop();
  });

  test('the photo got a 👀 reaction as soon as it was taken', () => {
    assert.deepEqual(tg.reactionOn(photo), ['👀']);
  });

  test('an add: keywords from the caption, no sticker_format, the button says it is in', async () => {
    const answered = await press(sticker.message, ADD_TO_PACK);
    assert.equal(answered.text, says('pack_added_toast'));
    const create = calls('createNewStickerSet').at(-1);
    assert.ok(create && !('sticker_format' in create.params));
    const inSet = tg.stickerSetContents(name)!.stickers;
    assert.deepEqual(inSet[0]?.emojiList, ['🎂']);
    assert.deepEqual(inSet[0]?.keywords, ['вітаю', 'з', 'днем', 'народження']);
    assert.deepEqual(keyboardOf(sticker.message)?.inline_keyboard[0]?.[0], {
      text: says('pack_in_button'),
      callback_data: IN_PACK,
    });
    assert.ok(calls('editMessageReplyMarkup').length >= 1);
  });

  test('/undo right after the add takes that sticker out and says so in Ukrainian', async () => {
    const added = tg.stickerSetContents(name)!.stickers.at(-1)!;
    const answer = await send('/undo');
    assert.equal(calls('deleteStickerFromSet').at(-1)?.params.sticker, added.fileId);
    const title = tg.stickerSet(name)!.title;
    const link = `https://t.me/addstickers/${name}`;
    assert.equal(answer.text, says('undo_done', { title, link }));
    assert.equal(tg.stickerSetContents(name)?.stickers.length, 0);
    assert.deepEqual(keyboardOf(sticker.message), stickerKeyboard(user.languageCode));
    assert.equal((await send('/undo')).text, says('undo_nothing'));
  });

  test('"✓ In your pack" pressed offers removal, which takes the sticker out', async () => {
    await press(sticker.message, ADD_TO_PACK);
    assert.equal(tg.stickerSetContents(name)?.stickers.length, 1);
    assert.equal((await press(sticker.message, IN_PACK)).text, says('pack_in_toast'));
    assert.equal((await press(sticker.message, REMOVE_FROM_PACK)).text, says('pack_removed_toast'));
    assert.equal(tg.stickerSetContents(name)?.stickers.length, 0);
    assert.deepEqual(keyboardOf(sticker.message), stickerKeyboard(user.languageCode));
  });

  test('the sticker sent back: new emoji, to the front, the pack icon, removed', async () => {
    await press(sticker.message, ADD_TO_PACK);
    const inSet = tg.stickerSetContents(name)!.stickers[0]!;
    const sent = await tg.sendSticker(user, inSet.fileId);
    const answer = await replyTo(tg, user.userId, sent.message.message_id);
    const title = tg.stickerSet(name)!.title;
    assert.equal(answer.text, says('own_sticker', { title }));

    await press(answer.message, OWN_STICKER.emoji);
    assert.equal((await send('😍🥳')).text, says('emoji_done', { emoji: '😍🥳' }));
    assert.deepEqual(calls('setStickerEmojiList').at(-1)?.params.emoji_list, ['😍', '🥳']);
    assert.deepEqual(tg.stickerSetContents(name)?.stickers[0]?.emojiList, ['😍', '🥳']);

    assert.equal((await press(answer.message, OWN_STICKER.front)).text, says('front_already'));
    assert.equal(calls('setStickerPositionInSet').at(-1)?.params.position, 0);

    const icon = await press(answer.message, OWN_STICKER.thumbnail);
    assert.equal(icon.text, says('thumb_done', { title }));
    assert.ok(tg.stickerSetContents(name)?.thumbnail, 'the set has its own icon');

    await press(answer.message, OWN_STICKER.remove);
    // the file_id the bot got with the user's message: any of a file's ids will do
    assert.equal(
      calls('deleteStickerFromSet').at(-1)?.params.sticker,
      sent.message.sticker.file_id,
    );
    assert.equal(tg.stickerSetContents(name)?.stickers.length, 0);
  });

  test('an edited caption: nothing while the sticker is in no pack, new keywords once it is', async () => {
    const repliesToPhoto = () =>
      tg.sentMessages(user.userId).filter((m) => m.replyToMessageId === photo.message_id);
    const before = repliesToPhoto().length;
    await tg.editCaption(user, photo, 'Привіт, бабусю! 🎂');
    await tg.idle();
    assert.equal(calls('setStickerKeywords').length, 0);
    assert.equal(repliesToPhoto().length, before, 'no answer for a sticker in no pack');

    await press(sticker.message, ADD_TO_PACK);
    const title = tg.stickerSet(name)!.title;
    await tg.editCaption(user, photo, 'Люба бабуся Оля');
    const answer = await tg.waitForMessage(
      (m) => m.replyToMessageId === photo.message_id && m.method === 'sendMessage',
      60_000,
    );
    const keywords = ['люба', 'бабуся', 'оля'];
    assert.equal(answer.text, says('keywords_set', { title, keywords: keywords.join(', ') }));
    const inSet = tg.stickerSetContents(name)!.stickers[0]!;
    const call = calls('setStickerKeywords').at(-1);
    assert.equal(call?.params.sticker, inSet.fileId);
    assert.deepEqual(call?.params.keywords, keywords);
    assert.deepEqual(inSet.keywords, keywords);
    await send('/undo'); // as the next test wants it: in no pack
    assert.equal(tg.stickerSetContents(name)?.stickers.length, 0);
  });

  test('/pack: rename the pack, then delete it after saying yes', async () => {
    await press(sticker.message, ADD_TO_PACK);
    const listed = await send('/pack');
    assert.match(listed.text ?? '', new RegExp(`addstickers/${name}`));
    await press(listed.message, packButtonData('rename', name));
    assert.equal((await send('Моя родина')).text, says('rename_done', { title: 'Моя родина' }));
    assert.equal(calls('setStickerSetTitle').at(-1)?.params.title, 'Моя родина');
    assert.equal(tg.stickerSet(name)?.title, 'Моя родина');

    await press(listed.message, packButtonData('delete', name));
    const ask = tg.sentMessages(user.userId).at(-1)!;
    assert.equal(ask.text, says('delete_ask', { title: 'Моя родина', count: 1 }));
    assert.ok(tg.stickerSet(name), 'nothing deleted before the answer');
    await press(ask.message, packButtonData('confirm', name));
    assert.equal(calls('deleteStickerSet').at(-1)?.params.name, name);
    assert.equal(tg.stickerSet(name), undefined);
    const done = tg.sentMessages(user.userId).at(-1);
    assert.equal(done?.text, says('delete_done', { title: 'Моя родина' }));
  });

  test('the command menu lists /undo in every language', () => {
    for (const lang of ['en', 'es', 'ru', 'de', 'pt', 'fr', 'it', 'uk', 'tr', 'id']) {
      const shown = tg.commandsShownTo({ userId: 1, languageCode: lang });
      const undo = shown.find((c) => c.command === 'undo');
      assert.equal(undo?.description, renderMessage('cmd_undo', lang));
    }
  });
});
