/**
 * What the bot changes on messages already in the chat, through the real telegraf client:
 * its reaction on the user's photo (setMessageReaction) and the keyboard under its own
 * sticker (editMessageReplyMarkup). Both are recorded for tests and keep Telegram's limits
 * and texts (sources in reactions.ts and message-edits.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { Telegram } from 'telegraf';
import type { InlineKeyboardMarkup, Message, ReactionType } from 'telegraf/types';
import { REACTION_EMOJI } from './reactions.js';
import { badRequest } from '../../shared/testing.js';
import { startTelegramEmulator, type TelegramEmulator } from './server.js';

const emoji = (e: string) => [{ type: 'emoji', emoji: e }] as ReactionType[];
const keyboard = (text: string, data: string): InlineKeyboardMarkup => ({
  inline_keyboard: [[{ text, callback_data: data }]],
});

void describe('telegram emulator: reactions and edited keyboards', () => {
  let emulator: TelegramEmulator;
  let telegram: Telegram;
  let call: (method: string, payload: object) => Promise<unknown>;
  const user = { userId: 31337, firstName: 'Ada' };
  let photo: { message_id: number; chat: { id: number } };

  before(async () => {
    emulator = await startTelegramEmulator();
    telegram = new Telegram(emulator.token, { apiRoot: emulator.apiRoot });
    call = (method, payload) =>
      (telegram.callApi as unknown as (m: string, p: object) => Promise<unknown>)(method, payload);
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer();
    photo = (await emulator.sendPhoto(user, jpeg)).message;
  });

  after(() => emulator.close());

  /** Calls `method` on the user's chat and `messageId`; `payload` adds or overrides fields. */
  const onMessage = (method: string, messageId: number) => (payload: object) =>
    call(method, { chat_id: user.userId, message_id: messageId, ...payload });

  void it('sets, changes and removes the bot’s one reaction on a message', async () => {
    const react = (reaction: ReactionType[], isBig?: boolean) =>
      telegram.setMessageReaction(user.userId, photo.message_id, reaction, isBig);
    assert.equal(await react(emoji('👀')), true);
    assert.deepEqual(emulator.reactionOn(photo), ['👀']);
    assert.equal(await react(emoji('👀')), true, 'the same again is no error');
    assert.equal(await react(emoji('🔥'), true), true);
    assert.deepEqual(emulator.reactionOn(photo), ['🔥']);
    assert.equal(await react([]), true);
    assert.deepEqual(emulator.reactionOn(photo), []);
    assert.deepEqual(
      emulator.reactions(user.userId).map((r) => [r.messageId, r.emoji, r.isBig]),
      [
        [photo.message_id, ['👀'], false],
        [photo.message_id, ['👀'], false],
        [photo.message_id, ['🔥'], true],
        [photo.message_id, [], false],
      ],
    );
    assert.deepEqual(emulator.reactions(999), []);
  });

  void it('takes every emoji of the Bot API list, exactly as listed', async () => {
    assert.equal(REACTION_EMOJI.length, 73);
    for (const e of REACTION_EMOJI) {
      assert.equal(
        await telegram.setMessageReaction(user.userId, photo.message_id, emoji(e)),
        true,
      );
    }
  });

  void it('refuses reactions Telegram refuses, with its texts', async () => {
    const react = onMessage('setMessageReaction', photo.message_id);
    const cases: [object, string][] = [
      [{ reaction: emoji('❤️') }, 'REACTION_INVALID'],
      [{ reaction: emoji('🙂') }, 'REACTION_INVALID'],
      [
        { reaction: [{ type: 'custom_emoji', custom_emoji_id: '5368324170671202286' }] },
        'REACTION_INVALID',
      ],
      [{ reaction: [...emoji('👍'), ...emoji('🔥')] }, 'REACTIONS_TOO_MANY'],
      [
        { reaction: [{ type: 'paid' }] },
        "can't parse ReactionType: invalid reaction type specified",
      ],
      [{ reaction: [{ emoji: '👍' }] }, 'can\'t parse ReactionType: Can\'t find field "type"'],
      [{ reaction: ['👍'] }, "can't parse ReactionType: expected an Object"],
      [{ reaction: { type: 'emoji', emoji: '👍' } }, 'expected an Array of ReactionType'],
      [{ reaction: '[{' }, "can't parse reaction types JSON object"],
      [{ reaction: emoji('👍'), message_id: 9999 }, 'message to react not found'],
      [{ reaction: emoji('👍'), message_id: 0 }, 'message to react not found'],
      [{ reaction: emoji('👍'), chat_id: 4242 }, 'chat not found'],
    ];
    for (const [payload, text] of cases) {
      assert.equal(await badRequest(react(payload)), text, JSON.stringify(payload));
    }
  });

  void it('replaces the keyboard under the bot’s message in place; the old button is gone', async () => {
    const webp = await sharp({
      create: { width: 512, height: 512, channels: 4, background: '#0a0' },
    })
      .webp()
      .toBuffer();
    const sent = await telegram.sendSticker(
      user.userId,
      { source: webp },
      {
        reply_markup: keyboard('Add to my pack', 'add:1'),
      },
    );
    const edit = (markup: InlineKeyboardMarkup | undefined) =>
      telegram.editMessageReplyMarkup(user.userId, sent.message_id, undefined, markup);
    const edited = await edit(keyboard('✓ In your pack', 'remove:1'));
    assert.ok(edited !== true && 'sticker' in edited);
    assert.deepEqual(edited.reply_markup, keyboard('✓ In your pack', 'remove:1'));
    assert.equal(typeof edited.edit_date, 'number');
    const stored = emulator.message(sent) as { reply_markup?: unknown } | undefined;
    assert.deepEqual(stored?.reply_markup, keyboard('✓ In your pack', 'remove:1'));
    const [recorded] = emulator.keyboardEdits(user.userId);
    assert.deepEqual(
      [recorded?.messageId, recorded?.replyMarkup],
      [sent.message_id, edited.reply_markup],
    );
    await assert.rejects(emulator.pressButton(user, sent, 'add:1'), /no inline button/);
    await emulator.pressButton(user, sent, 'remove:1');

    assert.equal(
      await badRequest(edit(keyboard('✓ In your pack', 'remove:1'))),
      'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    );
    const removed = await edit(undefined);
    assert.ok(removed !== true && !('reply_markup' in removed));
    assert.equal(emulator.keyboardEdits(user.userId).at(-1)?.replyMarkup, undefined);
    assert.match(await badRequest(edit(undefined)), /^message is not modified/);
  });

  void it('refuses edits Telegram refuses, with its texts', async () => {
    const mine = await telegram.sendMessage(user.userId, 'pick', {
      reply_markup: keyboard('A', 'a'),
    });
    const edit = onMessage('editMessageReplyMarkup', mine.message_id);
    const cases: [object, string][] = [
      [{ message_id: photo.message_id }, "message can't be edited"],
      [{ message_id: 9999 }, 'message to edit not found'],
      [{ chat_id: 4242 }, 'chat not found'],
      [{ chat_id: undefined, message_id: undefined }, 'message identifier is not specified'],
      [{ reply_markup: { keyboard: [[{ text: 'yes' }]] } }, 'inline keyboard expected'],
      [{ reply_markup: keyboard('A', 'x'.repeat(65)) }, 'BUTTON_DATA_INVALID'],
      [{ reply_markup: keyboard('', 'a') }, 'inline keyboard button text must be non-empty'],
      [
        { reply_markup: { inline_keyboard: [[{ text: 'A' }]] } },
        "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
      ],
      [
        { reply_markup: { inline_keyboard: [{ text: 'A' }] } },
        'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays',
      ],
      [{ reply_markup: '{' }, "can't parse reply keyboard markup JSON object"],
      [{ reply_markup: '[]' }, 'object expected as reply markup'],
    ];
    for (const [payload, text] of cases) {
      assert.equal(await badRequest(edit(payload)), text, JSON.stringify(payload));
    }
    assert.equal(
      await badRequest(
        telegram.sendMessage(user.userId, 'x', { reply_markup: keyboard('A', 'é'.repeat(33)) }),
      ),
      'BUTTON_DATA_INVALID',
      '64 bytes, not characters, also when sending',
    );
    assert.ok(await edit({ reply_markup: keyboard('B', 'b'.repeat(64)) }));
  });

  void it('a user edits a photo caption: the bot gets edited_message with the whole message', async () => {
    const other = { userId: 31338, firstName: 'Bea' };
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#444' } })
      .jpeg()
      .toBuffer();
    const sent = (await emulator.sendPhoto(user, jpeg, { caption: 'old words' })).message;
    const update = await emulator.editCaption(user, sent, 'new words');
    const updates = await telegram.getUpdates(0, 100, 0, undefined);
    const got = updates.find((u) => u.update_id === update.update_id);
    assert.ok(got && 'edited_message' in got);
    const edited = got.edited_message as Message.PhotoMessage & { edit_date?: number };
    assert.equal(edited.message_id, sent.message_id);
    assert.equal(edited.caption, 'new words');
    assert.deepEqual(edited.photo, sent.photo, 'the same photo');
    assert.equal(typeof edited.edit_date, 'number');
    assert.equal((emulator.message(sent) as typeof edited).caption, 'new words');
    const cleared = (await emulator.editCaption(user, sent, '')).edited_message;
    assert.ok(!('caption' in cleared), 'an empty caption removes it');

    // what no client can do
    const text = (await emulator.sendText(user, 'plain')).message;
    const refusals: [Promise<unknown>, RegExp][] = [
      [emulator.editCaption(other, sent, 'x'), /was not sent by user 31338/],
      [emulator.editCaption(user, text, 'x'), /has no media/],
      [emulator.editCaption(user, sent, ''), /is not modified/],
      [emulator.editCaption(user, sent, 'x'.repeat(1025)), /too long a caption/],
      [emulator.editCaption(user, { ...sent, message_id: 9999 }, 'x'), /does not exist/],
    ];
    for (const [attempt, why] of refusals) await assert.rejects(attempt, why);
  });
});
