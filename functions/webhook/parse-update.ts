import type { Update, Message } from 'telegraf/types';
import { MAX_CAPTION_LENGTH, MAX_DOWNLOAD_BYTES } from '../../shared/limits';

/** Document types the bot accepts as images (full quality, transparency kept). */
export const ACCEPTED_IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
const ACCEPTED_EXTENSIONS = /\.(jpe?g|png|webp)$/i;

/** What one incoming update asks of the bot; pure, so routing rules are tested without I/O. */
export type Intent =
  | { kind: 'image'; fileId: string; fileSize?: number; source: 'photo' | 'document' }
  | { kind: 'reject'; reason: 'not_image' | 'too_big' }
  | { kind: 'unsupported' }
  | { kind: 'ignore' };

/**
 * Decides what an image-bearing message is: the largest photo size (Telegram lists
 * them smallest first), or an image document, or a rejection with its reason.
 */
export function imageIntent(message: Message): Intent {
  if ('photo' in message && message.photo.length > 0) {
    const largest = message.photo[message.photo.length - 1]!;
    return { kind: 'image', fileId: largest.file_id, fileSize: largest.file_size, source: 'photo' };
  }
  if ('document' in message) {
    const doc = message.document;
    const mime = (doc.mime_type ?? '').toLowerCase();
    const byName = doc.file_name ? ACCEPTED_EXTENSIONS.test(doc.file_name) : false;
    if (!ACCEPTED_IMAGE_TYPES.has(mime) && !(mime === '' && byName)) {
      return { kind: 'reject', reason: 'not_image' };
    }
    if (doc.file_size !== undefined && doc.file_size > MAX_DOWNLOAD_BYTES) {
      return { kind: 'reject', reason: 'too_big' };
    }
    return { kind: 'image', fileId: doc.file_id, fileSize: doc.file_size, source: 'document' };
  }
  return { kind: 'unsupported' };
}

/** True for the minimal shape every Telegram update has. */
export function isUpdate(body: unknown): body is Update {
  return (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    Number.isSafeInteger((body as { update_id?: unknown }).update_id) &&
    (body as { update_id: number }).update_id >= 0
  );
}

/**
 * Makes a user's caption safe to carry in object metadata and draw later: control
 * characters (except newlines) removed, whitespace trimmed, length capped without
 * splitting a surrogate pair. Right-to-left text and emoji pass through untouched.
 */
export function sanitizeCaption(caption: string | undefined): string | undefined {
  if (caption === undefined) return undefined;

  let s = caption.normalize('NFC').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '');
  s = s.trim();
  if (s.length > MAX_CAPTION_LENGTH) {
    s = s.slice(0, MAX_CAPTION_LENGTH);
    if (/[\ud800-\udbff]$/.test(s)) s = s.slice(0, -1);
  }
  return s.length > 0 ? s : undefined;
}
