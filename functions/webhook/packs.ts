import type { Telegram } from 'telegraf';
import type { CallbackQuery, Message } from 'telegraf/types';
import type { BotState, PackRecord } from '../../shared/bot-state';
import { PermanentError } from '../../shared/errors';
import type { Logger } from '../../shared/log';
import { renderMessage, type MessageKey } from '../../shared/messages';
import { DEFAULT_STICKER_EMOJI, isStickerEmoji } from '../../shared/sticker-emoji';
import { callTelegram } from '../../shared/telegram';

/** Telegram's limit for a regular static sticker set. */
export const MAX_PACK_STICKERS = 120;

/** How long a claim on one sticker keeps a double tap from adding it twice. */
export const PACK_CLAIM_LEASE_MS = 60_000;

export type PackBotApi = Pick<
  Telegram,
  'createNewStickerSet' | 'addStickerToSet' | 'answerCbQuery' | 'sendMessage'
>;

export interface PackDeps {
  telegram: PackBotApi;
  state: BotState;
  log: Logger;
}

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

/** Title in the user's language, cut to Telegram's 64 characters. */
export function packTitle(firstName: string, n: number, languageCode: string | undefined): string {
  const suffix = n > 1 ? ` ${n}` : '';
  const fit = (name: string) => renderMessage('pack_title', languageCode, { name }) + suffix;
  let name = firstName.trim() || 'Sticker';
  while ([...fit(name)].length > 64 && name.length > 1) name = [...name].slice(0, -1).join('');
  return [...fit(name)].slice(0, 64).join('');
}

/** What a Bot API description says about a sticker-set call. */
function setError(err: unknown): 'full' | 'occupied' | 'no_set' | 'need_start' | undefined {
  if (!(err instanceof PermanentError)) return undefined;
  const m = err.message;
  if (/STICKERS_TOO_MUCH/i.test(m)) return 'full';
  if (/already occupied/i.test(m)) return 'occupied';
  if (/STICKERSET_INVALID/i.test(m)) return 'no_set';
  if (/PEER_ID_INVALID|USER_ID_INVALID|user not found|bot was blocked/i.test(m))
    return 'need_start';
  return undefined;
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
  sticker: { file_id: string; emoji?: string },
  botUsername: string,
  known: PackRecord[],
): Promise<{ set: PackRecord; packs: PackRecord[] }> {
  const packs = known.map((p) => ({ ...p }));
  const emoji =
    sticker.emoji && isStickerEmoji(sticker.emoji) ? sticker.emoji : DEFAULT_STICKER_EMOJI;
  const input = { sticker: sticker.file_id, format: 'static' as const, emoji_list: [emoji] };
  for (let attempt = 0; attempt < 4; attempt++) {
    let target = packs.at(-1);
    if (!target || target.count >= MAX_PACK_STICKERS) {
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
            sticker_format: 'static',
          }),
        );
        created.count = 1;
        packs.push(created);
        return { set: created, packs };
      } catch (err) {
        if (setError(err) !== 'occupied') throw err;
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
      const kind = setError(err);
      if (kind === 'full') target.count = MAX_PACK_STICKERS;
      else if (kind === 'no_set')
        packs.splice(packs.indexOf(target), 1); // deleted by its owner
      else throw err;
    }
  }
  throw new PermanentError('no sticker set with room after several attempts', 'pack_failed');
}

/**
 * The "Add to my pack" button: claims the sticker (a double tap adds it once), places it,
 * records it, answers the callback with a short toast and replies with the pack link.
 * Problems the user can act on are answered; Telegram faults throw so the update is
 * redelivered (the claim is released first, so the redelivery can try again).
 */
export async function handleAddToPack(
  deps: PackDeps,
  query: CallbackQuery,
  botUsername: string,
): Promise<void> {
  const { telegram, state } = deps;
  const lang = query.from.language_code;
  const message = query.message && 'chat' in query.message ? (query.message as Message) : undefined;
  const sticker = message && 'sticker' in message ? message.sticker : undefined;
  const answer = async (key?: MessageKey, alert = false) => {
    const text = key ? renderMessage(key, lang) : undefined;
    // A redelivered update finds the query already answered (400): nothing to do.
    await callTelegram('answerCallbackQuery', () =>
      telegram.answerCbQuery(query.id, text, { show_alert: alert }),
    ).catch((err: unknown) => {
      if (!(err instanceof PermanentError)) throw err;
    });
  };
  const reply = (key: MessageKey, params: Record<string, string | number>) =>
    message
      ? callTelegram('sendMessage', () =>
          telegram.sendMessage(message.chat.id, renderMessage(key, lang, params), {
            reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true },
            link_preview_options: { is_disabled: true },
          }),
        )
      : Promise.resolve();

  if (!message || !sticker) return answer('pack_gone', true);
  const log = deps.log.child({ chatId: message.chat.id, userId: query.from.id });
  const begin = await state.beginPackAdd(
    query.from.id,
    sticker.file_unique_id,
    PACK_CLAIM_LEASE_MS,
  );
  if (begin.status === 'busy') return answer();
  if (begin.status === 'already') {
    await answer('pack_added_toast');
    await reply('pack_already', { link: packLink(begin.set) });
    return;
  }
  let placed: Awaited<ReturnType<typeof placeSticker>>;
  try {
    placed = await placeSticker(telegram, query.from, sticker, botUsername, begin.packs);
  } catch (err) {
    await state.abortPackAdd(query.from.id, sticker.file_unique_id);
    if (!(err instanceof PermanentError)) throw err;
    log.warn('sticker not added to pack', { err });
    return answer(setError(err) === 'need_start' ? 'pack_need_start' : 'pack_failed', true);
  }
  await state.finishPackAdd(query.from.id, sticker.file_unique_id, placed.set.name, placed.packs);
  log.info('sticker added to pack', { set: placed.set.name, count: placed.set.count });
  await answer('pack_added_toast');
  await reply('pack_added', { title: placed.set.title, link: packLink(placed.set.name) });
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
