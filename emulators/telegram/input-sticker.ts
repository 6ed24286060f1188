/**
 * InputSticker as the Bot API server reads it (telegram-bot-api, Client.cpp
 * `get_input_sticker`): the same checks in the same order and the same texts,
 * which the server lower-cases at the start and prefixes with "Bad Request: ".
 * Static and video stickers exist here (animated TGS ones do not); their files
 * are checked the way Telegram checks them (WEBP or PNG, one side 512 px, at most
 * 512 KB; or a WEBM video sticker, see video-sticker.ts) and each sticker added to
 * a set becomes a new file with its own file_id, stored as WEBP or WEBM.
 */
import sharp from 'sharp';
import { badRequest } from './errors.js';
import { probeImage } from './media.js';
import { checkVideoSticker } from './video-sticker.js';
import { isWebmFile } from './video.js';
import { readJson, readString, type Params } from './params.js';
import type { ApiRequest } from './request-body.js';
import type { SetSticker } from './sticker-sets.js';
import type { Store, StoredFile } from './store.js';
import type { RecordedFile } from './types.js';

/** A parsed InputSticker whose file is known but not yet checked. */
export interface InputStickerSpec {
  source: { upload: RecordedFile } | { stored: StoredFile };
  /** InputSticker.format; 'auto' (addStickerToSet without one) goes by the file's bytes */
  format: 'static' | 'video' | 'auto';
  emojiList: string[];
  keywords: string[];
}

/** Bot API limits: 50 stickers per createNewStickerSet, 20 emoji and 20 keywords per sticker. */
export const MAX_NEW_SET_STICKERS = 50;
const MAX_EMOJI = 20;
const MAX_KEYWORDS = 20;
/** Keywords of one sticker: "total length of up to 64 characters" (Bot API). */
const MAX_KEYWORDS_LENGTH = 64;
/** Static sticker files: one side exactly 512 px, the other at most that, and ≤ 512 KB. */
export const STICKER_SIDE = 512;
export const MAX_STICKER_BYTES = 512 * 1024;

/** One emoji: a flag, a keycap, or pictographs joined by ZWJ with optional modifiers. */
const EMOJI =
  /^(?:\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3|\p{Extended_Pictographic}\uFE0F?\p{Emoji_Modifier}?(?:\u200D\p{Extended_Pictographic}\uFE0F?\p{Emoji_Modifier}?)*)$/u;

/** createNewStickerSet's `stickers` (or the legacy single-file form, which is refused). */
export function readInputStickers(req: ApiRequest, store: Store): InputStickerSpec[] {
  if (req.params.stickers === undefined || req.params.stickers === '') {
    throw badRequest('there is no sticker file in the request');
  }
  const list = readJson(req.params, 'stickers', 'stickers');
  if (!Array.isArray(list)) throw badRequest('expected an Array of InputSticker');
  if (list.length > MAX_NEW_SET_STICKERS) throw badRequest('too many stickers specified');
  const defaultFormat = readString(req.params, 'sticker_format') ?? '';
  return list.map((value: unknown) =>
    parseInputSticker(req, store, value, defaultFormat, "can't parse InputSticker"),
  );
}

/** addStickerToSet's `sticker`: one InputSticker whose format defaults to "auto". */
export function readInputSticker(req: ApiRequest, store: Store): InputStickerSpec {
  if (req.params.sticker === undefined || req.params.sticker === '') {
    throw badRequest('there is no sticker file in the request');
  }
  const value = readJson(req.params, 'sticker', 'sticker');
  return parseInputSticker(req, store, value, 'auto', "can't parse sticker");
}

/** Checks a static sticker file the way Telegram does; resolves to its size. */
export async function checkStaticSticker(
  data: Buffer,
): Promise<{ format: 'webp' | 'png'; width: number; height: number }> {
  if (data.length > MAX_STICKER_BYTES) throw badRequest('file is too big');
  const info = await probeImage(data);
  if (!info || (info.format !== 'webp' && info.format !== 'png')) {
    throw badRequest('STICKER_PNG_NOPNG');
  }
  const { width, height } = info;
  if (Math.max(width, height) !== STICKER_SIDE) throw badRequest('STICKER_PNG_DIMENSIONS');
  return { format: info.format, width, height };
}

/** Checks the file of a parsed InputSticker and stores it as a new sticker file of a set. */
export async function storeSetSticker(store: Store, spec: InputStickerSpec): Promise<SetSticker> {
  const input = 'upload' in spec.source ? spec.source.upload : spec.source.stored;
  const file = await storeSetFile(store, input.data, spec.format);
  const sourceUniqueId = 'stored' in spec.source ? spec.source.stored.fileUniqueId : undefined;
  return {
    file,
    emojiList: spec.emojiList,
    keywords: spec.keywords,
    ...(sourceUniqueId !== undefined && { sourceUniqueId }),
  };
}

