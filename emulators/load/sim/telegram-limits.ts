/**
 * Telegram's flood control as the simulation models it. Telegram publishes the limits only
 * roughly ("about 30 messages per second" per bot, "avoid more than one message per second"
 * in a chat, "no more than 20 messages per minute" in a group, short bursts tolerated; over
 * them, 429 with `retry_after`), so each is a token bucket with a small burst, and the
 * burst sizes are this model's assumption.
 */
export interface FloodLimits {
  botPerSecond: number;
  botBurst: number;
  chatPerSecond: number;
  chatBurst: number;
  groupPerMinute: number;
  groupBurst: number;
}

export const TELEGRAM_LIMITS: FloodLimits = {
  botPerSecond: 30,
  botBurst: 30,
  chatPerSecond: 1,
  chatBurst: 3,
  groupPerMinute: 20,
  groupBurst: 3,
};

/** `rate` tokens per second, up to `burst` saved. */
export class TokenBucket {
  private tokens: number;
  private last = 0;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** Takes a token at `now` (ms): 0, or the ms until one is free (nothing taken). */
  take(now: number): number {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return ((1 - this.tokens) / this.rate) * 1000;
  }

  /** Gives back the token of a message that was refused elsewhere. */
  refund(): void {
    this.tokens = Math.min(this.burst, this.tokens + 1);
  }
}

export type SendOutcome = { ok: true } | { ok: false; retryAfterSeconds: number };

/** The bot's buckets: one for the bot, one per chat. */
export class TelegramFlood {
  private readonly bot: TokenBucket;
  private readonly chats = new Map<number, TokenBucket>();
  /** 429 answers given */
  refused = 0;

  constructor(private readonly limits: FloodLimits = TELEGRAM_LIMITS) {
    this.bot = new TokenBucket(limits.botPerSecond, limits.botBurst);
  }

  send(chatId: number, now: number): SendOutcome {
    let chat = this.chats.get(chatId);
    if (!chat) {
      const l = this.limits;
      chat =
        chatId < 0
          ? new TokenBucket(l.groupPerMinute / 60, l.groupBurst)
          : new TokenBucket(l.chatPerSecond, l.chatBurst);
      this.chats.set(chatId, chat);
    }
    // A message must pass both; a refusal by the chat's bucket must not spend the bot's.
    const chatWait = chat.take(now);
    if (chatWait > 0) return this.refuse(chatWait);
    const botWait = this.bot.take(now);
    if (botWait > 0) {
      chat.refund();
      return this.refuse(botWait);
    }
    return { ok: true };
  }

  private refuse(waitMs: number): SendOutcome {
    this.refused++;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}
