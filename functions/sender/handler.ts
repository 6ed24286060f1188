import type { CloudEvent } from '@google-cloud/functions-framework';
import type { Telegram } from 'telegraf';
import type { ReplyParameters } from 'telegraf/types';
import { stickerKeyboard } from '../../shared/buttons';
import { wrapCloudEvent } from '../../shared/cloud-event';
import { PermanentError, RetryableError } from '../../shared/errors';
import type { Logger } from '../../shared/log';
import { renderMessage, type MessageKey } from '../../shared/messages';
import { decodeReply, type ReplyMessage } from '../../shared/reply-message';
import type { ObjectStore } from '../../shared/storage';
import { callTelegram } from '../../shared/telegram';
import { paced, type Pacer } from './pacer';

/** The Bot API calls the sender makes. */
export type SenderBotApi = Pick<Telegram, 'sendSticker' | 'sendMessage'>;

export interface SenderDeps {
  config: { stickersBucket: string };
  store: ObjectStore;
  telegram: SenderBotApi;
  log: Logger;
  /** see DEFAULT_CLAIM_LEASE_MS */
  claimLeaseMs?: number;
  /** holds Telegram's flood limits (pacer.ts); none: sends go out at once */
  pacer?: Pacer;
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

/** Short-lived claim held while one instance delivers the reply to an update. */
export function claimMarkerName(chatId: number, updateId: number): string {
  return `sent/${chatId}/${updateId}.claim`;
}

/** How long a claim protects a delivery in progress before another instance may take over. */
export const DEFAULT_CLAIM_LEASE_MS = 60_000;

/**
 * Builds the `sender` CloudEvent function: validates the reply message and delivers it
 * to the chat as a reply to the user's photo. Telegram's 429/5xx/network failures throw
 * (Pub/Sub redelivers); 400/403 are permanent and acknowledged.
 */
export function createSenderHandler(
  deps: SenderDeps,
): (event: CloudEvent<MessagePublishedData>) => Promise<void> {
  const deliverOnce = createDeliverOnce(deps);
  return wrapCloudEvent(deps.log, async (event, _elog, about) => {
    const data = event.data?.message?.data;
    if (!data) throw new PermanentError('push message has no data');
    const reply = decodeReply(Buffer.from(data, 'base64'));
    await deliverOnce(reply, about({ updateId: reply.updateId, chatId: reply.chatId }));
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
  const bucket = config.stickersBucket;
  const leaseMs = deps.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS;

  /**
   * Takes the exclusive right to answer this update: a claim object created with
   * ifGenerationMatch: 0, so of two concurrent deliveries (a republished reply, a
   * redelivery while the first is still sending) only one sends. A claim left behind by
   * an instance that died mid-send is taken over once its lease has expired.
   */
  const claim = async (name: string): Promise<boolean> => {
    const body = Buffer.from(JSON.stringify({ at: new Date().toISOString() }));
    for (let attempt = 0; attempt < 2; attempt++) {
      if (
        (await store.create(bucket, name, body, { contentType: 'application/json' })) === 'created'
      ) {
        return true;
      }
      const held = await store.stat(bucket, name);
      if (held && Date.now() - held.created.getTime() < leaseMs) return false;
      if (held) await store.remove(bucket, name, { ifGenerationMatch: held.generation });
    }
    return false;
  };

  return async (reply, elog) => {
    const log = elog.child({ updateId: reply.updateId, chatId: reply.chatId, kind: reply.kind });
    const marker = sentMarkerName(reply.chatId, reply.updateId);
    const claimName = claimMarkerName(reply.chatId, reply.updateId);
    if (await store.exists(bucket, marker)) {
      log.info('reply already delivered; redelivery ignored');
      return 'duplicate';
    }
    if (!(await claim(claimName))) {
      throw new RetryableError('another delivery of this reply is in progress');
    }
    // The holder of a claim that was just released may have delivered: look again.
    if (await store.exists(bucket, marker)) {
      await store.remove(bucket, claimName);
      log.info('reply already delivered; redelivery ignored');
      return 'duplicate';
    }
    const started = Date.now();
    let sent: { message_id: number };
    try {
      sent = await deliver(reply, log);
    } catch (err) {
      // Not sent: let the next delivery claim at once instead of waiting for the lease.
      await store.remove(bucket, claimName).catch(() => undefined);
      throw err;
    }
    await store.create(
      bucket,
      marker,
      Buffer.from(JSON.stringify({ messageId: sent.message_id, at: new Date().toISOString() })),
      { contentType: 'application/json' },
    );
    await store.remove(bucket, claimName).catch(() => undefined);
    log.info('reply delivered', { messageId: sent.message_id, ms: Date.now() - started });
    return 'sent';
  };

  async function deliver(reply: ReplyMessage, log: Logger): Promise<{ message_id: number }> {
    const send = <T>(call: () => Promise<T>) =>
      deps.pacer ? paced(deps.pacer, reply.chatId, call) : call;
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
    return callTelegram(
      'sendSticker',
      send(() =>
        telegram.sendSticker(
          reply.chatId,
          { source: sticker.data, filename: 'sticker.webp' },
          extra,
        ),
      ),
    );
  }
}
