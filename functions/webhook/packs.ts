import type { Telegram } from 'telegraf';
import type { BotState, PackRecord } from '../../shared/bot-state';
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
 * Name of a user's n-th set (n from 1). Letters, digits and single underscores, starting
 * with a letter and ending in `_by_<bot>`, as Telegram requires; ≤ 64 characters for any
 * user id and bot username.
 */
export function packName(userId: number, n: number, botUsername: string): string {
  return `u${userId}${n > 1 ? `_${n}` : ''}_by_${botUsername}`;
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

/**
 * Adds the sticker (filed under its own emoji, else 🙂) to the user's newest pack that has room, creating packs as needed: the
 * first press creates `u<id>_by_<bot>`, a full pack (Telegram says STICKERS_TOO_MUCH)
 * starts the next. A set that exists on Telegram but not in our records (a lost write) is
 * adopted rather than failing. Returns the set used and the user's packs afterwards.
 */
export async function placeSticker(
  telegram: PackBotApi,
  from: { id: number; first_name: string; language_code?: string },
  sticker: { file_id: string; emoji?: string; is_video?: boolean },
  botUsername: string,
  known: PackRecord[],
): Promise<{ set: PackRecord; packs: PackRecord[] }> {
  const packs = known.map((p) => ({ ...p }));
  const emoji =
    sticker.emoji && isStickerEmoji(sticker.emoji) ? sticker.emoji : DEFAULT_STICKER_EMOJI;
  // Since Bot API 7.2 the format is per sticker, so one pack holds stills and clips.
  const format = sticker.is_video ? ('video' as const) : ('static' as const);
  const input = { sticker: sticker.file_id, format, emoji_list: [emoji] };
  for (let attempt = 0; attempt < 4; attempt++) {
    let target = packs.at(-1);
    if (!target || target.count >= MAX_STICKERS_PER_SET) {
      const n = packs.length + 1;
      const created = {
        name: packName(from.id, n, botUsername),
        title: packTitle(from.first_name, n, from.language_code),
        count: 0,
      };
      try {
        await callTelegram('createNewStickerSet', () =>
          telegram.createNewStickerSet(from.id, created.name, created.title, {
            stickers: [input],
            sticker_format: format,
          }),
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
      else if (kind === 'no_set')
        packs.splice(packs.indexOf(target), 1); // deleted by its owner
      else throw err;
    }
  }
  throw new PermanentError('no sticker set with room after several attempts', 'pack_failed');
}

/** Text for /pack: the user's packs as links, or how to get one. */
export async function describePacks(
  state: BotState,
  userId: number,
  languageCode: string | undefined,
): Promise<string> {
  const packs = await state.packs(userId);
  if (packs.length === 0) return renderMessage('pack_none', languageCode);
  const links = packs.map((p) => `${p.title}: ${packLink(p.name)}`).join('\n');
  return renderMessage('pack_links', languageCode, { links });
}
