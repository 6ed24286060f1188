import { cloudEvent, type CloudEvent } from '@google-cloud/functions-framework';
import { z } from 'zod';
import { loadConfig, settings } from '../../shared/config';
import { deferred, loadAfterListening } from '../../shared/deferred';
import { addSecret, createLogger } from '../../shared/log';
import { botApiCallBoundMs, claimLeaseMs, timeoutOf } from '../../shared/platform';
import type { MessagePublishedData } from './handler';

const config = loadConfig({
  TELEGRAM_BOT_TOKEN: settings.botToken,
  TELEGRAM_API_ROOT: settings.apiRoot,
  STICKERS_BUCKET: settings.bucket,
  // this instance's share of the bot's ~30 messages/s (deploy: budget / max instances);
  // default: DEFAULT_PACER_LIMITS of pacer.ts, read with the handlers
  TELEGRAM_MESSAGES_PER_SECOND: z.coerce.number().positive().max(30).optional(),
});
addSecret(config.TELEGRAM_BOT_TOKEN);
// Cloud Run's request timeout (deploy passes it in FUNCTION_TIMEOUT_SECONDS): the
// bounds of this function's own calls are derived from it (shared/platform.ts).
const timeoutSeconds = timeoutOf('sender');
type Pushed = CloudEvent<MessagePublishedData>;

// Settings are checked before listening; the handlers and their clients (Storage,
// telegraf) load right after it (shared/deferred.ts).
const handlers = deferred(async () => {
  const [{ createSenderHandler }, { createDeadLetterHandler }, pacing, storage, tg] =
    await Promise.all([
      import('./handler.js'),
      import('./dead-letter.js'),
      import('./pacer.js'),
      import('../../shared/storage.js'),
      import('../../shared/telegram.js'),
    ]);
  const limits = pacing.DEFAULT_PACER_LIMITS;
  const deps = {
    config: { stickersBucket: config.STICKERS_BUCKET },
    store: storage.createObjectStore(),
    telegram: tg.createTelegram({
      token: config.TELEGRAM_BOT_TOKEN,
      apiRoot: config.TELEGRAM_API_ROOT,
      callBoundMs: botApiCallBoundMs(timeoutSeconds),
    }),
    log: createLogger({ function: 'sender' }),
    claimLeaseMs: claimLeaseMs(timeoutSeconds),
    pacer: pacing.createPacer({
      ...limits,
      perSecond: config.TELEGRAM_MESSAGES_PER_SECOND ?? limits.perSecond,
    }),
  };
  deps.log.info('handler ready', { msSinceStart: Math.round(performance.now()) });
  return {
    sender: createSenderHandler(deps),
    deadLetter: createDeadLetterHandler({
      ...deps,
      log: createLogger({ function: 'dead-letter' }),
    }),
  };
});
loadAfterListening(handlers);

/** `sender`: messagePublished on sticker-replies → sticker or text to the chat. */
cloudEvent<MessagePublishedData>('sender', async (event: Pushed) =>
  (await handlers()).sender(event),
);

/** `deadLetter`: messagePublished on sticker-dead-letter → one apology to the user. */
cloudEvent<MessagePublishedData>('deadLetter', async (event: Pushed) =>
  (await handlers()).deadLetter(event),
);
