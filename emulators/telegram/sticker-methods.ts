/**
 * Sticker set methods that make sets and add to them: uploadStickerFile,
 * createNewStickerSet, addStickerToSet and getStickerSet, with Telegram's rules
 * (names ending in `_by_<bot>`, one owner per set, 120 static stickers at most)
 * and its error texts. Editing a set lives in sticker-edits.ts (its stickers) and
 * sticker-set-edits.ts (the set). Where Telegram's text could not be confirmed the
 * choice is noted next to it.
 */
import type { User } from 'telegraf/types';
import {
  MAX_STICKERS_PER_SET,
  MAX_STICKER_SET_NAME_LENGTH,
  MAX_STICKER_SET_TITLE_LENGTH,
} from '../../shared/limits.js';
import { badRequest } from './errors.js';
import { checkVideoSticker } from './video-sticker.js';
import {
  checkStaticSticker,
  readInputSticker,
  readInputStickers,
  storeSetSticker,
} from './input-sticker.js';
import { readInt, readString, type Params } from './params.js';
import type { ApiRequest } from './request-body.js';
import type { MethodHandlers } from './send-methods.js';
import { toStickerSet, type StickerSetRecord, type StickerSets } from './sticker-sets.js';
import type { Store } from './store.js';

const NAME_SHAPE = /^[A-Za-z][A-Za-z0-9_]*$/;

/** What the sticker methods act on. */
export interface StickerDeps {
  store: Store;
  bot: User;
  stickerSets: StickerSets;
}

/** Telegram's answer for a set that does not exist or is not this bot's to change. */
export const STICKERSET_INVALID = 'STICKERSET_INVALID';

export function createStickerHandlers(deps: StickerDeps): MethodHandlers {
  const { store, stickerSets } = deps;
  return {
    uploadStickerFile: async (req) => {
      requireKnownUser(deps, readUserId(req.params));
      const video = readFormat(req.params) === 'video';
      const upload = req.files.get('sticker') ?? attached(req);
      if (!upload) throw badRequest('there is no sticker file in the request');
      const checked = video
        ? { format: 'webm', ...(await checkVideoSticker(upload.data)) }
        : await checkStaticSticker(upload.data);
      const file = store.addFile({
        kind: 'sticker',
        data: upload.data,
        mimeType: video ? 'video/webm' : `image/${checked.format}`,
        fileName: upload.fileName,
        width: checked.width,
        height: checked.height,
      });
      const result = {
        file_id: file.fileId,
        file_unique_id: file.fileUniqueId,
        file_size: file.data.length,
      };
      return { result };
    },

    createNewStickerSet: async (req) => {
      const { params } = req;
      const ownerId = readUserId(params);
      const specs = readInputStickers(req, store);
      requireKnownUser(deps, ownerId);
      const title = readTitle(params);
      const name = readString(params, 'name')?.trim() ?? '';
      if (name === '') throw badRequest('sticker set name must be non-empty');
      if (specs.length === 0) throw badRequest('at least 1 sticker must be specified');
      const type = readString(params, 'sticker_type') ?? 'regular';
      if (type === 'mask' || type === 'custom_emoji') {
        throw badRequest(`${type} sticker sets are not supported by the local emulator`);
      }
      if (type !== 'regular') throw badRequest('unsupported sticker type specified');
      if (!isValidSetName(name, deps.bot.username ?? '')) {
        throw badRequest('invalid sticker set name is specified');
      }
      // A deleted set's name stays taken: "even [if] the set is deleted, it doesn't mean that
      // the set's name can be reused immediately" (levlam, tdlib/telegram-bot-api#274).
      if (!stickerSets.isFree(name)) throw badRequest('sticker set name is already occupied');
      const stickers = [];
      for (const spec of specs) stickers.push(await storeSetSticker(store, spec));
      // Checked again: another call may have taken the name while files were checked.
      if (!stickerSets.isFree(name)) throw badRequest('sticker set name is already occupied');
      stickerSets.create({ name, title, ownerId, stickerType: 'regular', stickers });
      return { result: true };
    },

    addStickerToSet: async (req) => {
      const ownerId = readUserId(req.params);
      const spec = readInputSticker(req, store);
      requireKnownUser(deps, ownerId);
      const set = requireSet(stickerSets, req.params);
      // Assumed text: Telegram does not document what another user's id gets here.
      if (set.ownerId !== ownerId) throw badRequest(STICKERSET_INVALID);
      // "If exactly the same sticker had already been added to the set, then the set isn't
      // changed" (Bot API, addStickerToSet).
      if ('stored' in spec.source && stickerSets.findSame(set, spec.source.stored.fileUniqueId)) {
        return { result: true };
      }
      if (set.stickers.length >= MAX_STICKERS_PER_SET) throw badRequest('STICKERS_TOO_MUCH');
      const sticker = await storeSetSticker(store, spec);
      if (set.stickers.length >= MAX_STICKERS_PER_SET) throw badRequest('STICKERS_TOO_MUCH');
      stickerSets.add(set, sticker);
      return { result: true };
    },

    getStickerSet: ({ params }) =>
      Promise.resolve({
        result: toStickerSet(requireSet(stickerSets, params, { emptyIsInvalid: true })),
      }),
  };
}

