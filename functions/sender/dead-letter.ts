import type { CloudEvent } from '@google-cloud/functions-framework';
import { wrapCloudEvent } from '../../shared/cloud-event';
import { PermanentError } from '../../shared/errors';
import { decodeReply, type AnswerMessage } from '../../shared/reply-message';
import { replyAddressOf } from '../../shared/upload-object';
import { createDeliverOnce, type MessagePublishedData, type SenderDeps } from './handler';

/**
 * What went dead: a reply the sender could not deliver (from the `sticker-replies`
 * subscription), or a storage event matting could not process (from its Eventarc
 * trigger's subscription, whose data is the object resource with our upload metadata).
 * Either way we learn whom to apologise to; a dead `chat_action` (a sender that kept
 * failing to start) answered nothing, so it gets no apology: undefined.
 */
export function apologyFor(data: Buffer): AnswerMessage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(data.toString('utf8'));
  } catch {
    throw new PermanentError('dead letter is not JSON');
  }
  const obj = json as { kind?: unknown; metadata?: Record<string, unknown> };
  let base: Omit<AnswerMessage, 'kind' | 'bucket' | 'object' | 'key' | 'params'>;
  if (obj && typeof obj === 'object' && 'kind' in obj) {
    const reply = decodeReply(data);
    if (reply.kind === 'chat_action') return undefined;
    base = {
      v: 1,
      chatId: reply.chatId,
      replyTo: reply.replyTo,
      updateId: reply.updateId,
      languageCode: reply.languageCode,
    };
  } else {
    // Only whom to tell is needed: metadata that failed matting's check may still say.
    const address = replyAddressOf(obj?.metadata);
    if (!address) throw new PermanentError('dead storage event names no chat to answer');
    base = address;
  }
  return { ...base, kind: 'text', key: 'failed', params: {} };
}

/**
 * Builds the `deadLetter` CloudEvent function (sender's code, second entry point), on
 * topic `sticker-dead-letter`: after the last delivery attempt of any step, the user is
 * told their photo could not be processed, unless they already got an answer.
 */
export function createDeadLetterHandler(
  deps: SenderDeps,
): (event: CloudEvent<MessagePublishedData>) => Promise<void> {
  const deliverOnce = createDeliverOnce(deps);
  return wrapCloudEvent(deps.log, async (event, _elog, about) => {
    const msg = event.data?.message;
    if (!msg?.data) throw new PermanentError('dead letter has no data');
    const apology = apologyFor(Buffer.from(msg.data, 'base64'));
    if (!apology) {
      about({}).info('dead chat action: best effort, nothing to apologise for');
      return;
    }
    const log = about({ updateId: apology.updateId, chatId: apology.chatId });
    log.error('gave up on this photo after the last delivery attempt', {
      deliveryAttempts: msg.attributes?.CloudPubSubDeadLetterSourceDeliveryCount,
      source: msg.attributes?.CloudPubSubDeadLetterSourceSubscription,
    });
    await deliverOnce(apology, log);
  });
}
