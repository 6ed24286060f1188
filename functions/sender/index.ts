import { cloudEvent } from '@google-cloud/functions-framework';
import { loadConfig, settings } from '../../shared/config';
import { addSecret, createLogger } from '../../shared/log';
import { createObjectStore } from '../../shared/storage';
import { createTelegram } from '../../shared/telegram';
import { createDeadLetterHandler } from './dead-letter';
import { createSenderHandler, type MessagePublishedData, type SenderDeps } from './handler';

const config = loadConfig({
  TELEGRAM_BOT_TOKEN: settings.botToken,
  TELEGRAM_API_ROOT: settings.apiRoot,
  STICKERS_BUCKET: settings.bucket,
});
addSecret(config.TELEGRAM_BOT_TOKEN);

const deps: SenderDeps = {
  config: { stickersBucket: config.STICKERS_BUCKET },
  store: createObjectStore(),
  telegram: createTelegram({ token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT }),
  log: createLogger({ function: 'sender' }),
};

/** `sender`: messagePublished on sticker-replies → sticker or text to the chat. */
cloudEvent<MessagePublishedData>('sender', createSenderHandler(deps));

/** `deadLetter`: messagePublished on sticker-dead-letter → one apology to the user. */
cloudEvent<MessagePublishedData>(
  'deadLetter',
  createDeadLetterHandler({ ...deps, log: createLogger({ function: 'dead-letter' }) }),
);
