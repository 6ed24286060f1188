/**
 * Methods that edit one sticker of a set: deleteStickerFromSet, setStickerPositionInSet,
 * setStickerEmojiList, setStickerKeywords and replaceStickerInSet. Checks run in the
 * order the Bot API server (Client.cpp) and TDLib (StickersManager.cpp) run them, with
 * their texts; the refusals that come from Telegram's own servers use the MTProto error
 * names its method pages list. Where no source gives Telegram's answer, the comment says
 * so and the emulator refuses rather than accepts.
 */
import { badRequest } from './errors.js';
import {
  checkKeywords,
  readEmojiList,
  readInputSticker,
  storeSetSticker,
} from './input-sticker.js';
import type { Params } from './params.js';
import type { ApiRequest } from './request-body.js';
import type { MethodHandlers } from './send-methods.js';
import {
  STICKERSET_INVALID,
  readUserId,
  requireKnownUser,
  requireSet,
  type StickerDeps,
} from './sticker-methods.js';
import {
  STICKER_INVALID,
  readStickerId,
  requirePlace,
  resolveStickerFile,
} from './sticker-refs.js';

/**
 * "The passed stickerset information is equal to the current information" (MTProto docs).
 * Assumed for an edit that changes nothing; no source shows what the Bot API answers then.
 */
export const NOT_MODIFIED = 'STICKERSET_NOT_MODIFIED';

/** TDLib's text for a negative position (StickersManager.cpp). */
const WRONG_POSITION = 'wrong sticker position specified';

export function createStickerEditHandlers(deps: StickerDeps): MethodHandlers {
  const { store, stickerSets: sets } = deps;
  /** setStickerEmojiList, setStickerKeywords: one list of a sticker replaced; the same refused. */
  const setList =
    (field: 'emojiList' | 'keywords', read: (params: Params) => string[]) =>
    ({ params }: ApiRequest) => {
      const fileId = readStickerId(params, 'sticker');
      const list = read(params);
      const place = requirePlace(sets, resolveStickerFile(store, fileId));
      if (sameList(place.sticker[field], list)) throw badRequest(NOT_MODIFIED);
      sets.edit(place, { [field]: list });
      return Promise.resolve({ result: true });
    };
  return {
    deleteStickerFromSet: ({ params }) => {
      const file = resolveStickerFile(store, readStickerId(params, 'sticker'));
      // A sticker already taken out answers STICKERSET_NOT_MODIFIED, which bots that
      // remove stickers treat as "already removed" (e.g. zeroone2numeral2/sticker-thief).
      if (!sets.remove(file.fileId)) throw badRequest(NOT_MODIFIED);
      return Promise.resolve({ result: true });
    },

    setStickerPositionInSet: ({ params }) => {
      const fileId = readStickerId(params, 'sticker');
      const position = readPosition(params);
      const place = requirePlace(sets, resolveStickerFile(store, fileId));
      // Assumed: past the end is refused with TDLib's own text for a bad position.
      if (position >= place.set.stickers.length) throw badRequest(WRONG_POSITION);
      if (position === place.index) throw badRequest(NOT_MODIFIED);
      sets.move(place, position);
      return Promise.resolve({ result: true });
    },

    setStickerEmojiList: setList('emojiList', readEmojiListParam),
    setStickerKeywords: setList('keywords', readKeywordsParam),

    replaceStickerInSet: async (req) => {
      const ownerId = readUserId(req.params);
      const oldId = readStickerId(req.params, 'old_sticker');
      const spec = readInputSticker(req, store);
      requireKnownUser(deps, ownerId);
      const set = requireSet(sets, req.params);
      if (set.ownerId !== ownerId) throw badRequest(STICKERSET_INVALID);
      const place = requirePlace(sets, resolveStickerFile(store, oldId));
      if (place.set !== set) throw badRequest(STICKER_INVALID);
      const sticker = await storeSetSticker(store, spec);
      // Looked up again: the old sticker may have gone while the new file was checked.
      sets.replace(requirePlace(sets, place.sticker.file), sticker);
      return { result: true };
    },
  };
}

/**
 * `position` as Client.cpp reads it (`get_integer_arg`, default -1): a missing one is -1,
 * digits are read up to the first non-digit, anything else is 0. TDLib refuses below 0.
 */
function readPosition(params: Params): number {
  const raw = params.position;
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  const position = text === '' ? -1 : Number(/^[-+]?\d+/.exec(text)?.[0] ?? 0);
  if (position < 0) throw badRequest(WRONG_POSITION);
  return position;
}

/** `emoji_list` as Client.cpp `get_sticker_emojis` reads it, with its texts. */
function readEmojiListParam(params: Params): string[] {
  const value = parseJsonParam(params.emoji_list);
  if (value === undefined) throw badRequest("can't parse emoji list JSON array");
  const fail = (reason: string) => badRequest(`can't parse emoji list: ${reason}`);
  if (!Array.isArray(value)) throw fail('expected an Array of string');
  return readEmojiList(value, fail);
}

/** `keywords` as Client.cpp reads it: absent means none, then each must be a string. */
function readKeywordsParam(params: Params): string[] {
  if (params.keywords === undefined || params.keywords === '') return [];
  const value = parseJsonParam(params.keywords);
  if (value === undefined) throw badRequest("can't parse keywords JSON object");
  if (!Array.isArray(value)) throw badRequest('field "keywords" must be an Array');
  return checkKeywords(value, (reason) => badRequest(reason));
}

/** A JSON parameter: typed in a JSON body, a string elsewhere; undefined if unparsable. */
function parseJsonParam(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
