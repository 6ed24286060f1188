import { Composer, type Context } from 'telegraf';
import { message } from 'telegraf/filters';
import type { File, Message } from 'telegraf/types';
import { DEFAULT_CHAT_SETTINGS, fairUseKey, type ChatSettings } from '../../shared/bot-state';
import { PermanentError } from '../../shared/errors';
import { MAX_DOWNLOAD_BYTES } from '../../shared/limits';
import type { Logger } from '../../shared/log';
import type { MessageKey } from '../../shared/messages';
import { callTelegram, classifyTelegramError } from '../../shared/telegram';
import { encodeUploadMetadata, uploadObjectName } from '../../shared/upload-object';
import type { FeatureDeps } from './deps';
import { telegramFileUrl } from './download';
import { clipIntent, sniffMedia, type ClipIntent, type SniffedMedia } from './media';
import { imageIntent, sanitizeCaption, type Intent } from './parse-update';
import { reactToPhoto } from './reaction';
import { say } from './reply';

/**
 * Photos, image files and clips (videos, GIFs, round videos, video files): each goes to
 * the uploads bucket, which starts the rest of the chain; any other message gets a short
 * answer. Registered after the commands.
 */
export function ingestFeature(deps: FeatureDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const take = (updateId: number, msg: Message) => {
    const intent = clipIntent(msg) ?? imageIntent(msg);
    if (intent.kind === 'reject') {
      return say(deps.telegram, msg, intent.reason === 'not_image' ? 'not_media' : intent.reason);
    }
    if (intent.kind !== 'image' && intent.kind !== 'clip') {
      return say(deps.telegram, msg, 'unsupported_media');
    }
    const log = deps.log.child({ updateId, chatId: msg.chat.id });
    return ingest({ deps, updateId, msg, intent, log }).catch((err: unknown) =>
      tellPermanentFailure(deps, msg, err),
    );
  };
  for (const kind of ['photo', 'animation', 'video', 'video_note', 'document'] as const) {
    composer.on(message(kind), (ctx) => take(ctx.update.update_id, ctx.message));
  }
  composer.on('message', (ctx) => say(deps.telegram, ctx.message, 'unsupported_media'));
  return composer;
}

/** One image or clip on its way to the uploads bucket: what every step reads. */
interface IngestJob {
  deps: FeatureDeps;
  updateId: number;
  msg: Message;
  intent: Extract<Intent, { kind: 'image' }> | ClipIntent;
  log: Logger;
}

/** A step's early answer: the image is not taken, and the user is told why. */
interface Refusal {
  refuse: MessageKey;
  params?: Record<string, string | number>;
}

interface FetchedImage extends SniffedMedia {
  data: Buffer;
}

/**
 * The ingest, step by step: fair use (before any work), the chat's settings (read while
 * the image downloads), the chat action and a 👀 reaction on the photo (feedback while
 * the chain runs; best effort), getFile,
 * download, sniff, store. It returns once the upload is stored; it never loads TensorFlow.
 */
async function ingest(job: IngestJob): Promise<void> {
  const t0 = performance.now();
  const refused = await checkFairUse(job);
  if (refused) return answer(job, refused);
  const tSlot = performance.now();
  const settings = readChatSettings(job);
  const action = Promise.all([
    showChatAction(job),
    reactToPhoto(job.deps.telegram, job.msg, job.log),
  ]);
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
    media: image.media,
    source: job.intent.source,
    ms: {
      fairUse: Math.round(tSlot - t0),
      fetch: Math.round(tFetched - tSlot),
      store: Math.round(performance.now() - tFetched),
    },
  });
}

/**
 * A permanent failure ends the photo's story (no redelivery), so the user hears of it:
 * its own message when it has one, else the apology. The error still goes up to be
 * logged and acknowledged; a user who cannot be told (blocked the bot) changes nothing.
 */
async function tellPermanentFailure(deps: FeatureDeps, msg: Message, err: unknown): Promise<never> {
  if (err instanceof PermanentError) {
    await say(deps.telegram, msg, err.userMessage ?? 'failed', err.userParams).catch(
      (sayErr: unknown) => deps.log.warn('could not tell the user', { err: sayErr }),
    );
  }
  throw err;
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
  const userKey = msg.from ? fairUseKey(msg.from.id) : `c${msg.chat.id}`;
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

/** getFile, download, sniff: the file's bytes and real type, or why it is refused. */
async function fetchImage(job: IngestJob): Promise<FetchedImage | Refusal> {
  const file = await getFile(job);
  if (file.file_size !== undefined && file.file_size > MAX_DOWNLOAD_BYTES) {
    return { refuse: 'too_big' };
  }
  const data = await download(job, file);
  if (!Buffer.isBuffer(data)) return data;
  const sniffed = sniffMedia(data);
  // Telegram recompresses photos to JPEG: anything else in a photo is damage.
  if (!sniffed || (job.intent.source === 'photo' && sniffed.media !== 'image')) {
    job.log.info('not an image or clip I can read', {
      bytes: data.length,
      source: job.intent.source,
    });
    return { refuse: unreadable(job.intent) };
  }
  return { data, ...sniffed };
}

/** What to say about a file whose bytes are neither an image nor a clip. */
function unreadable(intent: IngestJob['intent']): MessageKey {
  if (intent.kind === 'clip') return 'clip_unreadable';
  return intent.source === 'photo' ? 'undecodable' : 'not_media';
}

/**
 * getFile; its 400 "file is too big" (an update that declared no size, or a wrong one)
 * is the same "too big" answer as a declared size over the limit.
 */
async function getFile({ deps, intent }: IngestJob): Promise<File> {
  try {
    return await callTelegram('getFile', () => deps.telegram.getFile(intent.fileId));
  } catch (err) {
    const api = err instanceof PermanentError ? err.api : undefined;
    if (api?.code === 400 && /file is too big/i.test(api.description)) {
      throw new PermanentError(err instanceof Error ? err.message : 'file is too big', 'too_big', {
        cause: err,
        api,
      });
    }
    throw err;
  }
}

/** Downloads the file, refusing what grows past getFile's limit while it streams. */
async function download({ deps }: IngestJob, file: File): Promise<Buffer | Refusal> {
  const { apiRoot, botToken } = deps.config;
  try {
    return await deps.download(
      telegramFileUrl(apiRoot, botToken, file.file_path),
      MAX_DOWNLOAD_BYTES,
    );
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
      media: image.media,
      options: { outline },
    }),
  });
  return { object: `gs://${bucket}/${name}`, created: result !== 'exists' };
}
