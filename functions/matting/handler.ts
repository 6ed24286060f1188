import type { CloudEvent } from '@google-cloud/functions-framework';
import { wrapCloudEvent } from '../../shared/cloud-event';
import { PermanentError } from '../../shared/errors';
import type { Logger } from '../../shared/log';
import type { PublishReply } from '../../shared/pubsub';
import type { ReplyMessageInput } from '../../shared/reply-message';
import { firstEmoji } from '../../shared/sticker-emoji';
import type { ObjectStore } from '../../shared/storage';
import {
  decodeUploadMetadata,
  stickerObjectName,
  type UploadMetadata,
} from '../../shared/upload-object';
import { makeClipSticker } from './make-clip-sticker';
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

/** The reply fields every answer to an upload shares. */
type ReplyBase = Pick<ReplyMessageInput, 'v' | 'chatId' | 'replyTo' | 'updateId' | 'languageCode'>;

/**
 * Builds the `matting` CloudEvent function (storage object finalized on the uploads
 * bucket): upload → sticker in the stickers bucket → reply on `sticker-replies`, then
 * the upload is deleted (photos are not kept). A photo becomes a WebP sticker; a clip
 * (metadata `media: clip`) a WEBM video sticker. Every step is idempotent, so Eventarc
 * redeliveries are safe: an existing sticker is not made again, only re-announced, and
 * the sender drops a reply it has already delivered.
 */
export function createMattingHandler(
  deps: MattingDeps,
): (event: CloudEvent<StorageObjectData>) => Promise<void> {
  const { store } = deps;
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
    const base: ReplyBase = {
      v: 1,
      chatId: meta.chatId,
      replyTo: meta.messageId,
      updateId: meta.updateId,
      languageCode: meta.languageCode,
    };
    const reply = await replyFor(deps, upload.data, meta, base, log);
    const messageId = await deps.publish(reply);
    await store.remove(bucket, name);
    log.info('reply published', {
      kind: reply.kind,
      messageId,
      ms: Math.round(performance.now() - started),
    });
  });
}

/**
 * The reply to one upload: its sticker (made now, or already made by an earlier delivery
 * of the same event), or the text a user can act on when no sticker can be made.
 */
async function replyFor(
  deps: MattingDeps,
  data: Buffer,
  meta: UploadMetadata,
  base: ReplyBase,
  log: Logger,
): Promise<ReplyMessageInput> {
  const { config, store } = deps;
  const object = stickerObjectName(meta.chatId, meta.updateId, meta.media);
  const emoji = firstEmoji(meta.caption);
  const sticker = {
    ...base,
    kind: 'sticker' as const,
    bucket: config.stickersBucket,
    object,
    format: meta.media === 'clip' ? ('video' as const) : ('static' as const),
    ...(emoji && { emoji }),
  };
  if (await store.exists(config.stickersBucket, object)) {
    log.info('sticker already made (redelivery): announcing it again');
    if (meta.media !== 'clip') return sticker;
    // a clip's sticker remembers whether it was cut, so the announcement says so again
    const existing = await store.read(config.stickersBucket, object);
    const trimmed = Number(existing?.metadata?.trimmedToSeconds);
    return trimmed > 0 ? { ...sticker, trimmedToSeconds: trimmed } : sticker;
  }
  try {
    const made = meta.media === 'clip' ? makeClip : makePhoto;
    const trimmedToSeconds = await made(deps, data, meta, object, log);
    return trimmedToSeconds ? { ...sticker, trimmedToSeconds } : sticker;
  } catch (err) {
    if (!(err instanceof PermanentError) || !err.userMessage) throw err;
    log.info('no sticker for this upload', { reason: err.userMessage, detail: err.message });
    return { ...base, kind: 'text', key: err.userMessage, params: err.userParams };
  }
}

/** A photo's WebP sticker, stored under `object`. */
async function makePhoto(
  deps: MattingDeps,
  data: Buffer,
  meta: UploadMetadata,
  object: string,
  log: Logger,
): Promise<undefined> {
  const { config } = deps;
  const sticker = await makeSticker(data, deps.segmenter, {
    workingSize: config.workingSize,
    outline: meta.options.outline === false ? 0 : config.outline,
    caption: meta.caption,
  });
  await deps.store.create(config.stickersBucket, object, sticker.webp, {
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
  return undefined;
}

/** A clip's WEBM video sticker, stored under `object`; returns the seconds kept if it was cut. */
async function makeClip(
  deps: MattingDeps,
  data: Buffer,
  meta: UploadMetadata,
  object: string,
  log: Logger,
): Promise<number | undefined> {
  const { config } = deps;
  const sticker = await makeClipSticker(data, deps.segmenter, {
    outline: meta.options.outline === false ? 0 : config.outline,
    caption: meta.caption,
  });
  const metadata: Record<string, string> = {
    chatId: String(meta.chatId),
    updateId: String(meta.updateId),
  };
  if (sticker.trimmedToSeconds) metadata.trimmedToSeconds = String(sticker.trimmedToSeconds);
  await deps.store.create(config.stickersBucket, object, sticker.webm, {
    contentType: 'video/webm',
    metadata,
  });
  log.info('video sticker made', {
    ...sticker.timings,
    bytes: sticker.webm.length,
    width: sticker.width,
    height: sticker.height,
    fps: sticker.fps,
    frames: sticker.frames,
    crf: sticker.crf,
    source: `${sticker.info.codec} ${sticker.info.width}x${sticker.info.height}`,
  });
  return sticker.trimmedToSeconds;
}
