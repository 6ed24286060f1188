import { Composer, type Context } from 'telegraf';
import { message } from 'telegraf/filters';
import type { Message } from 'telegraf/types';
import { MAX_STICKER_EMOJI, MAX_STICKER_SET_TITLE_LENGTH } from '../../../shared/limits';
import { livePending, type PendingInput } from '../../../shared/pack-state';
import { isStickerEmoji } from '../../../shared/sticker-emoji';
import { callTelegram } from '../../../shared/telegram';
import type { FeatureDeps } from '../deps';
import { say } from '../reply';
import { isGone, isUnchanged } from './sticker-actions';

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * A sticker's new emoji list from what the user typed: every grapheme (spaces aside) an
 * emoji, 1 to 20 of them, each once. Undefined when the text is anything else.
 */
export function parseEmojiList(text: string): string[] | undefined {
  const list: string[] = [];
  for (const { segment } of graphemes.segment(text)) {
    if (/^\s+$/u.test(segment)) continue;
    if (!isStickerEmoji(segment)) return undefined;
    if (!list.includes(segment)) list.push(segment);
  }
  return list.length >= 1 && list.length <= MAX_STICKER_EMOJI ? list : undefined;
}

/** A pack's new title: trimmed, 1 to 64 characters (not UTF-16 units), else undefined. */
export function parseTitle(text: string): string | undefined {
  const title = text.trim();
  const length = [...title].length;
  return length >= 1 && length <= MAX_STICKER_SET_TITLE_LENGTH ? title : undefined;
}

/**
 * The answer to a question the bot asked (new emoji for a sticker, a new pack title): the
 * user's next text message that is not a command, within ten minutes. Anything else (no
 * question open) goes on to the next handler.
 */
export function pendingInputFeature(deps: FeatureDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on(message('text'), async (ctx, next) => {
    // (a message with no sender, as in a channel, answers no question)
    if (ctx.message.text.startsWith('/') || !ctx.message.from) return next();
    const pending = livePending(await deps.state.userPacks(ctx.from.id), Date.now());
    if (!pending) return next();
    return pending.kind === 'emoji'
      ? answerEmoji(deps, ctx.message, pending)
      : answerTitle(deps, ctx.message, pending);
  });
  return composer;
}

type TextMessage = Message.TextMessage & { from: { id: number } };

/**
 * Makes a pack edit: true when the sticker or pack is gone, false when it is done (an edit
 * that changes nothing counts as done); any other failure is thrown.
 */
function editIsGone(method: string, call: () => Promise<unknown>): Promise<boolean> {
  return callTelegram(method, call).then(
    () => false,
    (err: unknown) => {
      if (isUnchanged(err)) return false;
      if (isGone(err)) return true;
      throw err;
    },
  );
}

async function answerEmoji(
  deps: FeatureDeps,
  msg: TextMessage,
  pending: Extract<PendingInput, { kind: 'emoji' }>,
): Promise<void> {
  const list = parseEmojiList(msg.text);
  if (!list) return say(deps.telegram, msg, 'emoji_invalid');
  const gone = await editIsGone('setStickerEmojiList', () =>
    deps.telegram.setStickerEmojiList(pending.fileId, list),
  );
  await deps.state.setPending(msg.from.id, undefined);
  if (gone) return say(deps.telegram, msg, 'pack_missing');
  return say(deps.telegram, msg, 'emoji_done', { emoji: list.join('') });
}

async function answerTitle(
  deps: FeatureDeps,
  msg: TextMessage,
  pending: Extract<PendingInput, { kind: 'title' }>,
): Promise<void> {
  const title = parseTitle(msg.text);
  const max = MAX_STICKER_SET_TITLE_LENGTH;
  if (!title) return say(deps.telegram, msg, 'rename_invalid', { max });
  const gone = await editIsGone('setStickerSetTitle', () =>
    deps.telegram.setStickerSetTitle(pending.set, title),
  );
  await deps.state.setPending(msg.from.id, undefined);
  if (gone) {
    await deps.state.forgetPack(msg.from.id, pending.set);
    return say(deps.telegram, msg, 'pack_missing');
  }
  await deps.state.renamePack(msg.from.id, pending.set, title);
  return say(deps.telegram, msg, 'rename_done', { title });
}
