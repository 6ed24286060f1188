import type { CloudEvent } from '@google-cloud/functions-framework';
import type { Telegram } from 'telegraf';
import type { ReplyParameters } from 'telegraf/types';
import { wrapCloudEvent } from '../../shared/cloud-event';
import { PermanentError } from '../../shared/errors';
import type { Logger } from '../../shared/log';
import { renderMessage, type MessageKey } from '../../shared/messages';
import { decodeReply, type ReplyMessage } from '../../shared/reply-message';
import type { ObjectStore } from '../../shared/storage';
import { callTelegram } from '../../shared/telegram';

/** The Bot API calls the sender makes. */
export type SenderBotApi = Pick<Telegram, 'sendSticker' | 'sendMessage'>;

export interface SenderDeps {
  config: { stickersBucket: string };
  store: ObjectStore;
  telegram: SenderBotApi;
  log: Logger;
}

/** Body of a Pub/Sub push, as the `messagePublished` CloudEvent carries it. */
export interface MessagePublishedData {
  message?: { data?: string; attributes?: Record<string, string>; messageId?: string };
  subscription?: string;
}

/**
 * Durable "already delivered" marker for one update, in the stickers bucket: Pub/Sub
 * redelivers, and an instance's memory does not survive, so a Storage object (created
 * with ifGenerationMatch: 0) is what makes a redelivered reply a no-op.
 */
export function sentMarkerName(chatId: number, updateId: number): string {
  return `sent/${chatId}/${updateId}.json`;
}

/**
 * Builds the `sender` CloudEvent function: validates the reply message and delivers it
 * to the chat as a reply to the user's photo. Telegram's 429/5xx/network failures throw
 * (Pub/Sub redelivers); 400/403 are permanent and acknowledged.
 */
export function createSenderHandler(
  deps: SenderDeps,
): (event: CloudEvent<MessagePublishedData>) => Promise<void> {
  const deliverOnce = createDeliverOnce(deps);
  return wrapCloudEvent(deps.log, async (event, elog) => {
    const data = event.data?.message?.data;
    if (!data) throw new PermanentError('push message has no data');
    await deliverOnce(decodeReply(Buffer.from(data, 'base64')), elog);
  });
}

/**
 * Delivers a reply unless this update was already answered: the shared core of the
 * sender and of the dead-letter path, so that a user gets exactly one answer per photo.
 */
export function createDeliverOnce(
  deps: SenderDeps,
): (reply: ReplyMessage, log: Logger) => Promise<'sent' | 'duplicate'> {
  const { config, store, telegram } = deps;
  return async (reply, elog) => {
    const log = elog.child({ updateId: reply.updateId, chatId: reply.chatId, kind: reply.kind });
    const marker = sentMarkerName(reply.chatId, reply.updateId);
    if (await store.exists(config.stickersBucket, marker)) {
      log.info('reply already delivered; redelivery ignored');
      return 'duplicate';
    }
    const started = Date.now();
    const sent = await deliver(reply, log);
    await store.create(
      config.stickersBucket,
      marker,
      Buffer.from(JSON.stringify({ messageId: sent.message_id, at: new Date().toISOString() })),
      { contentType: 'application/json' },
    );
    log.info('reply delivered', { messageId: sent.message_id, ms: Date.now() - started });
    return 'sent';
  };

  async function deliver(reply: ReplyMessage, log: Logger): Promise<{ message_id: number }> {
    const replyParameters: ReplyParameters | undefined = reply.replyTo
      ? { message_id: reply.replyTo, allow_sending_without_reply: true }
      : undefined;
    const sendText = (key: MessageKey, params: Record<string, string | number>) => {
      const text = renderMessage(key, reply.languageCode, params);
      return callTelegram('sendMessage', () =>
        telegram.sendMessage(reply.chatId, text, { reply_parameters: replyParameters }),
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
    const extra = replyParameters
      ? { reply_parameters: JSON.stringify(replyParameters) as unknown as ReplyParameters }
      : {};
    return callTelegram('sendSticker', () =>
      telegram.sendSticker(reply.chatId, { source: sticker.data, filename: 'sticker.webp' }, extra),
    );
  }
}
