/**
 * A local Telegram for the sticker bot: a Bot API server that the production
 * telegraf client talks to unchanged (`telegram: { apiRoot }`), plus a user
 * that sends photos and documents to the bot's webhook and records what the
 * bot sends back. No network, no real token, deterministic enough for tests.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { User } from 'telegraf/types';
import { ActivityFeed } from './activity.js';
import { createMethods } from './bot-api.js';
import { BotCommands } from './bot-commands.js';
import { CallbackQueries } from './callback-queries.js';
import { CHAT_PAGE_PATH, createChatApi } from './chat-api.js';
import { FaultInjector } from './faults.js';
import { createRequestHandler, handleWebhookReply, type HandlerDeps } from './http-handler.js';
import { MessageReactions } from './reactions.js';
import { Recorder } from './recorder.js';
import { StickerSets, toStickerSet, toStickerSetContents } from './sticker-sets.js';
import { Store } from './store.js';
import type { TelegramEmulator, TelegramEmulatorOptions } from './types.js';
import { UpdateQueue } from './updates.js';
import { createUserActions } from './user-actions.js';

export type * from './types.js';

/**
 * Accepted by default. Its shape (6 digits, a readable secret) cannot be
 * confused with a real token (8-10 digits, 35-character secret).
 */
export const DEFAULT_TOKEN = '123456:TEST-token-for-the-local-emulator-only';
export const DEFAULT_BOT_USERNAME = 'sticker_local_bot';

const REAL_TOKEN_SHAPE = /^\d{8,10}:[A-Za-z0-9_-]{35}$/;
/** Telegram starts update ids at an arbitrary large number; so do we, to catch `update_id < 10` bugs. */
const FIRST_UPDATE_ID = 800_000_001;

/** Starts the emulator; resolves once it listens. */
export async function startTelegramEmulator(
  opts: TelegramEmulatorOptions = {},
): Promise<TelegramEmulator> {
  const token = opts.token ?? DEFAULT_TOKEN;
  const botId = Number(/^(\d+):[A-Za-z0-9_-]+$/.exec(token)?.[1]);
  if (!Number.isSafeInteger(botId) || botId <= 0) {
    throw new Error(
      'TelegramEmulatorOptions.token must look like "<bot id>:<secret>", e.g. the default',
    );
  }
  const log = opts.log ?? (() => undefined);
  if (REAL_TOKEN_SHAPE.test(token)) {
    log({
      severity: 'WARNING',
      message: 'token has the shape of a real Bot API token; a fake one is enough here',
    });
  }
  const bot: User = {
    id: botId,
    is_bot: true,
    first_name: 'Sticker Bot (local)',
    username: opts.botUsername ?? DEFAULT_BOT_USERNAME,
  };
  const store = new Store(FIRST_UPDATE_ID);
  const activity = new ActivityFeed();
  const recorder = new Recorder((a) => activity.emit(a));
  const callbackQueries = new CallbackQueries();
  const faults = new FaultInjector();
  const stickerSets = new StickerSets((change) =>
    activity.emit({ kind: 'sticker-set', change, at: Date.now() }),
  );
  const reactions = new MessageReactions();
  const commands = new BotCommands();
  let closed = false;
  const queue = new UpdateQueue({
    retry: {
      initialBackoffMs: opts.webhookRetry?.initialBackoffMs ?? 500,
      maxBackoffMs: opts.webhookRetry?.maxBackoffMs ?? 10_000,
      maxAttempts: opts.webhookRetry?.maxAttempts ?? 50,
    },
    log,
    // Called only once deliveries run, after handlerDeps below exists.
    onWebhookReply: (res) => handleWebhookReply(handlerDeps, res),
  });
  const methods = createMethods({
    store,
    queue,
    bot,
    onSent: (m) => recorder.message(m),
    callbackQueries,
    stickerSets,
    commands,
    reactions,
    onReaction: (r) => recorder.reaction(r),
    onEdited: (e) => recorder.edit(e),
    isClosed: () => closed,
  });
  const user = createUserActions({
    store,
    queue,
    callbackQueries,
    onQueued: (update) => activity.emit({ kind: 'queued', update, at: Date.now() }),
  });
  const stickerSet = (name: string) => {
    const set = stickerSets.get(name);
    return set && toStickerSet(set);
  };
  const stickerSetContents = (name: string) => {
    const set = stickerSets.get(name);
    return set && toStickerSetContents(set);
  };
  const host = opts.host ?? '127.0.0.1';
  const chat = createChatApi({
    bot,
    store,
    user,
    activity,
    queries: callbackQueries,
    reactions,
    deliveryOf: (id) => queue.deliveries().find((d) => d.updateId === id),
    stickerSet,
    stickerSetContents,
    commandsShownTo: (u) => commands.shownTo(u),
    host,
  });
  const handlerDeps: HandlerDeps = {
    token,
    methods,
    faults,
    recorder,
    store,
    log,
    otherRoutes: chat.route,
  };
  const server = http.createServer(createRequestHandler(handlerDeps));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const apiRoot = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log({
    severity: 'INFO',
    message: 'telegram emulator listening',
    apiRoot,
    botId,
    username: bot.username,
  });

  return {
    apiRoot,
    token,
    port,
    chatPageUrl: `${apiRoot}${CHAT_PAGE_PATH}`,
    ...user,
    annotateUpdate: (updateId, note) =>
      activity.emit({ kind: 'annotation', updateId, note, at: Date.now() }),
    calls: () => recorder.calls(),
    sentMessages: (chatId) => recorder.sentMessages(chatId),
    waitForMessage: (pred, timeoutMs = 5_000) => recorder.waitFor(pred, timeoutMs),
    reactions: (chatId) => recorder.reactions(chatId),
    reactionOn: (m) =>
      reactions.get(m.chat.id, m.message_id).flatMap((r) => (r.type === 'emoji' ? [r.emoji] : [])),
    keyboardEdits: (chatId) => recorder.edits(chatId),
    message: (m) => store.chat(m.chat.id)?.messages.get(m.message_id),
    stickerSet,
    stickerSetContents,
    stickerSetsOf: (userId) => stickerSets.ownedBy(userId).map(toStickerSet),
    commands: (o = {}) => commands.get(o.scope, o.languageCode),
    commandsShownTo: (u) => commands.shownTo(u),
    setFaults: (f) => faults.set(f),
    faultCounts: () => faults.count(),
    webhookDeliveries: () => queue.deliveries(),
    idle: () => queue.idle(),
    close: async () => {
      if (closed) return;
      closed = true;
      queue.close();
      faults.close();
      recorder.close();
      chat.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      log({ severity: 'INFO', message: 'telegram emulator closed' });
    },
  };
}
