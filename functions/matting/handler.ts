import type { CloudEvent } from '@google-cloud/functions-framework';
import { wrapCloudEvent } from '../../shared/cloud-event';
import { isDelivered } from '../../shared/delivery-record';
import { PermanentError, RetryableError } from '../../shared/errors';
import type { Logger } from '../../shared/log';
import type { PublishReply } from '../../shared/pubsub';
import type { ReplyMessageInput } from '../../shared/reply-message';
import { firstEmoji } from '../../shared/sticker-emoji';
import type { ObjectStore } from '../../shared/storage';
import {
  decodeUploadMetadata,
  replyAddressOf,
  stickerObjectName,
  type ReplyAddress,
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
  /**
   * True while this instance's model is still loading (a cold start): each event then
   * first publishes a `chat_action` for its chat, which also wakes the sender early.
   */
  modelLoading?: () => boolean;
  log: Logger;
}

/** One upload being processed: what every step reads. */
interface Job {
  deps: MattingDeps;
  bucket: string;
  name: string;
  log: Logger;
  started: number;
}

/**
 * Builds the `matting` CloudEvent function (storage object finalized on the uploads
 * bucket): upload → sticker in the stickers bucket → reply on `sticker-replies`, then
 * the upload is deleted (photos are not kept). A photo becomes a WebP sticker; a clip
 * (metadata `media: clip`) a WEBM video sticker. Every step is idempotent, so Eventarc
 * redeliveries are safe: an existing sticker is not made again, only re-announced, and
 * the sender drops a reply it has already delivered.
 *
 * Every path ends with the upload deleted and the user told (a sticker, a reason, or
 * the apology), or, when even the reply cannot be published or the upload not deleted,
 * with a redelivery, and after the last attempt the dead-letter path's apology. An
 * upload without a chat to answer is deleted and logged as an error.
 */
export function createMattingHandler(
  deps: MattingDeps,
): (event: CloudEvent<StorageObjectData>) => Promise<void> {
  return wrapCloudEvent(deps.log, async (event, elog, about) => {
    const { bucket, name } = event.data ?? {};
    if (!bucket || !name) throw new PermanentError('event has no bucket/object');
    const job: Job = { deps, bucket, name, log: elog, started: performance.now() };
    if (deps.modelLoading?.()) wakeSender(job, replyAddressOf(event.data?.metadata));
    const upload = await deps.store.read(bucket, name).catch(async (err: unknown) => {
      // Unreadable for good (a 403): the event's own copy of the metadata says whom to tell.
      if (!(err instanceof PermanentError)) throw err;
      await answerFailure(job, replyAddressOf(event.data?.metadata), err);
      return 'answered' as const;
    });
    if (upload === 'answered') return;
    if (!upload) {
      elog.info('upload is gone: already processed', { object: name });
      return;
    }
    let meta: UploadMetadata;
    try {
      meta = decodeUploadMetadata({ ...event.data?.metadata, ...upload.metadata });
    } catch (err) {
      const address = replyAddressOf({ ...event.data?.metadata, ...upload.metadata });
      return answerFailure(job, address, err);
    }
    job.log = about({ updateId: meta.updateId, chatId: meta.chatId });
    // Answered already (a finalize redelivered after the sender delivered, and deleted,
    // the sticker): making it again would only leave a cut-out behind.
    if (await isDelivered(deps.store, deps.config.stickersBucket, meta.chatId, meta.updateId)) {
      job.log.info('already answered (redelivery): nothing to make');
      return removeUpload(job);
    }
    const reply = await stickerReply(job, meta, upload.data);
    await finish(job, reply);
  });
}

/**
 * A cold instance's first events take seconds more (the model loads): the chat shows
 * "choosing a sticker…" meanwhile (the webhook's own chat action lasts 5 s), and the
 * sender, cold too after idle, starts while the model loads instead of after the
 * sticker is made; the publisher's first call (its channel) is paid here, not by the
 * reply. Not awaited, best effort: a failure costs only the indicator.
 */
