import { createHash, createHmac } from 'node:crypto';
import type { Telegram } from 'telegraf';
import type { PackRecord } from '../../shared/bot-state';
import { PermanentError } from '../../shared/errors';
import { MAX_STICKERS_PER_SET, MAX_STICKER_SET_TITLE_LENGTH } from '../../shared/limits';
import { renderMessage } from '../../shared/messages';
import { DEFAULT_STICKER_EMOJI, isStickerEmoji } from '../../shared/sticker-emoji';
import { callTelegram } from '../../shared/telegram';

export type PackBotApi = Pick<
  Telegram,
  'createNewStickerSet' | 'addStickerToSet' | 'answerCbQuery' | 'sendMessage'
>;

/** https://t.me/addstickers/<name>: opens the set in any Telegram client. */
export function packLink(name: string): string {
  return `https://t.me/addstickers/${name}`;
}

/**
 * The key pack names are made with: derived from the bot token, so that it is secret,
 * the same on every instance, and nothing more to configure.
 */
export function packNameKey(botToken: string): Buffer {
  return createHash('sha256').update(`sticker-pack-names\0${botToken}`).digest();
}

/**
 * Name of a user's n-th set (n from 1): `s` and 16 base32 characters of an HMAC of the
 * user id, then `_<n>` from the second set, then `_by_<bot>`. Opaque, so that a pack's
 * t.me/addstickers link does not publish the user's Telegram id, and stable, so the
 * same user always gets the same names (an unrecorded set is found again). Letters,
 * digits and single underscores, starting with a letter and ending in `_by_<bot>`, as
 * Telegram requires; at most 64 characters for any bot username. Sets made before
 * (`u<id>_by_<bot>`) keep working: the records keep each set's own name.
 */
export function packName(userId: number, n: number, botUsername: string, key: Buffer): string {
  const tag = base32(createHmac('sha256', key).update(String(userId)).digest().subarray(0, 10));
  return `s${tag}${n > 1 ? `_${n}` : ''}_by_${botUsername}`;
}

/** RFC 4648 base32, lower case, no padding: letters a-z and digits 2-7 only. */
function base32(bytes: Uint8Array): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** Title in the user's language, cut to Telegram's limit (characters, not UTF-16 units). */
export function packTitle(firstName: string, n: number, languageCode: string | undefined): string {
  const max = MAX_STICKER_SET_TITLE_LENGTH;
  const suffix = n > 1 ? ` ${n}` : '';
  const fit = (name: string) => renderMessage('pack_title', languageCode, { name }) + suffix;
  let name = firstName.trim() || 'Sticker';
  while ([...fit(name)].length > max && name.length > 1) name = [...name].slice(0, -1).join('');
  return [...fit(name)].slice(0, max).join('');
}

/** What a refused sticker-set call means for the pack flow. */
export type SetFailure = 'full' | 'occupied' | 'no_set' | 'need_start';

/**
 * The Bot API's answers the pack flow acts on, by error code and what the description says
 * (Telegram tells these cases apart only in the description, e.g. "Bad Request:
 * STICKERS_TOO_MUCH").
 */
const SET_FAILURES: readonly { code: number; says: string; means: SetFailure }[] = [
  { code: 400, says: 'STICKERS_TOO_MUCH', means: 'full' },
  { code: 400, says: 'already occupied', means: 'occupied' },
  { code: 400, says: 'STICKERSET_INVALID', means: 'no_set' },
  { code: 400, says: 'PEER_ID_INVALID', means: 'need_start' },
  { code: 400, says: 'USER_ID_INVALID', means: 'need_start' },
  { code: 400, says: 'user not found', means: 'need_start' },
  { code: 403, says: 'bot was blocked', means: 'need_start' },
];

/** What a failed sticker-set call means, read from the error's Bot API fields. */
export function setFailure(err: unknown): SetFailure | undefined {
  if (!(err instanceof PermanentError) || err.api === undefined) return undefined;
  const { code, description } = err.api;
  const said = description.toLowerCase();
  return SET_FAILURES.find((f) => f.code === code && said.includes(f.says.toLowerCase()))?.means;
}

type CreateSetExtra = Parameters<PackBotApi['createNewStickerSet']>[3];

