import type { CloudEvent } from '@google-cloud/functions-framework';
import type { Telegram } from 'telegraf';
import { wrapCloudEvent } from '../../shared/cloud-event';
import { PermanentError, RetryableError } from '../../shared/errors';
import type { Logger } from '../../shared/log';
import { decodeReply, type ReplyMessage } from '../../shared/reply-message';
import type { ObjectStore } from '../../shared/storage';
import { claimDelivery } from './claim';
import { sendReply } from './deliver';
import type { Pacer } from './pacer';

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
  const { config, store } = deps;
  const bucket = config.stickersBucket;
  const leaseMs = deps.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS;

  return async (reply, elog) => {
    const log = elog.child({ updateId: reply.updateId, chatId: reply.chatId, kind: reply.kind });
    const marker = sentMarkerName(reply.chatId, reply.updateId);
    const claimName = claimMarkerName(reply.chatId, reply.updateId);
    if (await store.exists(bucket, marker)) return duplicate(log);
    if (!(await claimDelivery(store, bucket, claimName, leaseMs))) {
      throw new RetryableError('another delivery of this reply is in progress');
    }
    // The holder of a claim that was just released may have delivered: look again.
    if (await store.exists(bucket, marker)) {
      await store.remove(bucket, claimName);
      return duplicate(log);
    }
    const started = Date.now();
    let sent: { message_id: number };
    try {
      sent = await sendReply(deps, reply, log);
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
}

function duplicate(log: Logger): 'duplicate' {
  log.info('reply already delivered; redelivery ignored');
  return 'duplicate';
}
