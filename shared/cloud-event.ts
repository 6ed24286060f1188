import type { CloudEvent } from '@google-cloud/functions-framework';
import { reportFailure } from './failure';
import { ShuttingDownError, track } from './graceful';
import type { Fields, Logger } from './log';

/**
 * Runs a CloudEvent handler the way every function's events run: handlers just throw
 * PermanentError / RetryableError (or anything else); this wrapper logs each outcome once
 * and, as decideFailure (shared/failure.ts) says, either acknowledges (returns) or lets
 * the Functions Framework answer 500 so Eventarc / Pub/Sub redeliver with backoff.
 */
export function wrapCloudEvent<T>(
  log: Logger,
  handler: (event: CloudEvent<T>, log: Logger, about: (fields: Fields) => Logger) => Promise<void>,
): (event: CloudEvent<T>) => Promise<void> {
  return async (event) => {
    try {
      await track(() => handle(event));
    } catch (err) {
      if (err instanceof ShuttingDownError) {
        log.warn('refused: instance is shutting down; will be redelivered', { eventId: event.id });
      }
      throw err;
    }
  };
  async function handle(event: CloudEvent<T>): Promise<void> {
    const started = Date.now();
    let elog = log.child({ eventId: event.id, eventType: event.type });
    // Once the handler knows whose photo this is (update, chat), the outcome line below
    // carries it too, so a photo's whole story can be found by its update id.
    const about = (fields: Fields): Logger => (elog = elog.child(fields));
    try {
      await handler(event, elog, about);
    } catch (err) {
      const { action } = reportFailure(elog, err, { ms: Date.now() - started });
      if (action !== 'ack') throw err;
    }
  }
}