/**
 * Telegram's rule: English letters, digits and underscores, starting with a letter,
 * no two underscores in a row, ending in `_by_<bot username>` (case-insensitive).
 */
export function isValidSetName(name: string, botUsername: string): boolean {
  return (
    name.length <= MAX_STICKER_SET_NAME_LENGTH &&
    NAME_SHAPE.test(name) &&
    !name.includes('__') &&
    name.toLowerCase().endsWith(`_by_${botUsername.toLowerCase()}`) &&
    name.length > `_by_${botUsername}`.length
  );
}

/** The Bot API server's `get_user_id`: a positive integer or "invalid user_id specified". */
export function readUserId(params: Params): number {
  const userId = readInt(params, 'user_id');
  if (userId === undefined || userId <= 0) throw badRequest('invalid user_id specified');
  return userId;
}

/**
 * The owner must be a user the bot knows: here, one who has written to it in private
 * (Telegram answers "user not found" for users the bot has never met).
 */
export function requireKnownUser(deps: Pick<StickerDeps, 'bot' | 'store'>, userId: number): void {
  if (userId === deps.bot.id) throw badRequest('USER_IS_BOT');
  if (deps.store.chat(userId)?.chat.type !== 'private') throw badRequest('user not found');
}

/**
 * The set named by `name`. TDLib refuses an empty name itself ("Sticker set name must be
 * non-empty", StickersManager.cpp) except in getStickerSet, where Telegram answers.
 */
export function requireSet(
  sets: StickerSets,
  params: Params,
  opts: { emptyIsInvalid?: boolean } = {},
): StickerSetRecord {
  const name = readString(params, 'name')?.trim() ?? '';
  if (name === '' && !opts.emptyIsInvalid) throw badRequest('sticker set name must be non-empty');
  const set = sets.get(name);
  if (!set) throw badRequest(STICKERSET_INVALID);
  return set;
}

/**
 * TDLib trims the title and cuts it to 64 characters (`strip_empty_characters`); only an
 * empty one fails, with "Sticker set title must be non-empty" (StickersManager.cpp).
 */
export function readTitle(params: Params): string {
  const title = [...(readString(params, 'title')?.trim() ?? '')].slice(
    0,
    MAX_STICKER_SET_TITLE_LENGTH,
  );
  if (title.length === 0) throw badRequest('sticker set title must be non-empty');
  return title.join('').trim();
}

function readFormat(params: Params): 'static' | 'video' {
  const format = readString(params, 'sticker_format') ?? '';
  if (!['static', 'animated', 'video'].includes(format)) {
    throw badRequest('invalid sticker format specified');
  }
  if (format === 'animated') {
    throw badRequest(
      'animated stickers are not supported by the local emulator, only static and video ones',
    );
  }
  return format as 'static' | 'video';
}

function attached(req: ApiRequest) {
  const value = readString(req.params, 'sticker');
  return value?.startsWith('attach://') ? req.files.get(value.slice(9)) : undefined;
}
