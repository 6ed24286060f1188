import { http } from '@google-cloud/functions-framework';
import { FAIR_USE_WINDOW_MS } from '../../shared/bot-state';
import { createFirestoreBotState } from '../../shared/bot-state-firestore';
import { loadConfig, settings } from '../../shared/config';
import { addSecret, createLogger } from '../../shared/log';
import { createObjectStore } from '../../shared/storage';
import { createTelegram } from '../../shared/telegram';
import { createWebhookHandler } from './handler';

const config = loadConfig({
  TELEGRAM_BOT_TOKEN: settings.botToken,
  TELEGRAM_WEBHOOK_SECRET: settings.webhookSecret,
  TELEGRAM_API_ROOT: settings.apiRoot,
  UPLOADS_BUCKET: settings.bucket,
  WEBHOOK_MAX_BODY_BYTES: settings.positiveInt(1024 * 1024),
  FAIR_USE_PHOTOS_PER_MINUTE: settings.nonNegativeInt(10),
  GOOGLE_CLOUD_PROJECT: settings.project.optional(),
  FIRESTORE_DATABASE: settings.firestoreDatabase,
});
addSecret(config.TELEGRAM_BOT_TOKEN);
addSecret(config.TELEGRAM_WEBHOOK_SECRET);

const state = createFirestoreBotState({
  projectId: config.GOOGLE_CLOUD_PROJECT,
  databaseId: config.FIRESTORE_DATABASE,
});
const log = createLogger({ function: 'webhook' });

http(
  'webhook',
  createWebhookHandler({
    config: {
      botToken: config.TELEGRAM_BOT_TOKEN,
      webhookSecret: config.TELEGRAM_WEBHOOK_SECRET,
      uploadsBucket: config.UPLOADS_BUCKET,
      maxBodyBytes: config.WEBHOOK_MAX_BODY_BYTES,
      fairUse: { limit: config.FAIR_USE_PHOTOS_PER_MINUTE, windowMs: FAIR_USE_WINDOW_MS },
    },
    state,
    store: createObjectStore(),
    telegram: createTelegram({
      token: config.TELEGRAM_BOT_TOKEN,
      apiRoot: config.TELEGRAM_API_ROOT,
    }),
    log,
  }),
);
