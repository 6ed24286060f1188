import type { CloudEvent } from '@google-cloud/functions-framework';
import { wrapCloudEvent } from '../../shared/cloud-event';
import { isDelivered } from '../../shared/delivery-record';
import { PermanentError } from '../../shared/errors';
import type { Logger } from '../../shared/log';
import type { PublishReply } from '../../shared/pubsub';
import type { ReplyMessageInput } from '../../shared/reply-message';
import { firstEmoji } from '../../shared/sticker-emoji';
import type { ObjectStore } from '../../shared/storage';
import { decodeUploadMetadata, stickerObjectName } from '../../shared/upload-object';
import { makeSticker, type PersonSegmenter } from './make-sticker';

/** The part of Storage's object resource (the finalized event's data) that matting reads. */
export interface StorageObjectData {
  bucket?: string;
  name?: string;
  contentType?: string;
  size?: string;
  metadata?: Record<string, string>;
}

export interface MattingDeps {
  config: { stickersBucket: string; workingSize: number; outline: number };
  store: ObjectStore;
  publish: PublishReply;
  /** the model, loaded once per instance and shared by every event */
  segmenter: () => Promise<PersonSegmenter>;
  log: Logger;
}

/**
 * Builds the `matting` CloudEvent function (storage object finalized on the uploads
 * bucket): upload → sticker in the stickers bucket → reply on `sticker-replies`, then
 * the upload is deleted (photos are not kept). Every step is idempotent, so Eventarc
 * redeliveries are safe: an existing sticker is not made again, only re-announced, and
 * the sender drops a reply it has already delivered.
 */
export function createMattingHandler(
  deps: MattingDeps,
): (event: CloudEvent<StorageObjectData>) => Promise<void> {
  const { config, store } = deps;
  return wrapCloudEvent(deps.log, async (event, elog, about) => {
    const { bucket, name } = event.data ?? {};
    if (!bucket || !name) throw new PermanentError('event has no bucket/object');
    const started = performance.now();
    const upload = await store.read(bucket, name);
    if (!upload) {
      elog.info('upload is gone: already processed', { object: name });
      return;
    }
    const meta = decodeUploadMetadata({ ...event.data?.metadata, ...upload.metadata });
    const log = about({ updateId: meta.updateId, chatId: meta.chatId });
    const base = {
      v: 1 as const,
      chatId: meta.chatId,
      replyTo: meta.messageId,
      updateId: meta.updateId,
      languageCode: meta.languageCode,
    };
    // Answered already (a finalize redelivered after the sender delivered, and deleted,
    // the sticker): making it again would only leave a cut-out behind.
    if (await isDelivered(store, config.stickersBucket, meta.chatId, meta.updateId)) {
      log.info('already answered (redelivery): nothing to make');
      await store.remove(bucket, name);
      return;
    }
    const stickerName = stickerObjectName(meta.chatId, meta.updateId);
    const emoji = firstEmoji(meta.caption);
    const made = {
      ...base,
      kind: 'sticker' as const,
      bucket: config.stickersBucket,
      object: stickerName,
      ...(emoji && { emoji }),
    };
    let reply: ReplyMessageInput;
    if (await store.exists(config.stickersBucket, stickerName)) {
      log.info('sticker already made (redelivery): announcing it again');
      reply = made;
    } else {
      try {
        const sticker = await makeSticker(upload.data, deps.segmenter, {
          workingSize: config.workingSize,
          outline: meta.options.outline === false ? 0 : config.outline,
          caption: meta.caption,
        });
        await store.create(config.stickersBucket, stickerName, sticker.webp, {
          contentType: 'image/webp',
          metadata: { chatId: String(meta.chatId), updateId: String(meta.updateId) },
        });
        log.info('sticker made', {
          ...sticker.timings,
          bytes: sticker.webp.length,
          width: sticker.width,
          height: sticker.height,
          quality: sticker.quality,
          usedOwnAlpha: sticker.usedOwnAlpha,
        });
        reply = made;
      } catch (err) {
        if (!(err instanceof PermanentError) || !err.userMessage) throw err;
        log.info('no sticker for this upload', { reason: err.userMessage, detail: err.message });
        reply = {
          ...base,
          kind: 'text',
          key: err.userMessage,
          params: err.userParams,
        };
      }
    }
    const messageId = await deps.publish(reply);
    await store.remove(bucket, name);
    log.info('reply published', {
      kind: reply.kind,
      messageId,
      ms: Math.round(performance.now() - started),
    });
  });
}
