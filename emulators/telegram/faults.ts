/**
 * Seeded fault injection, so the bot's retry paths (429 with retry_after,
 * 5xx) can be driven on purpose and a failing run replayed with its seed.
 */
import { BotApiError, internalServerError, tooManyRequests } from './errors.js';
import type { Faults } from './types.js';
import { seededRandom } from '../seeded-random.js';

/** Methods that never fail on purpose: the bot needs them to start and to read input. */
const EXEMPT = new Set(['getme', 'getfile']);

/** Draws, per eligible call, whether it fails and how. */
export class FaultInjector {
  private faults: Faults = {};
  private next = seededRandom(1);

  /** Replaces the current faults and restarts the generator from the seed. */
  set(faults: Faults): void {
    this.faults = { ...faults };
    this.next = seededRandom((faults.seed ?? 1) >>> 0 || 1);
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
