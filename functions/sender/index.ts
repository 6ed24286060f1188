import { cloudEvent } from '@google-cloud/functions-framework';
import { loadConfig, settings } from '../../shared/config';
import { addSecret, createLogger } from '../../shared/log';
import { createObjectStore } from '../../shared/storage';
import { createTelegram } from '../../shared/telegram';
import { createSenderHandler, type MessagePublishedData } from './handler';

const config = loadConfig({
  TELEGRAM_BOT_TOKEN: settings.botToken,
  TELEGRAM_API_ROOT: settings.apiRoot,
  STICKERS_BUCKET: settings.bucket,
});
addSecret(config.TELEGRAM_BOT_TOKEN);

cloudEvent<MessagePublishedData>(
  'sender',
  createSenderHandler({
    config: { stickersBucket: config.STICKERS_BUCKET },
    store: createObjectStore(),
    telegram: createTelegram({
      token: config.TELEGRAM_BOT_TOKEN,
      apiRoot: config.TELEGRAM_API_ROOT,
    }),
    log: createLogger({ function: 'sender' }),
  }),
);
