import { RetryableError } from './errors';

/**
 * Graceful shutdown for event handlers. The Functions Framework exits at once on
 * SIGTERM, so an instance stopped while it delivers (Cloud Run scale-down, a redeploy)
 * would die between "sent to Telegram" and "marked as sent", and the redelivery would
 * send the sticker again. Here SIGTERM first lets the handlers in flight finish (up to
 * `graceMs`, inside Cloud Run's 10 s), and only then hands over to the framework.
 *
 * Events that arrive while draining are refused before any work starts (the framework
 * answers 500 and Pub/Sub / Eventarc redeliver them elsewhere): otherwise a steady
 * stream of pushes keeps work in flight until the grace period runs out and the exit
 * cuts a delivery in half after all.
 */
let inFlight = 0;
let installed = false;
let draining = false;
const idleWaiters: (() => void)[] = [];

/** Counts one handler invocation in flight until `work` settles. */
export async function track<T>(work: () => Promise<T>): Promise<T> {
  installDrain();
  if (draining) throw new ShuttingDownError();
  inFlight++;
  try {
    return await work();
  } finally {
    inFlight--;
    if (inFlight === 0) for (const w of idleWaiters.splice(0)) w();
  }
}

/** Refusal of an event that arrived after SIGTERM: it is redelivered, not lost. */
export class ShuttingDownError extends RetryableError {
  constructor() {
    super('instance is shutting down; the event will be redelivered');
  }
}

/** Handlers in flight right now (for tests). */
export function inFlightCount(): number {
  return inFlight;
}

/**
 * Wraps the signal listeners already installed (the framework's, registered before the
 * first request) so they run only once in-flight work has finished or `graceMs` passed.
 */
export function installDrain(graceMs = 8000): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const previous = process.listeners(signal);
    if (previous.length === 0) continue;
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (draining) return;
      draining = true;
      const done = () => {
        for (const l of previous) l(signal);
      };
      if (inFlight === 0) return done();
      const timer = setTimeout(done, graceMs);
      idleWaiters.push(() => {
        clearTimeout(timer);
        done();
      });
    });
  }
}
