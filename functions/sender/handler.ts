import type { CloudEvent } from '@google-cloud/functions-framework';
import type { Telegram } from 'telegraf';
import { wrapCloudEvent } from '../../shared/cloud-event';
import { PermanentError, RetryableError } from '../../shared/errors';
import type { Logger } from '../../shared/log';
import { decodeReply, type AnswerMessage } from '../../shared/reply-message';
import { claimMarkerName, sentMarkerName } from '../../shared/delivery-record';
import { FUNCTION_TIMEOUT_SECONDS, claimLeaseMs } from '../../shared/platform';
import type { ObjectStore } from '../../shared/storage';
import { advanceClaim, claimDelivery, releaseClaim, type Claim } from './claim';
import { showChatAction } from './chat-action';
import { sendReply } from './deliver';
import type { Pacer } from './pacer';

/** The Bot API calls the sender makes. */
export type SenderBotApi = Pick<Telegram, 'sendSticker' | 'sendMessage' | 'sendChatAction'>;

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

/** How long a claim protects a delivery in progress (shared/platform.ts: claimLeaseMs). */
export const DEFAULT_CLAIM_LEASE_MS = claimLeaseMs(FUNCTION_TIMEOUT_SECONDS.sender);

/**
 * Builds the `sender` CloudEvent function: validates the reply message and delivers it
 * to the chat as a reply to the user's photo. Telegram's 429/5xx/network failures throw
 * (Pub/Sub redelivers); 400/403 are permanent and acknowledged. A `chat_action` is shown
 * once, best effort, and always acknowledged (./chat-action.ts).
 */
export function createSenderHandler(
  deps: SenderDeps,
): (event: CloudEvent<MessagePublishedData>) => Promise<void> {
  const deliverOnce = createDeliverOnce(deps);
  return wrapCloudEvent(deps.log, async (event, _elog, about) => {
    const data = event.data?.message?.data;
    if (!data) throw new PermanentError('push message has no data');
    const reply = decodeReply(Buffer.from(data, 'base64'));
    const log = about({ updateId: reply.updateId, chatId: reply.chatId });
    if (reply.kind === 'chat_action') return showChatAction(deps, reply, log);
    await deliverOnce(reply, log);
  });
}

/**
 * Delivers a reply unless this update was already answered: the shared core of the
 * sender and of the dead-letter path, so that a user gets exactly one answer per photo.
 * The protocol (functions/README.md, "How retries work"): marker → claim → `sending` →
 * bounded Bot API call → marker (or, failing that, the claim as the record) → release;
 * a failed call releases the claim so the redelivery sends at once.
 */
export function createDeliverOnce(
  deps: SenderDeps,
): (reply: AnswerMessage, log: Logger) => Promise<'sent' | 'duplicate'> {
  const { store } = deps;
  const bucket = deps.config.stickersBucket;
  const leaseMs = deps.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS;

  return async (reply, elog) => {
    const log = elog.child({ updateId: reply.updateId, chatId: reply.chatId, kind: reply.kind });
    const at = deliveryObjects(bucket, reply);
    if (await store.exists(bucket, at.marker)) return duplicate(deps, reply, log);
    const claim = await claimDelivery(store, bucket, at.claim, leaseMs);
    if (claim.kind === 'busy') {
      throw new RetryableError('another delivery of this reply is in progress');
    }
    if (claim.kind === 'recorded') {
      await settleRecordedClaim(deps, at, claim, log);
      return duplicate(deps, reply, log);
    }
    // The holder of a claim that was just released may have delivered: look again.
    if (await store.exists(bucket, at.marker)) {
      await releaseClaim(store, bucket, at.claim, claim.generation);
      return duplicate(deps, reply, log);
    }
    // `sending` is written right before the call goes out (after any pacing wait), so
    // that a claim says `sending` only while Telegram may really have the call.
    let sending: string | undefined;
    const markSending = async () => {
      if (sending) return;
      const moved = await advanceClaim(store, bucket, at.claim, claim, 'sending');
      if (!moved) throw new RetryableError('the delivery claim was taken over before sending');
      sending = moved;
    };
    const started = Date.now();
    let sent: { message_id: number };
    try {
      sent = await sendReply(deps, reply, log, markSending);
    } catch (err) {
      // Not sent, or no answer within the call's bound: let the next delivery claim at
      // once instead of waiting for the lease.
      const mine = sending ?? claim.generation;
      await releaseClaim(store, bucket, at.claim, mine).catch(() => undefined);
      throw err;
    }
    const held = { generation: sending ?? claim.generation, holder: claim.holder };
    await recordSent(deps, at, held, sent.message_id, log);
    log.info('reply delivered', { messageId: sent.message_id, ms: Date.now() - started });
    await forgetSticker(deps, reply, log);
    return 'sent';
  };
}

