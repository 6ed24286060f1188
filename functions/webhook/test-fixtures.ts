import {
  FAIR_USE_WINDOW_MS,
  createMemoryBotState,
  type BotState,
  type FairUseRule,
} from '../../shared/bot-state';
import { ADD_TO_PACK } from '../../shared/buttons';
import { MAX_STICKERS_PER_SET } from '../../shared/limits';
import { createLogger } from '../../shared/log';
import { createMemoryObjectStore } from '../../shared/storage';
import { httpTestServer, telegramError } from '../../shared/testing';
import type { Update } from 'telegraf/types';
import type { BotApi, Download } from './deps';
import { createWebhookHandler } from './handler';

/**
 * Fakes shared by the webhook's tests: a Bot API that records calls and serves files
 * from a map, and a Functions Framework test server around a handler built with them.
 */
export const SECRET = 'test_secret-123';
export const TOKEN = '4242:webhook-test-token-not-real';
export const BUCKET = 'uploads-test';
/** A user who never started a chat with the bot: Telegram refuses to make them a pack. */
export const STRANGER = 666;

export interface Call {
  method: string;
  args: unknown[];
}

type StickerSets = Map<string, { owner: number; stickers: number }>;

/** A Bot API fake: records calls, serves files from a map, can be told to fail. */
export function fakeTelegram(
  files: Map<string, Buffer>,
  calls: Call[],
  fail?: { method: string; code: number },
  sets: StickerSets = new Map(),
) {
  const rec = (method: string, args: unknown[]) => {
    calls.push({ method, args });
    if (fail && fail.method === method) {
      return Promise.reject(telegramError(fail.code, 'fake failure'));
    }
    return undefined;
  };
  /** A method Telegram answers with `true`, recorded under its Bot API name. */
  const succeeds =
    (method: string) =>
    async (...args: unknown[]) => {
      await rec(method, args);
      return true;
    };
  const api = {
    getMe: async () => {
      await rec('getMe', []);
      return { id: 4242, is_bot: true, first_name: 'Test', username: 'test_bot' } as never;
    },
    getFile: async (fileId: string) => {
      await rec('getFile', [fileId]);
      const data = files.get(fileId);
      return {
        file_id: fileId,
        file_unique_id: 'u' + fileId,
        file_size: data?.length,
        file_path: `photos/${fileId}.jpg`,
      };
    },
    getFileLink: (file: { file_path?: string }) =>
      Promise.resolve(new URL(`http://files.invalid/${file.file_path}`)),
    sendMessage: async (...args: unknown[]) => {
      await rec('sendMessage', args);
      return { message_id: 900 } as never;
    },
    answerCbQuery: succeeds('answerCallbackQuery'),
    sendChatAction: succeeds('sendChatAction'),
    setMessageReaction: succeeds('setMessageReaction'),
    editMessageReplyMarkup: succeeds('editMessageReplyMarkup'),
    ...fakeStickerSets(rec, sets),
  };
  return api as unknown as BotApi;
}

/** Sticker sets as Telegram would hold them: name → owner and count; 120 at most. */
function fakeStickerSets(rec: (method: string, args: unknown[]) => unknown, sets: StickerSets) {
  const badRequest = (description: string) => telegramError(400, `Bad Request: ${description}`);
  return {
    createNewStickerSet: async (...args: unknown[]) => {
      await rec('createNewStickerSet', args);
      const [userId, name, , extra] = args as [number, string, string, { stickers: unknown[] }];
      if (userId === STRANGER) throw badRequest('user not found');
      if (sets.has(name)) throw badRequest('sticker set name is already occupied');
      sets.set(name, { owner: userId, stickers: extra.stickers.length });
      return true;
    },
    getStickerSet: async (name: string) => {
      await rec('getStickerSet', [name]);
      const set = sets.get(name);
      if (!set) throw badRequest('STICKERSET_INVALID');
      const stickers = Array.from({ length: set.stickers }, (_, i) => ({
        file_id: `${name}-${i}`,
        file_unique_id: `${name}-u${i}`,
      }));
      return { name, stickers };
    },
    addStickerToSet: async (...args: unknown[]) => {
      await rec('addStickerToSet', args);
      const [userId, name] = args as [number, string];
      const set = sets.get(name);
      if (!set || set.owner !== userId) throw badRequest('STICKERSET_INVALID');
      if (set.stickers >= MAX_STICKERS_PER_SET) throw badRequest('STICKERS_TOO_MUCH');
      set.stickers += 1;
      return true;
    },
  };
}

