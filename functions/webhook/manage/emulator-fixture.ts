import { FAIR_USE_WINDOW_MS, type BotState } from '../../../shared/bot-state';
import { createLogger } from '../../../shared/log';
import { createMemoryObjectStore } from '../../../shared/storage';
import { createTelegram } from '../../../shared/telegram';
import { httpTestServer, listen } from '../../../shared/testing';
import { startTelegramEmulator, type TelegramEmulator } from '../../../emulators/telegram/server';
import type { BotApi } from '../deps';
import { createWebhookHandler } from '../handler';

/**
 * For tests: the webhook served on a local port as Telegram's webhook of a fresh Telegram
 * emulator, with the real telegraf client (which `wrap` may wrap, e.g. to hold a call),
 * the given bot state, an in-memory bucket and no fair-use limit.
 */
export async function webhookOnEmulator(opts: {
  botUsername: string;
  state: BotState;
  wrap?: (telegram: ReturnType<typeof createTelegram>) => BotApi;
}): Promise<{
  tg: TelegramEmulator;
  telegram: ReturnType<typeof createTelegram>;
  close: () => Promise<void>;
}> {
  const secret = 'emulator-fixture-secret';
  const tg = await startTelegramEmulator({ botUsername: opts.botUsername });
  const telegram = createTelegram({ token: tg.token, apiRoot: tg.apiRoot, callBoundMs: 15_000 });
  const server = httpTestServer(
    `${opts.botUsername}-webhook`,
    createWebhookHandler({
      config: {
        botToken: tg.token,
        apiRoot: tg.apiRoot,
        webhookSecret: secret,
        uploadsBucket: 'uploads',
        maxBodyBytes: 64 * 1024,
        fairUse: { limit: 0, windowMs: FAIR_USE_WINDOW_MS },
      },
      store: createMemoryObjectStore(),
      state: opts.state,
      telegram: opts.wrap ? opts.wrap(telegram) : telegram,
      log: createLogger({ function: 'webhook' }),
      download: async (url) => Buffer.from(await (await fetch(url)).arrayBuffer()),
    }),
  );
  const srv = await listen(server);
  await telegram.setWebhook(srv.url, { secret_token: secret });
  return {
    tg,
    telegram,
    close: async () => {
      await srv.close();
      await tg.close();
    },
  };
}
