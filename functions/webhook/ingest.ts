import { Composer, type Context } from 'telegraf';
import { message } from 'telegraf/filters';
import type { File, Message } from 'telegraf/types';
import { DEFAULT_CHAT_SETTINGS, type ChatSettings } from '../../shared/bot-state';
import { PermanentError } from '../../shared/errors';
import { MAX_DOWNLOAD_BYTES } from '../../shared/limits';
import type { Logger } from '../../shared/log';
import type { MessageKey } from '../../shared/messages';
import { callTelegram, classifyTelegramError } from '../../shared/telegram';
import { encodeUploadMetadata, uploadObjectName } from '../../shared/upload-object';
import type { FeatureDeps } from './deps';
import { imageIntent, sanitizeCaption, sniffImageType, type Intent } from './parse-update';
import { say } from './reply';

/**
 * Photos and image files: each goes to the uploads bucket, which starts the rest of the
 * chain; any other message gets a short answer. Registered after the commands.
 */
export function ingestFeature(deps: FeatureDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const take = (updateId: number, msg: Message) => {
    const intent = imageIntent(msg);
    if (intent.kind === 'reject') return say(deps.telegram, msg, intent.reason);
    if (intent.kind !== 'image') return say(deps.telegram, msg, 'unsupported');
    const log = deps.log.child({ updateId, chatId: msg.chat.id });
    return ingest({ deps, updateId, msg, intent, log });
  };
  composer.on(message('photo'), (ctx) => take(ctx.update.update_id, ctx.message));
  composer.on(message('document'), (ctx) => take(ctx.update.update_id, ctx.message));
  composer.on('message', (ctx) => say(deps.telegram, ctx.message, 'unsupported'));
  return composer;
}

/** One image on its way to the uploads bucket: what every step reads. */
interface IngestJob {
  deps: FeatureDeps;
  updateId: number;
  msg: Message;
  intent: Extract<Intent, { kind: 'image' }>;
  log: Logger;
}

/** A step's early answer: the image is not taken, and the user is told why. */
interface Refusal {
  refuse: MessageKey;
  params?: Record<string, string | number>;
}

interface FetchedImage {
  data: Buffer;
  contentType: 'image/jpeg' | 'image/png' | 'image/webp';
}

/**
 * The ingest, step by step: fair use (before any work), the chat's settings (read while
 * the image downloads), the chat action (feedback while the chain runs), getFile,
 * download, sniff, store. It returns once the upload is stored; it never loads TensorFlow.
 */
async function ingest(job: IngestJob): Promise<void> {
  const t0 = performance.now();
  const refused = await checkFairUse(job);
  if (refused) return answer(job, refused);
  const tSlot = performance.now();
  const settings = readChatSettings(job);
  const action = showChatAction(job);
  const image = await fetchImage(job);
  if ('refuse' in image) {
    await action;
    return answer(job, image);
  }
  const tFetched = performance.now();
  const stored = await storeUpload(job, image, await settings);
  await action;
  job.log.info(stored.created ? 'upload stored' : 'upload already stored (redelivery)', {
    object: stored.object,
    bytes: image.data.length,
    contentType: image.contentType,
    source: job.intent.source,
    ms: {
      fairUse: Math.round(tSlot - t0),
      fetch: Math.round(tFetched - tSlot),
      store: Math.round(performance.now() - tFetched),
    },
  });
}

function answer(job: IngestJob, refusal: Refusal): Promise<void> {
  return say(job.deps.telegram, job.msg, refusal.refuse, refusal.params);
}

/**
 * Fair use, counted per user (per chat for anonymous senders). If Firestore cannot
 * answer, the photo is let through: a 500 would only make Telegram redeliver it later
 * while the user waits, and bot state is not worth a lost photo.
 */
async function checkFairUse({ deps, updateId, msg, log }: IngestJob): Promise<Refusal | null> {
  const rule = deps.config.fairUse;
  const userKey = msg.from ? `u${msg.from.id}` : `c${msg.chat.id}`;
  const slot = await deps.state.takePhotoSlot(userKey, updateId, rule).catch((err: unknown) => {
    log.error('fair-use check failed; photo let through', { err });
    return { allowed: true as const };
  });
  if (slot.allowed) return null;
  log.info('photo refused: fair-use limit', { retryAfterMs: slot.retryAfterMs });
  const seconds = Math.max(2, Math.ceil(slot.retryAfterMs / 1000));
  return { refuse: 'rate_limited', params: { limit: rule.limit, seconds } };
}

/** The chat's settings (awaited before storing); unreadable, the defaults apply. */
function readChatSettings({ deps, msg, log }: IngestJob): Promise<ChatSettings> {
  return deps.state.chatSettings(msg.chat.id).catch((err: unknown) => {
    log.error('chat settings unreadable; defaults used', { err });
    return { ...DEFAULT_CHAT_SETTINGS };
  });
}

/** "Choosing a sticker…" while the chain runs; best effort, its failure loses nothing. */
function showChatAction({ deps, msg, log }: IngestJob): Promise<void> {
  return deps.telegram
    .sendChatAction(msg.chat.id, 'choose_sticker')
    .then(() => undefined)
    .catch((err) => {
      log.warn('sendChatAction failed', { err: classifyTelegramError(err, 'sendChatAction') });
    });
}

/** getFile, download, sniff: the image's bytes and real type, or why it is refused. */
async function fetchImage(job: IngestJob): Promise<FetchedImage | Refusal> {
  const file = await callTelegram('getFile', () => job.deps.telegram.getFile(job.intent.fileId));
  if (file.file_size !== undefined && file.file_size > MAX_DOWNLOAD_BYTES) {
    return { refuse: 'too_big' };
  }
  const data = await download(job, file);
  if (!Buffer.isBuffer(data)) return data;
  const contentType = sniffImageType(data);
  if (!contentType) {
    job.log.info('not an image I can read', { bytes: data.length, source: job.intent.source });
    return { refuse: job.intent.source === 'photo' ? 'undecodable' : 'not_image' };
  }
  return { data, contentType };
}

/** Downloads the file, refusing what grows past getFile's limit while it streams. */
async function download({ deps }: IngestJob, file: File): Promise<Buffer | Refusal> {
  try {
    return await deps.download(await deps.telegram.getFileLink(file), MAX_DOWNLOAD_BYTES);
  } catch (err) {
    if (err instanceof PermanentError && err.userMessage === 'too_big')
      return { refuse: 'too_big' };
    throw err;
  }
}

/** Writes the upload once per update (a redelivery finds it there) with what matting needs. */
async function storeUpload(
  { deps, updateId, msg, intent }: IngestJob,
  image: FetchedImage,
  { outline }: ChatSettings,
): Promise<{ object: string; created: boolean }> {
  const bucket = deps.config.uploadsBucket;
  const name = uploadObjectName(msg.chat.id, updateId);
  const caption = sanitizeCaption('caption' in msg ? msg.caption : undefined);
  const result = await deps.store.create(bucket, name, image.data, {
    contentType: image.contentType,
    metadata: encodeUploadMetadata({
      chatId: msg.chat.id,
      messageId: msg.message_id,
      userId: msg.from?.id,
      updateId,
      languageCode: msg.from?.language_code,
      caption,
      source: intent.source,
      options: { outline },
    }),
  });
  return { object: `gs://${bucket}/${name}`, created: result !== 'exists' };
}
