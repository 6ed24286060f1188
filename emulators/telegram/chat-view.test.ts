import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message } from 'telegraf/types';
import { summarize, toMessageView } from './chat-view.js';

const bot = { id: 1, is_bot: true, first_name: 'Bot' };
const user = { id: 7, is_bot: false, first_name: 'Ada' };
const chat = { id: 7, type: 'private', first_name: 'Ada' };
const msg = (fields: object): Message =>
  ({ message_id: 3, date: 1_700_000_000, chat, from: user, ...fields }) as unknown as Message;
const size = (id: string, width: number, height: number) => ({
  file_id: id,
  file_unique_id: `u${id}`,
  width,
  height,
});

void describe('toMessageView', () => {
  const cases: [string, Message, Partial<ReturnType<typeof toMessageView>>][] = [
    ['text from the user', msg({ text: 'hi' }), { from: 'user', kind: 'text', text: 'hi' }],
    [
      'photo: the largest size, with its caption',
      msg({ photo: [size('s', 90, 60), size('l', 1280, 853)], caption: 'me' }),
      { kind: 'photo', text: 'me', file: { id: 'l', width: 1280, height: 853 } },
    ],
    [
      'sticker from the bot, replying to a photo',
      msg({
        from: bot,
        sticker: { ...size('st', 512, 400), type: 'regular', emoji: '🙂' },
        reply_to_message: msg({ photo: [size('p', 90, 60)], caption: 'me' }),
      }),
      {
        from: 'bot',
        kind: 'sticker',
        emoji: '🙂',
        file: { id: 'st', width: 512, height: 400 },
        replyTo: { id: 3, from: 'user', summary: 'Photo: me' },
      },
    ],
    [
      'document with a thumbnail',
      msg({
        document: {
          file_id: 'd',
          file_unique_id: 'ud',
          file_name: 'me.png',
          mime_type: 'image/png',
          file_size: 2048,
          thumbnail: size('t', 320, 200),
        },
      }),
      {
        kind: 'document',
        file: { id: 'd', name: 'me.png', mimeType: 'image/png', size: 2048, thumbId: 't' },
      },
    ],
    [
      'video sticker from the bot: played as a WebM',
      msg({ from: bot, sticker: { ...size('vs', 512, 512), type: 'regular', is_video: true } }),
      { kind: 'sticker', file: { id: 'vs', width: 512, height: 512, mimeType: 'video/webm' } },
    ],
    [
      'video with its caption',
      msg({
        video: { ...size('v', 640, 480), duration: 4, mime_type: 'video/mp4', file_size: 900 },
        caption: 'wave',
      }),
      {
        kind: 'video',
        text: 'wave',
        file: { id: 'v', width: 640, height: 480, mimeType: 'video/mp4', size: 900 },
      },
    ],
    [
      'GIF: an animation, not the document Telegram also fills in',
      msg({
        animation: { ...size('a', 320, 240), duration: 2, mime_type: 'video/mp4' },
        document: { file_id: 'a', file_unique_id: 'ua', mime_type: 'video/mp4' },
      }),
      { kind: 'animation', file: { id: 'a', width: 320, height: 240, mimeType: 'video/mp4' } },
    ],
    [
      'round video message',
      msg({ video_note: { file_id: 'n', file_unique_id: 'un', length: 384, duration: 3 } }),
      { kind: 'video_note', file: { id: 'n', width: 384, height: 384, mimeType: 'video/mp4' } },
    ],
    [
      'inline keyboard: callback buttons, links, and others shown inert',
      msg({
        from: bot,
        text: 'Keep it?',
        reply_markup: {
          inline_keyboard: [
            [
              { text: 'Add to my pack', callback_data: 'add' },
              { text: 'Docs', url: 'https://core.telegram.org' },
            ],
            [{ text: 'Share', switch_inline_query: '' }],
          ],
        },
      }),
      {
        buttons: [
          [
            { text: 'Add to my pack', data: 'add' },
            { text: 'Docs', url: 'https://core.telegram.org' },
          ],
          [{ text: 'Share' }],
        ],
      },
    ],
    [
      'sticker set links in the text and in URL buttons',
      msg({
        from: bot,
        text: 'Saved to https://t.me/addstickers/me_by_bot and t.me/addstickers/me_by_bot',
        reply_markup: {
          inline_keyboard: [[{ text: 'Open', url: 'https://t.me/addstickers/more_by_bot' }]],
        },
      }),
      { stickerSets: ['me_by_bot', 'more_by_bot'] },
    ],
    [
      'a kind the page does not draw',
      msg({ location: { latitude: 1, longitude: 2 } }),
      { kind: 'other' },
    ],
  ];
  for (const [name, message, expected] of cases) {
    void it(name, () => {
      const view = toMessageView(message);
      assert.equal(view.date, 1_700_000_000_000);
      for (const [key, value] of Object.entries(expected)) {
        assert.deepEqual(view[key as keyof typeof view], value, key);
      }
    });
  }

  void it('takes the emulator time in ms over the second-granular date', () => {
    assert.equal(toMessageView(msg({ text: 'x' }), 1_700_000_000_123).date, 1_700_000_000_123);
  });

  void it('summarizes long texts and files for reply quotes', () => {
    assert.equal(summarize(msg({ text: 'a'.repeat(100) })).length, 80);
    assert.equal(summarize(msg({ sticker: { ...size('s', 1, 1), type: 'regular' } })), 'Sticker');
  });
});
