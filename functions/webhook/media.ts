import type { Message } from 'telegraf/types';
import { MAX_DOWNLOAD_BYTES } from '../../shared/limits';
import type { UploadMedia } from '../../shared/upload-object';
import { sniffImageType } from '../../shared/image-type';

/**
 * Clips: videos, GIFs (which reach bots as `animation`, an MP4 without sound), round video
 * messages (`video_note`), and videos or GIFs sent as files. Each becomes a video sticker,
 * so the webhook stores it like a photo, marked as a clip; what it really is comes from
 * its bytes, never from what the message or the file name claims.
 */

/** Longest video sticker Telegram takes; a longer clip gives a sticker of its first seconds. */
export const VIDEO_STICKER_SECONDS = 3;

/** Document types taken as clips; an animated WebP arrives as image/webp and is sniffed. */
export const CLIP_DOCUMENT_TYPES = new Set([
  'video/mp4',
  'video/webm',
  'video/quicktime',
  'image/gif',
]);
const CLIP_EXTENSIONS = /\.(mp4|m4v|mov|webm|gif)$/i;

/** A message carrying a clip: which file to fetch and what kind of message it came in. */
export interface ClipIntent {
  kind: 'clip';
  fileId: string;
  fileSize?: number;
  source: 'video' | 'animation' | 'video_note' | 'document';
}

/**
 * The clip in a message, if it carries one: a GIF (`animation`; Telegram also fills
 * `document` for it, so it is looked at first), a round video, a video, or a video or GIF
 * document. A file over the bot download limit is refused before any work.
 */
export function clipIntent(
  message: Message,
): ClipIntent | { kind: 'reject'; reason: 'too_big' } | null {
  const found = clipFile(message);
  if (!found) return null;
  if (found.file.file_size !== undefined && found.file.file_size > MAX_DOWNLOAD_BYTES) {
    return { kind: 'reject', reason: 'too_big' };
  }
  return {
    kind: 'clip',
    fileId: found.file.file_id,
    ...(found.file.file_size !== undefined && { fileSize: found.file.file_size }),
    source: found.source,
  };
}

function clipFile(
  message: Message,
): { file: { file_id: string; file_size?: number }; source: ClipIntent['source'] } | null {
  if ('animation' in message) return { file: message.animation, source: 'animation' };
  if ('video_note' in message) return { file: message.video_note, source: 'video_note' };
  if ('video' in message) return { file: message.video, source: 'video' };
  if ('document' in message) {
    const doc = message.document;
    const mime = (doc.mime_type ?? '').toLowerCase();
    const byName = doc.file_name ? CLIP_EXTENSIONS.test(doc.file_name) : false;
    if (CLIP_DOCUMENT_TYPES.has(mime) || (mime === '' && byName)) {
      return { file: doc, source: 'document' };
    }
  }
  return null;
}

/** The MIME types stored for uploads, as sniffed from the bytes. */
export type UploadContentType =
  | 'image/jpeg'
  | 'image/png'
  | 'image/webp'
  | 'image/gif'
  | 'video/mp4'
  | 'video/quicktime'
  | 'video/webm';

/** What a downloaded file is: its real type, and whether it is a still image or a clip. */
export interface SniffedMedia {
  contentType: UploadContentType;
  media: UploadMedia;
}

/**
 * Recognises a file from its first bytes: JPEG, PNG and still WebP are images; an animated
 * WebP (an ANIM chunk), a GIF, an MP4 or QuickTime file (an `ftyp` box) and a WebM file
 * (EBML with DocType webm) are clips. Anything else is null.
 */
export function sniffMedia(data: Buffer): SniffedMedia | null {
  const image = sniffImageType(data);
  if (image === 'image/webp' && isAnimatedWebp(data)) {
    return { contentType: 'image/webp', media: 'clip' };
  }
  if (image) return { contentType: image, media: 'image' };
  const clip = sniffClipType(data);
  return clip ? { contentType: clip, media: 'clip' } : null;
}

function sniffClipType(
  data: Buffer,
): Exclude<UploadContentType, `image/${'jpeg' | 'png' | 'webp'}`> | null {
  const ascii = (from: number, to: number) =>
    data.length >= to ? data.toString('latin1', from, to) : '';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(4, 8) === 'ftyp') return ascii(8, 12) === 'qt  ' ? 'video/quicktime' : 'video/mp4';
  // QuickTime files from before `ftyp` start with one of these atoms instead.
  if (['moov', 'mdat', 'wide', 'free', 'skip'].includes(ascii(4, 8)) && data.readUInt32BE(0) >= 8) {
    return 'video/quicktime';
  }
  if (data.length >= 4 && data.readUInt32BE(0) === 0x1a45dfa3 && isWebmDocType(data)) {
    return 'video/webm';
  }
  return null;
}

/**
 * An EBML header's DocType (element 0x4282) is "webm" for WebM; Matroska files share the
 * magic but are not what Telegram sends as video/webm. The header is in the first bytes.
 */
function isWebmDocType(data: Buffer): boolean {
  const head = data.subarray(0, Math.min(data.length, 64));
  const at = head.indexOf(Buffer.from([0x42, 0x82]));
  return at >= 0 && head.indexOf('webm', at, 'latin1') > at;
}

/**
 * True when a RIFF/WEBP file is animated: it has an ANIM chunk (which follows VP8X and the
 * optional ICCP chunk, before any frame). Walks the chunk list, never past the buffer.
 */
export function isAnimatedWebp(data: Buffer): boolean {
  let offset = 12;
  for (let i = 0; i < 8 && offset + 8 <= data.length; i++) {
    const fourcc = data.toString('latin1', offset, offset + 4);
    if (fourcc === 'ANIM') return true;
    if (fourcc === 'ANMF' || fourcc.startsWith('VP8 ') || fourcc === 'VP8L') return false;
    const size = data.readUInt32LE(offset + 4);
    offset += 8 + size + (size % 2);
  }
  return false;
}