/** Where a sticker goes, besides the user's packs: the chosen pack, names never to reuse. */
export interface Placement {
  /** the pack the user chose for new stickers (/pack); used while it has room */
  current?: string;
  /** names of deleted packs, which Telegram keeps taken */
  retired?: string[];
  /** search keywords from the caption (./keywords.ts) */
  keywords?: string[];
}

/**
 * Adds the sticker (filed under its own emoji, else 🙂, with the caption's keywords) to
 * the user's chosen pack while it has room, else their newest pack with room, creating
 * packs as needed: the first press creates the user's first set (packName), a full pack (Telegram says
 * STICKERS_TOO_MUCH) starts the next. A set that exists on Telegram but not in our
 * records (a lost write) is adopted rather than failing. Returns the set used and the
 * user's packs afterwards.
 */
export async function placeSticker(
  telegram: PackBotApi,
  from: { id: number; first_name: string; language_code?: string },
  sticker: { file_id: string; emoji?: string; is_video?: boolean },
  bot: { username: string; nameKey: Buffer },
  known: PackRecord[],
  placement: Placement = {},
): Promise<{ set: PackRecord; packs: PackRecord[] }> {
  const packs = known.map((p) => ({ ...p }));
  const input = inputSticker(sticker, placement.keywords);
  for (let attempt = 0; attempt < 4; attempt++) {
    let target = pickPack(packs, placement.current);
    if (!target) {
      const created = newPack(from, bot, packs, placement.retired ?? []);
      try {
        // Bot API 7.2: the format is on each InputSticker; sticker_format is gone (telegraf's
        // 4.16 typings still ask for it).
        const stickers = { stickers: [input] } as unknown as CreateSetExtra;
        await callTelegram('createNewStickerSet', () =>
          telegram.createNewStickerSet(from.id, created.name, created.title, stickers),
        );
        created.count = 1;
        packs.push(created);
        return { set: created, packs };
      } catch (err) {
        if (setFailure(err) !== 'occupied') throw err;
        packs.push(created); // ours from an earlier, unrecorded attempt: add to it
        target = created;
      }
    }
    try {
      await callTelegram('addStickerToSet', () =>
        telegram.addStickerToSet(from.id, target.name, { sticker: input }),
      );
      target.count += 1;
      return { set: target, packs };
    } catch (err) {
      const kind = setFailure(err);
      if (kind === 'full') target.count = MAX_STICKERS_PER_SET;
      else if (kind === 'no_set') {
        packs.splice(packs.indexOf(target), 1); // deleted by its owner
        placement = { ...placement, retired: [...(placement.retired ?? []), target.name] };
      } else throw err;
    }
  }
  throw new PermanentError('no sticker set with room after several attempts', 'pack_failed');
}

/** The InputSticker: static, its emoji (or 🙂), and keywords when the caption had words. */
function inputSticker(
  sticker: { file_id: string; emoji?: string; is_video?: boolean },
  keywords: string[] = [],
) {
  const emoji =
    sticker.emoji && isStickerEmoji(sticker.emoji) ? sticker.emoji : DEFAULT_STICKER_EMOJI;
  return {
    sticker: sticker.file_id,
    // Since Bot API 7.2 the format is per sticker, so one pack holds stills and clips.
    format: sticker.is_video ? ('video' as const) : ('static' as const),
    emoji_list: [emoji],
    ...(keywords.length > 0 && { keywords }),
  };
}

/** The chosen pack while it has room, else the newest pack with room. */
export function pickPack(packs: PackRecord[], current: string | undefined): PackRecord | undefined {
  const room = (p: PackRecord | undefined) => (p && p.count < MAX_STICKERS_PER_SET ? p : undefined);
  return room(packs.find((p) => p.name === current)) ?? room(packs.at(-1));
}

/** The next pack: the first number whose name is neither in use nor retired. */
function newPack(
  from: { id: number; first_name: string; language_code?: string },
  bot: { username: string; nameKey: Buffer },
  packs: PackRecord[],
  retired: string[],
): PackRecord {
  const taken = new Set([...packs.map((p) => p.name), ...retired]);
  const name = (n: number) => packName(from.id, n, bot.username, bot.nameKey);
  let n = packs.length + 1;
  while (taken.has(name(n))) n++;
  return {
    name: name(n),
    title: packTitle(from.first_name, n, from.language_code),
    count: 0,
  };
}
