import type { CallbackQuery, Message } from 'telegraf/types';
import type { PackAddStart } from '../../../shared/bot-state';
import { ADD_TO_PACK, inPackKeyboard } from '../../../shared/buttons';
import { PermanentError } from '../../../shared/errors';
import { renderMessage, type MessageKey } from '../../../shared/messages';
import { FUNCTION_TIMEOUT_SECONDS, claimLeaseMs } from '../../../shared/platform';
import { callTelegram } from '../../../shared/telegram';
import type { Button, FeatureDeps } from '../deps';
import { captionKeywords } from '../keywords';
import { findAddedSticker, setKeyboard } from '../manage/sticker-actions';
import { packLink, packNameKey, placeSticker, setFailure } from '../packs';
import { replyWith } from '../reply';

/**
 * How long a claim on one sticker keeps a double tap from adding it twice: longer than
 * the webhook's timeout (shared/platform.ts), so a press still adding (its Bot API calls
 * bounded well inside that timeout) is never taken over while alive.
 */
export const PACK_CLAIM_LEASE_MS = claimLeaseMs(FUNCTION_TIMEOUT_SECONDS.webhook);

/** The "Add to my pack" button the sender puts under every sticker. */
export const addToPackButton: Button = {
  data: ADD_TO_PACK,
  press: (ctx, deps) => handleAddToPack(deps, ctx.callbackQuery, ctx.botInfo.username),
};

type PackDeps = Pick<FeatureDeps, 'telegram' | 'state' | 'log' | 'config'>;

/**
 * The "Add to my pack" button: claims the sticker (a double tap adds it once), places it
 * (with the photo's caption words as keywords), records it with its file_id in the set
 * (for /undo), turns the button into "✓ In your pack", answers the callback with a short
 * toast and replies with the pack link.
 * Problems the user can act on are answered; Telegram faults throw so the update is
 * redelivered (the claim is released first, so the redelivery can try again).
 */
export async function handleAddToPack(
  deps: PackDeps,
  query: CallbackQuery,
  botUsername: string,
): Promise<void> {
  const { telegram, state } = deps;
  const message = query.message && 'chat' in query.message ? (query.message as Message) : undefined;
  const sticker = message && 'sticker' in message ? message.sticker : undefined;
  const answer = (key?: MessageKey, alert = false) => answerPress(deps, query, key, alert);
  const reply = (key: MessageKey, params: Record<string, string | number>) =>
    message
      ? replyWith(telegram, message, renderMessage(key, query.from.language_code, params), {
          noLinkPreview: true,
        })
      : Promise.resolve();

  if (!message || !sticker) return answer('pack_gone', true);
  const log = deps.log.child({ chatId: message.chat.id, userId: query.from.id });
  const key = sticker.file_unique_id;
  const begin = await claimPackAdd(state, query.from.id, key);
  if (begin.status === 'busy') return answer();
  const lang = query.from.language_code;
  if (begin.status === 'already') {
    await setKeyboard(deps, message, inPackKeyboard(lang));
    await answer('pack_added_toast');
    await reply('pack_already', { link: packLink(begin.set) });
    return;
  }
  let placed: Awaited<ReturnType<typeof placeSticker>>;
  try {
    const bot = { username: botUsername, nameKey: packNameKey(deps.config.botToken) };
    placed = await placeSticker(telegram, query.from, sticker, bot, begin.packs, {
      current: begin.current,
      retired: begin.retired,
      keywords: captionKeywords(captionOf(message), lang),
    });
  } catch (err) {
    await state.abortPackAdd(query.from.id, key);
    if (!(err instanceof PermanentError)) throw err;
    log.warn('sticker not added to pack', { err });
    return answer(setFailure(err) === 'need_start' ? 'pack_need_start' : 'pack_failed', true);
  }
  const added = await findAddedSticker(deps, placed.set, sticker, message);
  await state.finishPackAdd(query.from.id, key, placed.set.name, placed.packs, added);
  log.info('sticker added to pack', { set: placed.set.name, count: placed.set.count });
  await setKeyboard(deps, message, inPackKeyboard(lang));
  await answer('pack_added_toast');
  await reply('pack_added', { title: placed.set.title, link: packLink(placed.set.name) });
}

/** How often, and how many times, a press waits for another add of the same user to end. */
export const PACK_WAIT = { everyMs: 250, times: 40 };

/**
 * Claims the sticker for adding; while another sticker of the same user is being added
 * (a press in another chat, on another instance), waits for that add to end. Still
 * running after PACK_WAIT: throws, so Telegram redelivers the press later.
 */
async function claimPackAdd(
  state: PackDeps['state'],
  userId: number,
  key: string,
): Promise<Exclude<PackAddStart, { status: 'wait' }>> {
  for (let i = 0; i < PACK_WAIT.times; i++) {
    const begin = await state.beginPackAdd(userId, key, PACK_CLAIM_LEASE_MS);
    if (begin.status !== 'wait') return begin;
    await new Promise((r) => setTimeout(r, PACK_WAIT.everyMs));
  }
  throw new Error('another sticker of this user is still being added; Telegram retries the press');
}

/** The caption of the photo a sticker message answers, which the sticker was made from. */
function captionOf(message: Message): string | undefined {
  const photo = 'reply_to_message' in message ? message.reply_to_message : undefined;
  return photo && 'caption' in photo ? photo.caption : undefined;
}

/**
 * Answers a button press (stops the client's spinner), with a toast or an alert when
 * there is something to say. A redelivered update finds the query already answered
 * (400): nothing to do then.
 */
export async function answerPress(
  { telegram }: Pick<FeatureDeps, 'telegram'>,
  query: Pick<CallbackQuery, 'id' | 'from'>,
  key?: MessageKey,
  alert = false,
): Promise<void> {
  const text = key ? renderMessage(key, query.from.language_code) : undefined;
  await callTelegram('answerCallbackQuery', () =>
    telegram.answerCbQuery(query.id, text, { show_alert: alert }),
  ).catch((err: unknown) => {
    if (!(err instanceof PermanentError)) throw err;
  });
}
