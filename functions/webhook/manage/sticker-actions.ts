import type { InlineKeyboardMarkup, Message } from 'telegraf/types';
import type { PackRecord } from '../../../shared/bot-state';
import { PermanentError } from '../../../shared/errors';
import type { Logger } from '../../../shared/log';
import type { AddedSticker } from '../../../shared/pack-state';
import { callTelegram } from '../../../shared/telegram';
import { stickerKeyboard } from '../../../shared/buttons';
import type { FeatureDeps } from '../deps';

export type ManageDeps = Pick<FeatureDeps, 'telegram' | 'state' | 'log'>;

/**
 * Telegram's answers that mean the sticker or set is no longer there: an edit that
 * changes nothing (a sticker already taken out), a sticker in no set, a set deleted.
 */
const GONE = ['STICKERSET_NOT_MODIFIED', 'STICKER_INVALID', 'STICKERSET_INVALID'];

/** True for a refusal saying the sticker or set is already gone (or already so). */
export function isGone(err: unknown): boolean {
  if (!(err instanceof PermanentError) || err.api?.code !== 400) return false;
  const said = err.api.description.toUpperCase();
  return GONE.some((g) => said.includes(g));
}

/** True for "STICKERSET_NOT_MODIFIED": the edit asked for what already is. */
export function isUnchanged(err: unknown): boolean {
  return (
    err instanceof PermanentError &&
    err.api?.code === 400 &&
    err.api.description.toUpperCase().includes('STICKERSET_NOT_MODIFIED')
  );
}

/**
 * Takes a sticker out of its set and forgets it (undo list, count, claim). Already gone
 * on Telegram (taken out in the app) counts as done. The button under the sticker message
 * it was added from turns back into "Add to my pack". Returns what was known of it, and
 * whether it was still in the set.
 */
export async function removeSticker(
  deps: ManageDeps,
  userId: number,
  sticker: Pick<AddedSticker, 'set' | 'fileId' | 'uniqueId'>,
  languageCode: string | undefined,
): Promise<{ known?: AddedSticker; present: boolean }> {
  const present = await callTelegram('deleteStickerFromSet', () =>
    deps.telegram.deleteStickerFromSet(sticker.fileId),
  ).catch((err: unknown) => {
    if (!isGone(err)) throw err;
    return false;
  });
  const removed = await deps.state.forgetSticker(userId, sticker.set, sticker.uniqueId);
  if (removed?.chatId !== undefined && removed.messageId !== undefined) {
    const source = { chat: { id: removed.chatId }, message_id: removed.messageId };
    await setKeyboard(deps, source, stickerKeyboard(languageCode));
  }
  return { ...(removed && { known: removed }), present };
}

/**
 * Replaces (or, with undefined, removes) the keyboard under one of the bot's messages.
 * Best effort: a message too old to edit, or already showing it, loses the user nothing.
 */
export async function setKeyboard(
  { telegram, log }: { telegram: FeatureDeps['telegram']; log: Logger },
  message: Pick<Message, 'message_id'> & { chat: { id: number } },
  markup: InlineKeyboardMarkup | undefined,
): Promise<void> {
  await callTelegram('editMessageReplyMarkup', () =>
    telegram.editMessageReplyMarkup(message.chat.id, message.message_id, undefined, markup),
  ).catch((err: unknown) => {
    log.warn('keyboard not changed', { err, messageId: message.message_id });
  });
}

/**
 * The sticker just added, as it is in the set: the last one (Telegram appends), which
 * undo and removal need (its file_id differs from the message's). Undefined when the set
 * cannot be read; the sticker stays in the pack, only /undo cannot reach it then.
 */
export async function findAddedSticker(
  deps: ManageDeps,
  set: PackRecord,
  source: { file_unique_id: string },
  message: Message,
): Promise<AddedSticker | undefined> {
  const photo = 'reply_to_message' in message ? message.reply_to_message : undefined;
  try {
    const found = await callTelegram('getStickerSet', () => deps.telegram.getStickerSet(set.name));
    const last = found.stickers.at(-1);
    if (!last) return undefined;
    return {
      set: set.name,
      fileId: last.file_id,
      uniqueId: last.file_unique_id,
      source: source.file_unique_id,
      chatId: message.chat.id,
      messageId: message.message_id,
      ...(photo && { photoMessageId: photo.message_id }),
    };
  } catch (err) {
    deps.log.warn('added sticker not found in its set; /undo will not reach it', { err });
    return undefined;
  }
}

/** The pack among the user's that has this name (the user's own: nobody else's is found). */
export function packNamed(packs: PackRecord[], name: string | undefined): PackRecord | undefined {
  return name === undefined ? undefined : packs.find((p) => p.name === name);
}
