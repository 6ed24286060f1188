import type { CloudEvent } from '@google-cloud/functions-framework';
import { ConfigError, PermanentError, RetryableError } from './errors';
import { ShuttingDownError, track } from './graceful';
import type { Fields, Logger } from './log';

/**
 * The one place where "throw = retry, return = drop" is decided for CloudEvent
 * functions. Handlers just throw PermanentError / RetryableError (or anything else);
 * this wrapper logs each outcome once and either acknowledges (returns) or lets the
 * Functions Framework answer 500 so Eventarc / Pub/Sub redeliver with backoff.
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
      const ms = Date.now() - started;
      if (err instanceof PermanentError) {
        elog.warn('dropped: permanent failure', { err, ms });
        return;
      }
      if (err instanceof ConfigError) {
        elog.critical('configuration error; will be redelivered', { err, ms });
      } else if (err instanceof RetryableError) {
        elog.warn('retryable failure; will be redelivered', {
          err,
          ms,
          retryAfterSeconds: err.retryAfterSeconds,
        });
      } else {
        elog.error('unexpected failure; will be redelivered', { err, ms });
      }
      throw err;
    }
  }
}
