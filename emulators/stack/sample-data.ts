/**
 * What the sample requests under functions/<name>/samples/ refer to, loaded into freshly
 * started emulators, so that each sample does on its own what the README says: the
 * webhook sample's photo can be fetched from the Telegram emulator, the matting sample's
 * upload exists, the sender sample's sticker exists and its chat is known.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Storage } from '@google-cloud/storage';
import sharp from 'sharp';
import type { Message, PhotoSize, Update } from 'telegraf/types';
import { decodeReply } from '../../shared/reply-message';
import { decodeUploadMetadata } from '../../shared/upload-object';
import { ROOT } from './functions';
import type { LocalFunction } from './local-env';
import { Store } from '../telegram/store';
import type { TelegramEmulator } from '../telegram/types';

/** Path of a sample file, as the README's curl lines name it. */
export function samplePath(fn: LocalFunction, file: string): string {
  return path.join(ROOT, 'functions', fn, 'samples', file);
}

/** A sample JSON file, parsed. */
export function readSample<T = unknown>(fn: LocalFunction, file: string): T {
  return JSON.parse(readFileSync(samplePath(fn, file), 'utf8')) as T;
}

/** The transparent cut-out every sample image is made from (kept as is by matting). */
export function sampleCutout(): Buffer {
  return readFileSync(samplePath('matting', 'cutout.png'));
}

/** The webhook samples; the chat and user of the first one are those of all samples. */
export const WEBHOOK_SAMPLES = ['photo.json', 'document.json', 'command.json'] as const;
export const SENDER_SAMPLES = ['published.json', 'push.json'] as const;

type MessageUpdate = Update.MessageUpdate;

/** Upload object of the matting sample (bucket, name and the metadata it carries). */
export function mattingSampleObject(): {
  bucket: string;
  name: string;
  contentType: string;
  metadata: Record<string, string>;
} {
  const o = readSample<{
    bucket: string;
    name: string;
    contentType: string;
    metadata: Record<string, string>;
  }>('matting', 'finalized.json');
  return { bucket: o.bucket, name: o.name, contentType: o.contentType, metadata: o.metadata };
}

/** Pub/Sub message data of a sender sample, decoded with the sender's own schema. */
export function senderSampleReply(file: (typeof SENDER_SAMPLES)[number]) {
  const body = readSample<{ message: { data: string } }>('sender', file);
  return decodeReply(Buffer.from(body.message.data, 'base64'));
}

/**
 * The Telegram emulator hands out random file_ids, and a checked-in Update must name
 * fixed ones. Lookups of a sample's file_id are therefore redirected to the file the
 * emulator stored for the same bytes. This patches the emulator's store class, once, in
 * the process that seeds (`npm run emulators`), and leaves the emulator's code alone.
 */
const fileAliases = new Map<string, string>();
let aliasesInstalled = false;
function installFileAliases(): void {
  if (aliasesInstalled) return;
  aliasesInstalled = true;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the store as `this`
  const lookUpFile = Store.prototype.file;
  Store.prototype.file = function file(this: Store, fileId: string) {
    return lookUpFile.call(this, fileAliases.get(fileId) ?? fileId);
  };
}

function alias(sample: PhotoSize[], stored: PhotoSize[]): void {
  // Largest last in both; a ladder of a different length maps onto the nearest size.
  sample.forEach((size, i) => {
    const target = stored[Math.max(0, stored.length - sample.length + i)];
    if (target) fileAliases.set(size.file_id, target.file_id);
  });
}

/**
 * Makes the Telegram emulator know the samples: the sample user's chat with the messages
 * the samples answer to, and the sample photo and document behind their file_ids. The
 * updates this queues are dropped again, so nothing is delivered to the webhook later.
 */
export async function seedTelegram(tg: TelegramEmulator): Promise<void> {
  installFileAliases();
  const [photo, document, ...rest] = WEBHOOK_SAMPLES.map((f) =>
    readSample<MessageUpdate>('webhook', f),
  );
  const photoMsg = photo?.message as Message.PhotoMessage | undefined;
  const docMsg = document?.message as Message.DocumentMessage | undefined;
  if (!photoMsg || !docMsg) throw new Error('webhook samples: photo.json and document.json');
  const user = {
    userId: photoMsg.from?.id ?? photoMsg.chat.id,
    chatId: photoMsg.chat.id,
    firstName: photoMsg.from?.first_name,
    languageCode: photoMsg.from?.language_code,
  };
  const png = sampleCutout();
  // Like a phone camera: the photo arrives as a JPEG, without transparency.
  const jpeg = await sharp(png).flatten({ background: '#ffffff' }).jpeg({ quality: 90 }).toBuffer();
  const sentPhoto = await tg.sendPhoto(user, jpeg);
  alias(photoMsg.photo, sentPhoto.message.photo);
  const sentDoc = await tg.sendDocument(user, png, {
    fileName: docMsg.document.file_name ?? 'cutout.png',
    mimeType: docMsg.document.mime_type ?? 'image/png',
  });
  fileAliases.set(docMsg.document.file_id, sentDoc.message.document.file_id);
  const thumb = docMsg.document.thumbnail;
  const storedThumb = sentDoc.message.document.thumbnail;
  if (thumb && storedThumb) alias([thumb], [storedThumb]);

  // The messages the samples refer to, so that replies to them are real replies.
  for (const update of [photo, document, ...rest]) if (update) await tg.postUpdate(update);
  const referenced = [
    decodeUploadMetadata(mattingSampleObject().metadata),
    ...SENDER_SAMPLES.map(senderSampleReply).map((r) => ({ ...r, messageId: r.replyTo })),
  ];
  for (const { updateId, messageId } of referenced) {
    if (messageId === undefined) continue;
    await tg.postUpdate({ update_id: updateId, message: { ...photoMsg, message_id: messageId } });
  }
}

/**
 * Puts the matting sample's upload and the sender sample's sticker into their buckets.
 * Call it before the uploads bucket gets its trigger: the sample upload must wait for
 * the sample event, not fire one of its own.
 */
export async function seedStorage(storage: Storage): Promise<void> {
  const png = sampleCutout();
  const upload = mattingSampleObject();
  await storage
    .bucket(upload.bucket)
    .file(upload.name)
    .save(png, {
      resumable: false,
      contentType: upload.contentType,
      metadata: { contentType: upload.contentType, metadata: upload.metadata },
    });
  const webp = await sharp(png)
    .resize(512, 512, { fit: 'inside' })
    .webp({ quality: 90, alphaQuality: 100 })
    .toBuffer();
  for (const file of SENDER_SAMPLES) {
    const reply = senderSampleReply(file);
    if (reply.kind !== 'sticker') continue;
    await storage
      .bucket(reply.bucket)
      .file(reply.object)
      .save(webp, {
        resumable: false,
        contentType: 'image/webp',
        metadata: { contentType: 'image/webp' },
      });
  }
}
