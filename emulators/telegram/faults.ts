/**
 * Seeded fault injection, so the bot's retry paths (429 with retry_after,
 * 5xx) can be driven on purpose and a failing run replayed with its seed.
 */
import { BotApiError, internalServerError, tooManyRequests } from './errors.js';
import type { FaultCounts, Faults } from './types.js';
import { seededRandom } from '../seeded-random.js';

/** Methods that never fail on purpose: the bot needs them to start and to read input. */
const EXEMPT = new Set(['getme', 'getfile']);

/** The answer of a hung call: kept open, dropped at shutdown. */
interface HeldConnection {
  destroy(): void;
  once(event: 'close', listener: () => void): unknown;
}

/** Draws, per eligible call, whether it fails and how. */
export class FaultInjector {
  private faults: Faults = {};
  private next = seededRandom(1);
  private hungChats = new Set<string>();
  private counts: FaultCounts = { hung: 0, beforeAnswer: 0 };
  private readonly held = new Set<HeldConnection>();

  /** Replaces the current faults and restarts the generator from the seed. */
  set(faults: Faults): void {
    this.faults = { ...faults };
    this.next = seededRandom((faults.seed ?? 1) >>> 0 || 1);
    this.hungChats = new Set();
    this.counts = { hung: 0, beforeAnswer: 0 };
  }

  count(): FaultCounts {
    return { ...this.counts };
  }

  /**
   * Whether this call is to hang (never carried out, never answered): the first call of
   * a `hangFirstPerChat` method in its chat. The connection is kept until the caller
   * closes it, or the server does.
   */
  hang(method: string, chatId: unknown, connection: HeldConnection): boolean {
    const methods = this.faults.hangFirstPerChat ?? [];
    if (!methods.some((m) => m.toLowerCase() === method.toLowerCase())) return false;
    const key = `${method.toLowerCase()}:${String(chatId)}`;
    if (this.hungChats.has(key)) return false;
    this.hungChats.add(key);
    this.counts.hung++;
    this.held.add(connection);
    connection.once('close', () => this.held.delete(connection));
    return true;
  }

  /**
   * Runs the beforeAnswer hook when this carried-out call is one it waits for, at a moment
   * no hung call is open: a kill there interrupts this one send (as on Cloud Run, where an
   * instance serves one request at a time), not also a call Telegram never carried out,
   * which no sender can tell apart from one it did (see functions/README.md).
   */
  async beforeAnswer(method: string, chatId: unknown): Promise<void> {
    const f = this.faults.beforeAnswer;
    if (!f || f.method.toLowerCase() !== method.toLowerCase()) return;
    if (this.counts.beforeAnswer >= (f.times ?? 1) || this.held.size > 0) return;
    this.counts.beforeAnswer++;
    await f.hook(Number(chatId));
  }

  /** Drops the connections of hung calls (server shutdown). */
  close(): void {
    for (const c of this.held) c.destroy();
    this.held.clear();
  }

  /** The error to answer `method` with, or undefined to let it run. */
  draw(method: string): BotApiError | undefined {
    const { rate429 = 0, rate500 = 0, retryAfter = 1 } = this.faults;
    if (EXEMPT.has(method.toLowerCase()) || rate429 + rate500 <= 0) return undefined;
    const r = this.next();
    if (r < rate429) return tooManyRequests(retryAfter);
    if (r < rate429 + rate500) return internalServerError();
    return undefined;
  }
}