/** The objects that record one update's answer (shared/delivery-record.ts). */
interface DeliveryObjects {
  bucket: string;
  marker: string;
  claim: string;
}

function deliveryObjects(bucket: string, reply: AnswerMessage): DeliveryObjects {
  return {
    bucket,
    marker: sentMarkerName(reply.chatId, reply.updateId),
    claim: claimMarkerName(reply.chatId, reply.updateId),
  };
}

const MARKER_ATTEMPTS = 2;

/**
 * Records a send so that no redelivery can send again: the marker, tried twice (each
 * try already retried by the Storage client); should both fail, the claim, still this
 * holder's, is rewritten as `sent` and kept as the record. Should that fail too, the
 * claim stays `sending`, which a takeover never sends again.
 */
async function recordSent(
  { store }: SenderDeps,
  at: DeliveryObjects,
  sending: { generation: string; holder: string },
  messageId: number,
  log: Logger,
): Promise<void> {
  const body = Buffer.from(JSON.stringify({ messageId, at: new Date().toISOString() }));
  for (let attempt = 1; attempt <= MARKER_ATTEMPTS; attempt++) {
    try {
      await store.create(at.bucket, at.marker, body, { contentType: 'application/json' });
      await releaseClaim(store, at.bucket, at.claim, sending.generation).catch(() => undefined);
      return;
    } catch (err) {
      log.warn('could not write the sent marker', { attempt, err });
    }
  }
  try {
    const kept = await advanceClaim(store, at.bucket, at.claim, sending, 'sent', messageId);
    if (kept) log.warn('sent marker not written; the claim records the send', { messageId });
    else log.error('sent marker not written and the claim was taken over', { messageId });
  } catch (err) {
    log.error('send not recorded; the sending claim keeps it from being sent again', { err });
  }
}

/**
 * A claim that records a send (or a send in doubt): writes the marker it stands for, so
 * later redeliveries (and matting) find it, then removes the claim.
 */
async function settleRecordedClaim(
  { store }: SenderDeps,
  at: DeliveryObjects,
  claim: Extract<Claim, { kind: 'recorded' }>,
  log: Logger,
): Promise<void> {
  if (claim.inDoubt) {
    log.error('a delivery died during its Bot API call: not sending again (no duplicate)', {
      claim: at.claim,
    });
  }
  const body = { messageId: claim.messageId, inDoubt: claim.inDoubt, at: new Date().toISOString() };
  await store.create(at.bucket, at.marker, Buffer.from(JSON.stringify(body)), {
    contentType: 'application/json',
  });
  await releaseClaim(store, at.bucket, at.claim, claim.generation);
}

/**
 * Deletes a delivered sticker at once: the chat has it, and a pack adds it by its
 * Telegram file_id, so the cut-out (a person's face) is not kept. Best effort: the
 * bucket's lifecycle deletes what is left.
 */
async function forgetSticker(
  { store }: SenderDeps,
  reply: AnswerMessage,
  log: Logger,
): Promise<void> {
  if (reply.kind !== 'sticker') return;
  await store.remove(reply.bucket, reply.object).catch((err: unknown) => {
    log.warn('could not delete the delivered sticker; the lifecycle will', { err });
  });
}

async function duplicate(
  deps: SenderDeps,
  reply: AnswerMessage,
  log: Logger,
): Promise<'duplicate'> {
  log.info('reply already delivered; redelivery ignored');
  await forgetSticker(deps, reply, log);
  return 'duplicate';
}
