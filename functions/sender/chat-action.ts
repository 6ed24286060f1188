import { sentMarkerName } from '../../shared/delivery-record';
import type { Logger } from '../../shared/log';
import type { ChatActionMessage } from '../../shared/reply-message';
import { classifyTelegramError } from '../../shared/telegram';
import type { SenderDeps } from './handler';

/**
 * How long a chat action may take. Telegram shows one for about 5 s, so one that has not
 * gone out by then is worth nothing; the abandoned call ends at the client's own bound.
 */
export const CHAT_ACTION_BOUND_MS = 5_000;

/**
 * Shows a `chat_action` (published by a cold matting instance while its model loads).
 * Best effort: no delivery claim (a second one only shows the same indicator again),
 * not paced (not a message; at most one per cold matting start), and every failure is
 * logged and acknowledged, never redelivered, so it can neither storm Telegram nor reach
 * the dead-letter path. Pub/Sub does not keep order: one that arrives after its photo
 * was answered is dropped (the sent marker; this first Storage call also opens the
 * sender's Storage client before the reply needs it).
 */
export async function showChatAction(
  { telegram, store, config }: Pick<SenderDeps, 'telegram' | 'store' | 'config'>,
  msg: ChatActionMessage,
  log: Logger,
): Promise<void> {
  const answered = await store
    .exists(config.stickersBucket, sentMarkerName(msg.chatId, msg.updateId))
    .catch(() => false);
  if (answered) {
    log.info('chat action dropped: the photo is already answered', { action: msg.action });
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${CHAT_ACTION_BOUND_MS} ms`)),
      CHAT_ACTION_BOUND_MS,
    );
  });
  try {
    await Promise.race([telegram.sendChatAction(msg.chatId, msg.action), bound]);
    log.info('chat action shown', { action: msg.action });
  } catch (err) {
    log.warn('chat action not shown (best effort, not retried)', {
      action: msg.action,
      err: classifyTelegramError(err, 'sendChatAction'),
    });
  } finally {
    clearTimeout(timer);
  }
}
