/**
 * Telegram's flood limits, held by each sender instance: about 30 messages a second per
 * bot, about one a second per chat, 20 a minute in a group; over them a call gets 429 with
 * `retry_after`. Every instance paces its own sends at `perSecond` (deploy gives each
 * instance its share of the bot's budget: max instances × perSecond stays under it), and
 * spaces the messages of one chat. A 429 pauses the whole instance for its `retry_after`,
 * so one refusal does not turn into a burst of them.
 *
 * Reservation-based (a "virtual schedule"): each send books the first moment that is free
 * both globally and for its chat, after every send booked before it, then waits for it; so
 * calls made at once go out in order of arrival and the rates hold exactly, whatever the
 * concurrency (the deploy runs one request per instance, so there is one at a time).
 */

import { RetryableError } from '../../shared/errors';
import { classifyTelegramError } from '../../shared/telegram';

export interface PacerLimits {
  /** messages per second from this instance */
  perSecond: number;
  /** least time between two messages to one private chat (Telegram: about 1 s) */
  chatIntervalMs: number;
  /** least time between two messages to one group or channel (20 a minute: 3 s) */
  groupIntervalMs: number;
  /** a send that would wait longer than this is refused, for a later redelivery */
  maxWaitMs: number;
}

/** Telegram's documented limits for one bot; `perSecond` is the per-instance share. */
export const DEFAULT_PACER_LIMITS: PacerLimits = {
  perSecond: 5,
  chatIntervalMs: 1000,
  groupIntervalMs: 3000,
  maxWaitMs: 10_000,
};

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/**
 * A send not made because it would have waited longer than `maxWaitMs`: retryable, so the
 * platform redelivers it later instead of the instance holding it.
 */
export class PacingError extends RetryableError {
  constructor(readonly waitMs: number) {
    super(
      `sending now would exceed Telegram's limits for ${Math.ceil(waitMs / 1000)} s`,
      Math.ceil(waitMs / 1000),
    );
  }
}

export interface Pacer {
  /** Waits for a free slot for one message to `chatId`, then takes it. */
  acquire(chatId: number): Promise<void>;
  /**
   * Books the next free slot for `chatId` and returns how long to wait for it, in ms
   * (PacingError past `maxWaitMs`). `acquire` is this and a sleep; the simulation of the
   * deployed chain (`npm run simulate`) calls it on its own clock, so it models this code.
   */
  reserve(chatId: number): number;
  /** Sends nothing from this instance for `seconds` (a 429's `retry_after`). */
  pause(seconds: number): void;
}

/** Groups, supergroups and channels have negative ids in the Bot API. */
const isGroup = (chatId: number) => chatId < 0;

export function createPacer(limits: PacerLimits, clock: Clock = realClock): Pacer {
  const spacing = 1000 / limits.perSecond;
  let nextFree = 0;
  /** chat id → earliest time of its next message; entries in the past are dropped */
  const chatNext = new Map<number, number>();
  const prune = (now: number) => {
    if (chatNext.size < 1000) return;
    for (const [chat, at] of chatNext) if (at <= now) chatNext.delete(chat);
  };

  const reserve = (chatId: number) => {
    const now = clock.now();
    const at = Math.max(now, nextFree, chatNext.get(chatId) ?? 0);
    if (at - now > limits.maxWaitMs) throw new PacingError(at - now);
    nextFree = at + spacing;
    prune(now);
    chatNext.set(chatId, at + (isGroup(chatId) ? limits.groupIntervalMs : limits.chatIntervalMs));
    return at - now;
  };
  return {
    reserve,
    async acquire(chatId) {
      const wait = reserve(chatId);
      if (wait > 0) await clock.sleep(wait);
    },
    pause(seconds) {
      nextFree = Math.max(nextFree, clock.now() + seconds * 1000);
    },
  };
}

/**
 * `call` (one Bot API send to `chatId`) behind the pacer: it waits for a slot first, and a
 * 429 it gets pauses the instance for the `retry_after` Telegram asked for. Made to be
 * passed to `callTelegram`, so each of its attempts takes a slot of its own.
 */
export function paced<T>(pacer: Pacer, chatId: number, call: () => Promise<T>): () => Promise<T> {
  return async () => {
    await pacer.acquire(chatId);
    try {
      return await call();
    } catch (err) {
      const c = classifyTelegramError(err, 'send');
      if (c instanceof RetryableError && c.retryAfterSeconds) pacer.pause(c.retryAfterSeconds);
      throw err;
    }
  };
}
