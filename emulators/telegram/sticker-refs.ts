/**
 * The `sticker` (or `old_sticker`) parameter of the methods that edit one sticker of a
 * set, read the way the Bot API server and TDLib read it: Client.cpp
 * `get_sticker_input_file` trims it and refuses an empty one, then TDLib resolves the
 * file_id (FileManager.cpp) and refuses ids it cannot read or files of another type.
 */
import { badRequest } from './errors.js';
import { KIND_NAMES } from './input-file.js';
import { readString, type Params } from './params.js';
import type { StickerPlace, StickerSets } from './sticker-sets.js';
import type { Store, StoredFile } from './store.js';

/** Telegram's answer for a sticker that is not in a set the bot may edit (MTProto docs). */
export const STICKER_INVALID = 'STICKER_INVALID';

/** The file_id a parameter holds; the server refuses an empty one before anything else. */
export function readStickerId(params: Params, field: string): string {
  const fileId = readString(params, field)?.trim() ?? '';
  if (fileId === '') throw badRequest('sticker is not specified');
  return fileId;
}

/** The sticker file a file_id names; any of its file_ids will do, as on Telegram. */
export function resolveStickerFile(store: Store, fileId: string): StoredFile {
  const file = store.file(fileId);
  if (!file) {
    throw badRequest(
      "wrong remote file identifier specified: can't unserialize it. Wrong last symbol",
    );
  }
  if (file.kind !== 'sticker') {
    throw badRequest(`can't use file of type ${KIND_NAMES[file.kind]} as Sticker`);
  }
  return file;
}

/**
 * Where the sticker sits in its set. A sticker in no set (never added, or removed since)
 * cannot be edited: STICKER_INVALID, the only error Telegram lists for changeSticker,
 * changeStickerPosition and replaceSticker.
 */
export function requirePlace(sets: StickerSets, file: StoredFile): StickerPlace {
  const place = sets.placeOf(file.fileId);
  if (!place) throw badRequest(STICKER_INVALID);
  return place;
}
