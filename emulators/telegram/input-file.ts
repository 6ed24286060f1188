/**
 * Turns the InputFile a bot passes (multipart upload, `attach://` reference,
 * file_id or URL) into stored files, and builds the PhotoSize / Sticker /
 * Document objects Telegram returns for them. Shared by the bot's send
 * methods and by the emulated user, so both sides produce identical shapes.
 */
import type { Document, PhotoSize, Sticker } from 'telegraf/types';
import { badRequest } from './errors.js';
import { photoRenditions, probeImage, thumbnailRendition } from './media.js';
import { checkVideoSticker } from './video-sticker.js';
import { isWebmFile } from './video.js';
import { readString } from './params.js';
import type { ApiRequest } from './request-body.js';
import type { FileKind, Store, StoredFile } from './store.js';
import type { RecordedFile } from './types.js';

/** What the bot provided for a file parameter. */
export type InputFile = { upload: RecordedFile } | { stored: StoredFile };

/** How Telegram names each kind in "can't use file of type X as Y". */
export const KIND_NAMES: Record<FileKind, string> = {
  photo: 'Photo',
  document: 'Document',
  sticker: 'Sticker',
  video: 'Video',
  animation: 'Animation',
  video_note: 'VideoNote',
};

/**
 * Finds the file behind parameter `name`. Remote URLs are refused: the
 * emulator has no network, and Telegram's own failure text fits.
 */
export function resolveInputFile(
  req: ApiRequest,
  name: string,
  kind: FileKind,
  store: Store,
): InputFile {
  const direct = req.files.get(name);
  if (direct) return { upload: direct };
  const value = readString(req.params, name);
  if (value === undefined) throw badRequest(`there is no ${name} in the request`);
  if (value.startsWith('attach://')) {
    const attached = req.files.get(value.slice('attach://'.length));
    if (!attached) throw badRequest(`there is no ${name} in the request`);
    return { upload: attached };
  }
  if (/^https?:\/\//i.test(value)) throw badRequest('failed to get HTTP URL content');
  const stored = store.file(value.trim());
  if (!stored) throw badRequest('wrong file identifier/HTTP URL specified');
  if (stored.kind !== kind) {
    throw badRequest(`can't use file of type ${KIND_NAMES[stored.kind]} as ${KIND_NAMES[kind]}`);
  }
  return { stored };
}

/** Stores a photo as Telegram does: a JPEG size ladder, smallest first. */
export async function storePhoto(store: Store, data: Buffer): Promise<PhotoSize[]> {
  const renditions = await photoRenditions(data);
  const sizes: PhotoSize[] = [];
  for (const r of renditions) {
    const file = store.addFile({
      kind: 'photo',
      data: r.data,
      mimeType: 'image/jpeg',
      width: r.width,
      height: r.height,
      photo: sizes,
    });
    sizes.push(toPhotoSize(file));
  }
  return sizes;
}

/**
 * Stores a sticker the bot sends: a WEBM is a video sticker and must pass Telegram's video
 * sticker checks; otherwise only WEBP and PNG are stickers, anything else is refused.
 */
export async function storeSticker(store: Store, upload: RecordedFile): Promise<StoredFile> {
  if (isWebmFile(upload.data)) {
    const { width, height } = await checkVideoSticker(upload.data);
    const { data, fileName } = upload;
    return store.addFile({
      kind: 'sticker',
      data,
      mimeType: 'video/webm',
      fileName,
      width,
      height,
    });
  }
  const info = await probeImage(upload.data);
  if (!info || (info.format !== 'webp' && info.format !== 'png'))
    throw badRequest('wrong file type');
  return store.addFile({
    kind: 'sticker',
    data: upload.data,
    mimeType: `image/${info.format}`,
    fileName: upload.fileName,
    width: info.width,
    height: info.height,
  });
}

/** Stores a document byte for byte, with a JPEG thumbnail when it is an image. */
export async function storeDocument(
  store: Store,
  data: Buffer,
  fileName: string,
  mimeType: string,
): Promise<StoredFile> {
  const file = store.addFile({ kind: 'document', data, mimeType, fileName });
  if (mimeType.startsWith('image/')) {
    const thumb = await thumbnailRendition(data);
    if (thumb) {
      const stored = store.addFile({
        kind: 'photo',
        data: thumb.data,
        mimeType: 'image/jpeg',
        width: thumb.width,
        height: thumb.height,
      });
      file.photo = [toPhotoSize(stored)];
    }
  }
  return file;
}

/** The Sticker object for a stored sticker file; a set's sticker keeps its own emoji. */
export function toSticker(file: StoredFile, given?: string): Sticker {
  const emoji = file.emoji ?? given;
  return {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    type: 'regular',
    width: file.width ?? 0,
    height: file.height ?? 0,
    ...(emoji !== undefined && { emoji }),
    ...(file.setName !== undefined && { set_name: file.setName }),
    is_animated: false,
    is_video: file.mimeType === 'video/webm',
    file_size: file.data.length,
  };
}

/** The Document object for a stored document file. */
export function toDocument(file: StoredFile): Document {
  const thumbnail = file.photo?.[0];
  return {
    file_name: file.fileName ?? 'document',
    mime_type: file.mimeType,
    ...(thumbnail && { thumbnail }),
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    file_size: file.data.length,
  };
}

/** The PhotoSize object for a stored image (a photo size, a set thumbnail). */
export function toPhotoSize(file: StoredFile): PhotoSize {
  return {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    file_size: file.data.length,
    width: file.width ?? 0,
    height: file.height ?? 0,
  };
}
