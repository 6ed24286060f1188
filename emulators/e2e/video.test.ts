import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Message } from 'telegraf/types';
import { ADD_TO_PACK } from '../../shared/buttons';
import { renderMessage } from '../../shared/messages';
import { startStack, type Stack } from '../stack/stack';
import type { SentMessage, TelegramEmulator, UserSpec } from '../telegram/server';
import { assertVideoSticker, makePersonClip } from './clips';

/**
 * Moving stickers end to end on the local stack: a 4 s clip of a person sent as a video,
 * the same clip as a GIF, and a round video message each come back as a video sticker
 * that passes Telegram's rules (checked with the packaged FFmpeg), cut to its first 3 s
 * with a note saying so, and the sticker goes into a pack as a video sticker.
 */
const CLIP_SECONDS = 4;
const STICKER_SECONDS = 3;
/** A clip is far more work than a photo; a loaded CI machine gets time. */
const REPLY_TIMEOUT_MS = 150_000;

let userSeq = 9100;
const newUser = (): UserSpec => ({ userId: ++userSeq, firstName: 'Kai', languageCode: 'en' });

describe('clip in, video sticker out, on the local stack', { timeout: 400_000 }, () => {
  let stack: Stack;
  let tg: TelegramEmulator;
  /** The three clips go in together, so the chain works on them side by side. */
  const sent: Record<'video' | 'gif' | 'round', { user: UserSpec; message: Message }> = {} as never;

  before(async () => {
    const [video, gif, round] = await Promise.all([
      makePersonClip('video', CLIP_SECONDS),
      makePersonClip('gif', CLIP_SECONDS),
      makePersonClip('round', CLIP_SECONDS),
    ]);
    stack = await startStack();
    tg = stack.telegram!;
    const users = { video: newUser(), gif: newUser(), round: newUser() };
    sent.video = {
      user: users.video,
      message: (await tg.sendVideo(users.video, video, { fileName: 'wave.mp4' })).message,
    };
    sent.gif = {
      user: users.gif,
      message: (await tg.sendAnimation(users.gif, gif, { fileName: 'wave.gif' })).message,
    };
    sent.round = {
      user: users.round,
      message: (await tg.sendVideoNote(users.round, round)).message,
    };
  });
  after(async () => {
    await stack?.stop();
  });

  /** The bot's first answer to the clip: the sticker, or a text saying why not. */
  const stickerFor = async (which: keyof typeof sent): Promise<SentMessage> => {
    const { user, message } = sent[which];
    const first = await tg.waitForMessage(
      (m) => m.chatId === user.userId && m.replyToMessageId === message.message_id,
      REPLY_TIMEOUT_MS,
    );
    assert.equal(first.method, 'sendSticker', `the ${which} got a text: ${first.text ?? ''}`);
    return first;
  };

  /** The sticker, then the note that the clip was cut, both replies to the clip. */
  async function assertClipAnswered(which: keyof typeof sent): Promise<SentMessage> {
    const sticker = await stickerFor(which);
    assert.equal(sticker.file?.mimeType, 'video/webm');
    assert.ok('sticker' in sticker.message && sticker.message.sticker.is_video, 'a video sticker');
    await assertVideoSticker(sticker.file.data);
    const note = await tg.waitForMessage(
      (m) => m.chatId === sent[which].user.userId && m.method === 'sendMessage',
      10_000,
    );
    assert.equal(note.text, renderMessage('clip_trimmed', 'en', { seconds: STICKER_SECONDS }));
    assert.equal(note.replyToMessageId, sent[which].message.message_id);
    return sticker;
  }

  test('a 4 s video of a person (with sound) comes back as a video sticker of its first 3 s', async () => {
    await assertClipAnswered('video');
  });

  test('the same clip as a GIF (an MP4 animation to the bot) comes back as a video sticker', async () => {
    await assertClipAnswered('gif');
  });

  test('a round video message comes back as a video sticker', async () => {
    await assertClipAnswered('round');
  });

  test('"Add to my pack" puts the video sticker into a pack as a video sticker', async () => {
    const sticker = await stickerFor('video');
    const { user } = sent.video;
    await tg.pressButton(user, sticker.message, ADD_TO_PACK);
    const answer = await tg.waitForMessage(
      (m) => m.chatId === user.userId && m.replyToMessageId === sticker.messageId,
      30_000,
    );
    const [pack, ...more] = tg.stickerSetsOf(user.userId);
    assert.ok(pack && more.length === 0, 'one pack was made');
    const title = renderMessage('pack_title', 'en', { name: 'Kai' });
    const link = `https://t.me/addstickers/${pack.name}`;
    assert.equal(answer.text, renderMessage('pack_added', 'en', { title, link }));
    assert.deepEqual(
      pack.stickers.map((s) => [s.is_video, s.width, s.height]),
      [[true, sticker.file?.width, sticker.file?.height]],
    );
  });
});