/** A set's own copy of a sticker file: a video sticker as it came, a still one as WEBP. */
async function storeSetFile(
  store: Store,
  input: Buffer,
  format: InputStickerSpec['format'],
): Promise<StoredFile> {
  if (format === 'video' || (format === 'auto' && isWebmFile(input))) {
    const { width, height } = await checkVideoSticker(input);
    return store.addFile({ kind: 'sticker', data: input, mimeType: 'video/webm', width, height });
  }
  const still = await checkStaticSticker(input);
  const data =
    still.format === 'webp' ? input : await sharp(input).webp({ lossless: true }).toBuffer();
  const { width, height } = still;
  return store.addFile({ kind: 'sticker', data, mimeType: 'image/webp', width, height });
}

function parseInputSticker(
  req: ApiRequest,
  store: Store,
  value: unknown,
  defaultFormat: string,
  context: string,
): InputStickerSpec {
  const fail = (reason: string) => badRequest(`${context}: ${reason}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fail('InputSticker must be an Object');
  }
  const object = value as Params;
  const source = resolveStickerFile(req, store, stringField(object, 'sticker', fail) ?? '', fail);
  const format =
    defaultFormat === ''
      ? requiredString(object, 'format', fail)
      : (stringField(object, 'format', fail) ?? defaultFormat);
  if (!['static', 'animated', 'video', 'auto'].includes(format)) {
    throw fail('Invalid sticker format specified');
  }
  if (format === 'animated') {
    throw fail(
      'animated stickers are not supported by the local emulator, only static and video ones',
    );
  }
  return {
    source,
    format: format as InputStickerSpec['format'],
    emojiList: readEmojiList(requiredArray(object, 'emoji_list', fail), fail),
    keywords: readKeywords(object, fail),
  };
}

/**
 * The sticker's file: an `attach://` part, a file_id the emulator stores, or a URL (which
 * cannot be fetched offline, so it fails as an unreachable URL does on Telegram).
 */
function resolveStickerFile(
  req: ApiRequest,
  store: Store,
  sticker: string,
  fail: (reason: string) => Error,
): InputStickerSpec['source'] {
  const attach = sticker.startsWith('attach://') ? sticker.slice('attach://'.length) : undefined;
  const upload = attach !== undefined ? req.files.get(attach) : undefined;
  if (upload) return { upload };
  if (sticker.trim() === '' || attach !== undefined) throw fail('sticker not found');
  if (/^https?:\/\//i.test(sticker)) throw badRequest('failed to get HTTP URL content');
  const stored = store.file(sticker.trim());
  if (!stored) throw badRequest('wrong file identifier/HTTP URL specified');
  if (stored.kind === 'photo') throw badRequest("can't use file of type Photo as Sticker");
  return { stored };
}

/**
 * An emoji list as the server reads one (Client.cpp `get_sticker_emojis`): 1-20 strings,
 * each a single Unicode emoji. `fail` adds the caller's context to the reason.
 */
export function readEmojiList(list: unknown[], fail: (reason: string) => Error): string[] {
  if (list.length === 0) throw fail('emoji list must be non-empty');
  if (list.length > MAX_EMOJI) throw fail('too many emoji specified');
  return list.map((emoji) => {
    if (typeof emoji !== 'string') throw fail('emoji must be a string');
    if (!EMOJI.test(emoji)) throw fail('expected a Unicode emoji');
    return emoji;
  });
}

function readKeywords(object: Params, fail: (reason: string) => Error): string[] {
  if (!('keywords' in object)) return [];
  return checkKeywords(requiredArray(object, 'keywords', fail), fail);
}

/**
 * Keywords as the server takes them: strings (else "keyword must be a string", Client.cpp),
 * with TDLib's cleaning (commas and newlines become spaces, StickersManager.cpp), within the
 * documented 0-20 keywords and 64 characters. Telegram documents those limits but no refusal
 * text is known, so the two texts for breaking them are the emulator's own; the length counts
 * the keywords as they travel to Telegram, one string joined by commas.
 */
export function checkKeywords(keywords: unknown[], fail: (reason: string) => Error): string[] {
  const cleaned = keywords.map((k) => {
    if (typeof k !== 'string') throw fail('keyword must be a string');
    return k.replace(/[,\n]/g, ' ');
  });
  if (cleaned.length > MAX_KEYWORDS) throw fail('too many keywords specified');
  if ([...cleaned.join(',')].length > MAX_KEYWORDS_LENGTH) {
    throw fail(`keywords must be at most ${MAX_KEYWORDS_LENGTH} characters in total`);
  }
  return cleaned;
}

/** td's JSON field readers: numbers pass as strings, anything else is a type error. */
function stringField(
  object: Params,
  name: string,
  fail: (reason: string) => Error,
): string | undefined {
  const value = object[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw fail(`Field "${name}" must be of type String`);
}

function requiredString(object: Params, name: string, fail: (reason: string) => Error): string {
  const value = stringField(object, name, fail);
  if (value === undefined) throw fail(`Can't find field "${name}"`);
  return value;
}

function requiredArray(object: Params, name: string, fail: (reason: string) => Error): unknown[] {
  const value = object[name];
  if (value === undefined) throw fail(`Can't find field "${name}"`);
  if (!Array.isArray(value)) throw fail(`Field "${name}" must be of type Array`);
  return value as unknown[];
}