export function setup(
  opts: {
    fail?: { method: string; code: number };
    fairUse?: FairUseRule;
    /** wraps the in-memory bot state, e.g. to make Firestore fail */
    state?: (state: BotState) => BotState;
    /** wraps the fake Bot API, e.g. to make getFile answer something odd */
    telegram?: (api: BotApi) => BotApi;
    /** replaces the download from the file map */
    download?: Download;
  } = {},
) {
  const store = createMemoryObjectStore();
  const memory = createMemoryBotState();
  const state = opts.state ? opts.state(memory) : memory;
  const sets: StickerSets = new Map();
  const calls: Call[] = [];
  const files = new Map<string, Buffer>();
  const server = httpTestServer(
    'webhook-test',
    createWebhookHandler({
      config: {
        botToken: TOKEN,
        webhookSecret: SECRET,
        apiRoot: 'http://files.invalid',
        uploadsBucket: BUCKET,
        maxBodyBytes: 64 * 1024,
        fairUse: opts.fairUse ?? { limit: 10, windowMs: FAIR_USE_WINDOW_MS },
      },
      store,
      state,
      telegram: (opts.telegram ?? ((api) => api))(fakeTelegram(files, calls, opts.fail, sets)),
      log: createLogger({ function: 'webhook' }),
      download:
        opts.download ??
        ((url) => {
          const id = /photos\/(.+)\.jpg$/.exec(url.pathname)?.[1] ?? '';
          const data = files.get(id);
          return data ? Promise.resolve(data) : Promise.reject(new Error('no such file'));
        }),
    }),
  );
  return { store, state, sets, calls, files, server };
}

/** Updates as Telegram sends them, from one private chat. */
export const user = { id: 77, is_bot: false, first_name: 'Ana', language_code: 'en' };
export const chat = { id: 77, type: 'private' as const, first_name: 'Ana' };

export function photoUpdate(updateId: number, fileId: string, caption?: string): Update {
  return {
    update_id: updateId,
    message: {
      message_id: 10,
      date: 1_700_000_000,
      chat,
      from: user,
      photo: [
        { file_id: 'small', file_unique_id: 's', width: 90, height: 60 },
        { file_id: fileId, file_unique_id: 'l', width: 1280, height: 853 },
      ],
      ...(caption ? { caption } : {}),
    },
  };
}

export function textUpdate(updateId: number, text: string): Update {
  const entities = text.startsWith('/')
    ? [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }]
    : [];
  return {
    update_id: updateId,
    message: { message_id: 11, date: 1, chat, from: user, text, entities },
  } as Update;
}

export async function post(
  url: string,
  body: unknown,
  secret: string | null = SECRET,
  raw?: string,
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret !== null) headers['x-telegram-bot-api-secret-token'] = secret;
  return fetch(url, { method: 'POST', headers, body: raw ?? JSON.stringify(body) });
}

/** A press on the button under a sticker the bot sent (message 500 + n). */
export function pressUpdate(
  updateId: number,
  n: number,
  opts: { data?: string; sticker?: boolean; lang?: string; emoji?: string; video?: boolean } = {},
): Update {
  const from = { ...user, ...(opts.lang && { language_code: opts.lang }) };
  return {
    update_id: updateId,
    callback_query: {
      id: `q${updateId}`,
      from,
      chat_instance: 'ci',
      data: opts.data ?? ADD_TO_PACK,
      message: {
        message_id: 500 + n,
        date: 1,
        chat,
        from: { id: 4242, is_bot: true, first_name: 'Test', username: 'test_bot' },
        ...(opts.sticker !== false && {
          sticker: {
            file_id: `sticker-file-${n}`,
            file_unique_id: `sticker-uniq-${n}`,
            type: 'regular',
            width: 512,
            height: 512,
            is_animated: false,
            is_video: opts.video === true,
            ...(opts.emoji && { emoji: opts.emoji }),
          },
        }),
        ...(opts.sticker === false && { text: 'gone' }),
      },
    },
  } as Update;
}
