import type { Fields, Logger } from '../../shared/log';

/** How often the webhook writes a line about requests it turned away, at most twice. */
export const REJECTION_LOG_INTERVAL_MS = 60_000;

/**
 * Logs requests the gate turned away without letting their senders decide the log
 * volume (and its bill): the first rejection of an interval is logged as it comes, the
 * rest are counted by message and written as one summary line when the interval ends
 * (or, on an instance whose timers were held back, with the next rejection). Forged
 * requests are still seen: at most two lines per interval and instance.
 */
export function createRejectionLog(
  log: Logger,
  intervalMs = REJECTION_LOG_INTERVAL_MS,
): (message: string, fields?: Fields) => void {
  let windowStart: number | undefined;
  let counts = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (counts.size > 0) {
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      log.warn('rejected requests, counted instead of logged one by one', {
        rejected: total,
        byReason: Object.fromEntries(counts),
        intervalSeconds: Math.round(intervalMs / 1000),
      });
    }
    counts = new Map();
    windowStart = undefined;
  };

  return (message, fields = {}) => {
    const now = Date.now();
    if (windowStart !== undefined && now - windowStart >= intervalMs) flush();
    if (windowStart === undefined) {
      windowStart = now;
      timer = setTimeout(flush, intervalMs);
      timer.unref();
      log.warn(message, { ...fields, furtherRejectionsCountedFor: Math.round(intervalMs / 1000) });
      return;
    }
    counts.set(message, (counts.get(message) ?? 0) + 1);
  };
}
