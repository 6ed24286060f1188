/**
 * Methods that edit a whole set: setStickerSetTitle, deleteStickerSet and
 * setStickerSetThumbnail, in the order and with the texts of the Bot API server
 * (Client.cpp) and TDLib (StickersManager.cpp, StickerFormat.cpp); refusals from
 * Telegram's servers use the MTProto error names its method pages list.
 */
import { badRequest } from './errors.js';
import type { RecordedFile } from './types.js';
import { probeImage } from './media.js';
import { readString, type Params } from './params.js';
import type { ApiRequest } from './request-body.js';
import type { MethodHandlers } from './send-methods.js';
import { NOT_MODIFIED } from './sticker-edits.js';
import {
  STICKERSET_INVALID,
  readTitle,
  readUserId,
  requireKnownUser,
  requireSet,
  type StickerDeps,
} from './sticker-methods.js';
import type { StoredFile } from './store.js';

/** Set thumbnails: WEBP or PNG of exactly 100x100 up to 128 KB, WEBM up to 32 KB (TDLib). */
const THUMB_SIDE = 100;
const MAX_THUMB_BYTES = { static: 128 * 1024, video: 32 * 1024 } as const;
const FORMATS = new Set(['static', 'animated', 'video', 'auto']);
const WEBM_MAGIC = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);

export function createStickerSetEditHandlers(deps: StickerDeps): MethodHandlers {
  const { stickerSets: sets } = deps;
  return {
    setStickerSetTitle: ({ params }) => {
      const name = readName(params);
      const title = readTitle(params);
      const set = requireSet(sets, { name });
      if (set.title === title) throw badRequest(NOT_MODIFIED);
      sets.editSet(set, (s) => (s.title = title));
      return Promise.resolve({ result: true });
    },

    deleteStickerSet: ({ params }) => {
      sets.delete(requireSet(sets, { name: readName(params) }).name);
      return Promise.resolve({ result: true });
    },

    setStickerSetThumbnail: async (req) => {
      const ownerId = readUserId(req.params);
      const input = thumbnailInput(req);
      const format = readString(req.params, 'format') ?? 'auto';
      if (!FORMATS.has(format)) throw badRequest('invalid sticker format specified');
      requireKnownUser(deps, ownerId);
      const set = requireSet(sets, { name: readName(req.params) });
      // Assumed, as for addStickerToSet: another user's id does not own the set.
      if (set.ownerId !== ownerId) throw badRequest(STICKERSET_INVALID);
      const thumbnail = input && (await storeThumbnail(deps, input, format));
      sets.editSet(set, (s) => {
        if (thumbnail) s.thumbnail = thumbnail;
        else delete s.thumbnail;
      });
      return { result: true };
    },
  };
}

/** TDLib trims the name and refuses an empty one before asking Telegram. */
function readName(params: Params): string {
  const name = readString(params, 'name')?.trim() ?? '';
  if (name === '') throw badRequest('sticker set name must be non-empty');
  return name;
}

type ThumbnailInput = { upload: RecordedFile } | { fileId: string };

/**
 * `thumbnail` (or the older `thumb`) as Client.cpp `get_input_file` reads it: an upload,
 * an `attach://` part, or a file_id. Nothing (even an `attach://` naming no part) means
 * "drop the thumbnail", and the set shows its first sticker again.
 */
function thumbnailInput(req: ApiRequest): ThumbnailInput | undefined {
  for (const field of ['thumbnail', 'thumb']) {
    const upload = req.files.get(field);
    if (upload) return { upload };
    const value = readString(req.params, field);
    if (value === undefined) continue;
    if (!value.startsWith('attach://')) return { fileId: value };
    const part = req.files.get(value.slice('attach://'.length));
    if (part) return { upload: part };
  }
  return undefined;
}

/** Checks a thumbnail the way TDLib and Telegram do and stores it as a file of its own. */
async function storeThumbnail(
  deps: StickerDeps,
  input: ThumbnailInput,
  format: string,
): Promise<StoredFile> {
  const data = 'upload' in input ? input.upload.data : storedThumbnail(deps, input.fileId).data;
  if (format === 'animated') {
    throw badRequest('animated thumbnails are not supported by the local emulator');
  }
  if (format === 'video') return storeVideoThumbnail(deps, data);
  // TDLib checks an upload's size before sending it (StickersManager.cpp prepare_input_file).
  if ('upload' in input && data.length > MAX_THUMB_BYTES.static) {
    throw badRequest('file is too big');
  }
  const info = await probeImage(data);
  // "Incorrect stickerset thumb file provided, PNG / WEBP expected" (MTProto docs).
  if (!info || (info.format !== 'webp' && info.format !== 'png')) {
    throw badRequest('STICKER_THUMB_PNG_NOPNG');
  }
  // Assumed: Telegram's name for a thumbnail of the wrong size is not documented; this is
  // its name for a sticker of the wrong size.
  if (info.width !== THUMB_SIDE || info.height !== THUMB_SIDE) {
    throw badRequest('STICKER_PNG_DIMENSIONS');
  }
  const { width, height } = info;
  const mimeType = `image/${info.format}`;
  return deps.store.addFile({ kind: 'document', data, mimeType, width, height });
}

/**
 * A WEBM thumbnail (for sets of video stickers): at most 32 KB and a WEBM file. Its frame
 * size is not checked here (that needs a video decoder).
 */
function storeVideoThumbnail(deps: StickerDeps, data: Buffer): StoredFile {
  if (data.length > MAX_THUMB_BYTES.video) throw badRequest('file is too big');
  if (!data.subarray(0, 4).equals(WEBM_MAGIC)) throw badRequest('STICKER_VIDEO_NOWEBM');
  return deps.store.addFile({ kind: 'document', data, mimeType: 'video/webm' });
}

/** A thumbnail given by file_id: any stored image or sticker file; a URL cannot be fetched. */
function storedThumbnail(deps: StickerDeps, fileId: string): StoredFile {
  if (/^https?:\/\//i.test(fileId)) throw badRequest('failed to get HTTP URL content');
  const file = deps.store.file(fileId.trim());
  if (!file) {
    throw badRequest(
      "wrong remote file identifier specified: can't unserialize it. Wrong last symbol",
    );
  }
  if (file.kind === 'photo') throw badRequest("can't use file of type Photo as Document");
  return file;
}
