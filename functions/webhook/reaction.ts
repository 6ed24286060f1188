import type { Message, ReactionType } from 'telegraf/types';
import type { Logger } from '../../shared/log';
import { classifyTelegramError } from '../../shared/telegram';
import type { FeatureDeps } from './deps';

/** The reaction put on a photo the bot took: "seen" (one of Telegram's reaction emoji). */
export const PHOTO_REACTION = '👀' as const;

/** The most a reaction may hold up the ingest. */
export const REACTION_TIMEOUT_MS = 2_000;

/**
 * Reacts 👀 on the user's photo as soon as it is taken (setMessageReaction, Bot API 7.0),
 * so they see at once that the bot got it. Best effort and time-bounded: a refusal (e.g.
 * reactions off in a group), a fault or a slow answer is logged and never fails the ingest.
 */
export async function reactToPhoto(
  telegram: FeatureDeps['telegram'],
  msg: Pick<Message, 'chat' | 'message_id'>,
  log: Logger,
  timeoutMs = REACTION_TIMEOUT_MS,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const reaction: ReactionType[] = [{ type: 'emoji', emoji: PHOTO_REACTION }];
  const react = Promise.resolve()
    .then(() => telegram.setMessageReaction(msg.chat.id, msg.message_id, reaction))
    .then(
      () => 'done' as const,
      (err: unknown) => {
        log.warn('setMessageReaction failed', {
          err: classifyTelegramError(err, 'setMessageReaction'),
        });
        return 'failed' as const;
      },
    );
  const outcome = await Promise.race([react, timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') log.warn('setMessageReaction timed out', { timeoutMs });
}