function wakeSender(job: Job, address: ReplyAddress | undefined): void {
  if (!address) return;
  job.deps.publish({ ...address, kind: 'chat_action', action: 'choose_sticker' }).then(
    (messageId) => job.log.info('chat action published (cold start)', { messageId }),
    (err: unknown) => job.log.warn('chat action not published (best effort)', { err }),
  );
}

/** The sticker (made now, or found from an earlier delivery), or the reason there is none. */
async function stickerReply(
  job: Job,
  meta: UploadMetadata,
  data: Buffer,
): Promise<ReplyMessageInput> {
  const { config, store } = job.deps;
  const base = replyBase(meta);
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
  try {
    if (await store.exists(config.stickersBucket, object)) {
      job.log.info('sticker already made (redelivery): announcing it again');
      const trimmedToSeconds = meta.media === 'clip' ? await trimmedOf(job, object) : undefined;
      return trimmedToSeconds ? { ...sticker, trimmedToSeconds } : sticker;
    }
    const make = meta.media === 'clip' ? makeClip : makePhoto;
    const trimmedToSeconds = await make(job.deps, data, meta, object, job.log);
    return trimmedToSeconds ? { ...sticker, trimmedToSeconds } : sticker;
  } catch (err) {
    if (!(err instanceof PermanentError)) throw err;
    return failureReply(job, base, err);
  }
}

/** A clip's sticker remembers whether it was cut, so a re-announcement says so again. */
async function trimmedOf(job: Job, object: string): Promise<number | undefined> {
  const existing = await job.deps.store.read(job.deps.config.stickersBucket, object);
  const trimmed = Number(existing?.metadata?.trimmedToSeconds);
  return trimmed > 0 ? trimmed : undefined;
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

/** A permanent failure as the user's answer: its own message, else the apology. */
function failureReply(job: Job, base: ReplyAddress, err: PermanentError): ReplyMessageInput {
  if (err.userMessage) {
    job.log.info('no sticker for this upload', { reason: err.userMessage, detail: err.message });
  } else {
    job.log.error('no sticker for this upload: permanent failure; the user gets the apology', {
      err,
    });
  }
  return { ...base, kind: 'text', key: err.userMessage ?? 'failed', params: err.userParams };
}

function replyBase(meta: UploadMetadata): ReplyAddress {
  return {
    v: 1,
    chatId: meta.chatId,
    replyTo: meta.messageId,
    updateId: meta.updateId,
    languageCode: meta.languageCode,
  };
}

/**
 * An upload that failed before a sticker could even be tried (unreadable, or metadata
 * that is not ours): the apology to whoever the metadata names, then the upload deleted.
 */
async function answerFailure(
  job: Job,
  address: ReplyAddress | undefined,
  err: unknown,
): Promise<void> {
  if (!address) {
    job.log.error('upload names no chat to answer; deleted unanswered', { err, object: job.name });
    await removeUpload(job);
    return;
  }
  const wrapped = err instanceof PermanentError ? err : new PermanentError(String(err));
  await finish(job, failureReply(job, address, wrapped));
}

/** Publishes the answer, then deletes the upload; either failing is redelivered. */
async function finish(job: Job, reply: ReplyMessageInput): Promise<void> {
  let messageId: string;
  try {
    messageId = await job.deps.publish(reply);
  } catch (err) {
    throw asRetry(err, 'reply not published');
  }
  await removeUpload(job);
  job.log.info('reply published', {
    kind: reply.kind,
    messageId,
    ms: Math.round(performance.now() - job.started),
  });
}

async function removeUpload(job: Job): Promise<void> {
  try {
    await job.deps.store.remove(job.bucket, job.name);
  } catch (err) {
    throw asRetry(err, 'upload not deleted');
  }
}

/**
 * A step that must not end the story (the user would not be told, or the photo would be
 * kept): even a permanent failure is redelivered, and after the last attempt the event
 * goes to the dead-letter topic, whose handler apologises.
 */
function asRetry(err: unknown, what: string): unknown {
  if (!(err instanceof PermanentError)) return err;
  return new RetryableError(`${what}: ${err.message}`, undefined, { cause: err, api: err.api });
}
