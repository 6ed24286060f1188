import type { ReplyParameters } from 'telegraf/types';
import { stickerKeyboard } from '../../shared/buttons';
import type { Logger } from '../../shared/log';
import { renderMessage, type MessageKey } from '../../shared/messages';
import type { AnswerMessage } from '../../shared/reply-message';
import { callTelegram } from '../../shared/telegram';
import type { SenderDeps } from './handler';
import { paced } from './pacer';

/**
 * Sends one reply to its chat, as a reply to the user's photo or clip: the sticker (with
 * the "Add to my pack" button and the caption's emoji; a WEBM for a clip, then a note when
 * the clip was cut) or the text in the user's language. A sticker whose object is gone
 * ends in an apology, not silence.
 */
export async function sendReply(
  { store, telegram, pacer }: Pick<SenderDeps, 'store' | 'telegram' | 'pacer'>,
  reply: AnswerMessage,
  log: Logger,
  /** runs right before the Bot API call goes out (after any pacing wait) */
  beforeCall: () => Promise<void> = () => Promise.resolve(),
): Promise<{ message_id: number }> {
  const send = <T>(call: () => Promise<T>) => {
    const go = () => beforeCall().then(call);
    return pacer ? paced(pacer, reply.chatId, go) : go;
  };
  const replyParameters: ReplyParameters | undefined = reply.replyTo
    ? { message_id: reply.replyTo, allow_sending_without_reply: true }
    : undefined;
  const sendText = (key: MessageKey, params: Record<string, string | number>) => {
    const text = renderMessage(key, reply.languageCode, params);
    return callTelegram(
      'sendMessage',
      send(() => telegram.sendMessage(reply.chatId, text, { reply_parameters: replyParameters })),
    );
  };
  if (reply.kind === 'text') return sendText(reply.key, reply.params);
  const sticker = await store.read(reply.bucket, reply.object);
  if (!sticker) {
    log.error('sticker object is missing; telling the user', { object: reply.object });
    return sendText('failed', {});
  }
  // A file upload is sent as multipart, where telegraf 4.16 silently drops
  // object-valued options other than reply_markup: pass reply_parameters as JSON.
  // reply_markup is JSON-encoded by telegraf even in multipart: "Add to my pack".
  const extra = {
    ...(replyParameters && {
      reply_parameters: JSON.stringify(replyParameters) as unknown as ReplyParameters,
    }),
    reply_markup: stickerKeyboard(reply.languageCode),
    ...(reply.emoji && { emoji: reply.emoji }),
  };
  // Telegram tells a video sticker from a static one by the file: a .webm is a video.
  const filename = reply.format === 'video' ? 'sticker.webm' : 'sticker.webp';
  const sent = await callTelegram(
    'sendSticker',
    send(() => telegram.sendSticker(reply.chatId, { source: sticker.data, filename }, extra)),
  );
  if (reply.trimmedToSeconds !== undefined) {
    await noteTrimmed(sendText, reply.trimmedToSeconds, log);
  }
  return sent;
}

/**
 * Tells the user their clip was cut to its first seconds, after the sticker. Best effort:
 * the sticker is out, and failing here would make the redelivery send it a second time.
 */
async function noteTrimmed(
  sendText: (key: MessageKey, params: Record<string, string | number>) => Promise<unknown>,
  seconds: number,
  log: Logger,
): Promise<void> {
  try {
    await sendText('clip_trimmed', { seconds });
  } catch (err) {
    log.warn('clip_trimmed notice not sent; the sticker was', { err });
  }
}
