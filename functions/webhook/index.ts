import { http } from '@google-cloud/functions-framework';
import { loadConfig, settings } from '../../shared/config';
import { deferred, loadAfterListening } from '../../shared/deferred';
import { FAIR_USE_WINDOW_MS, type BotState } from '../../shared/bot-state';
import { addSecret, createLogger } from '../../shared/log';
import { guardRequestBodies } from './body-guard';
import { botApiCallBoundMs, timeoutOf } from '../../shared/platform';

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
// Cloud Run's request timeout (deploy passes it in FUNCTION_TIMEOUT_SECONDS): the
// bounds of this function's own calls are derived from it (shared/platform.ts).
const timeoutSeconds = timeoutOf('webhook');
addSecret(config.TELEGRAM_WEBHOOK_SECRET);
const log = createLogger({ function: 'webhook' });

// Before the first request: a body without the secret is never parsed (./body-guard.ts).
guardRequestBodies({
  webhookSecret: config.TELEGRAM_WEBHOOK_SECRET,
  maxBodyBytes: config.WEBHOOK_MAX_BODY_BYTES,
});

// Settings are checked before listening; the handler and its clients (telegraf, Storage,
// Firestore) load right after it (shared/deferred.ts).
const handler = deferred(async () => {
  const [{ createWebhookHandler }, { createFirestoreBotState }, { createObjectStore }, tg] =
    await Promise.all([
      import('./handler.js'),
      import('../../shared/bot-state-firestore.js'),
      import('../../shared/storage.js'),
      import('../../shared/telegram.js'),
    ]);
  const state = createFirestoreBotState({
    projectId: config.GOOGLE_CLOUD_PROJECT,
    databaseId: config.FIRESTORE_DATABASE,
  });
  warmFirestore(state);
  const handle = createWebhookHandler({
    config: {
      botToken: config.TELEGRAM_BOT_TOKEN,
      webhookSecret: config.TELEGRAM_WEBHOOK_SECRET,
      apiRoot: config.TELEGRAM_API_ROOT,
      uploadsBucket: config.UPLOADS_BUCKET,
      maxBodyBytes: config.WEBHOOK_MAX_BODY_BYTES,
      fairUse: { limit: config.FAIR_USE_PHOTOS_PER_MINUTE, windowMs: FAIR_USE_WINDOW_MS },
    },
    state,
    store: createObjectStore(),
    telegram: tg.createTelegram({
      token: config.TELEGRAM_BOT_TOKEN,
      apiRoot: config.TELEGRAM_API_ROOT,
      callBoundMs: botApiCallBoundMs(timeoutSeconds),
    }),
    log,
  });
  log.info('handler ready', { msSinceStart: Math.round(performance.now()) });
  return handle;
});
loadAfterListening(handler);

/**
 * The client loads its gRPC stack and opens its channel on its first call (about a second
 * on the local stack, several under load): one read, started as soon as the handler is
 * built, does that while the first update's Telegram calls are in flight, so its
 * fair-use check finds the channel open. Only where the client can authenticate (on
 * Cloud Run, or against the emulator): without credentials the client rejects from
 * inside, unhandled, and that would crash a process that has not served anything yet.
 */
function warmFirestore(state: Pick<BotState, 'chatSettings'>): void {
  if (!process.env.K_SERVICE && !process.env.FIRESTORE_EMULATOR_HOST) return;
  const started = performance.now();
  state.chatSettings(0).then(
    () => log.info('firestore channel open', { ms: Math.round(performance.now() - started) }),
    (err: unknown) => log.warn('firestore warm-up failed', { err }),
  );
}

http('webhook', async (req, res) => {
  const handle = await handler();
  await handle(req, res);
});
