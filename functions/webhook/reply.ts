import type { Telegram } from 'telegraf';
import type { Message } from 'telegraf/types';
import { renderMessage, type MessageKey } from '../../shared/messages';
import { callTelegram } from '../../shared/telegram';

/**
 * Sends `text` as a reply to the user's message; the reply still goes out when that
 * message was deleted meanwhile. Link previews are off for texts that carry pack links.
 */
export async function replyWith(
  telegram: Pick<Telegram, 'sendMessage'>,
  msg: Pick<Message, 'chat' | 'message_id'>,
  text: string,
  opts: { noLinkPreview?: boolean } = {},
): Promise<void> {
  await callTelegram('sendMessage', () =>
    telegram.sendMessage(msg.chat.id, text, {
      reply_parameters: { message_id: msg.message_id, allow_sending_without_reply: true },
      ...(opts.noLinkPreview && { link_preview_options: { is_disabled: true } }),
    }),
  );
}

/** Answers the user's message with a catalogue text in the sender's language. */
export function say(
  telegram: Pick<Telegram, 'sendMessage'>,
  msg: Message,
  key: MessageKey,
  params: Record<string, string | number> = {},
): Promise<void> {
  return replyWith(telegram, msg, renderMessage(key, msg.from?.language_code, params), {});
}
