/**
 * The chat page: a browser chat with the bot, served by the emulator next to the Bot
 * API, so that anyone can see the product work without a Telegram account or a token.
 * The page acts as one emulated user through the same user actions tests use, and
 * follows the chat through {@link ChatStream}. Routes live outside `/bot<token>/` and
 * `/file/`, so the Bot API is unchanged.
 *
 * Only the local machine is meant to use it: requests must name a loopback Host (no DNS
 * rebinding) and cross-site POSTs are refused, because the page needs no token.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { BotCommand, Update, User } from 'telegraf/types';
import { MAX_CAPTION_LENGTH } from '../../shared/limits.js';
import type { ActivityFeed } from './activity.js';
import type { CallbackQueries } from './callback-queries.js';
import { ChatStream } from './chat-stream.js';
import { BotApiError } from './errors.js';
import { readInt, readString, type Params } from './params.js';
import { readApiRequest } from './request-body.js';
import type { MessageReactions } from './reactions.js';
import type { Store } from './store.js';
import type {
  StickerSetContents,
  StickerSetObject,
  UserActions,
  UserSpec,
  WebhookDelivery,
} from './types.js';

/** Who the page is when the URL does not say (`?user=<id>&name=<first name>`). */
export const DEFAULT_CHAT_USER = { userId: 100_001, firstName: 'Ada' } as const;

/** Path of the page, relative to the emulator's root URL. */
export const CHAT_PAGE_PATH = '/chat/';

/** Telegram refuses photos over 10 MB; larger images must go as files. */
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

const STATIC_FILES: Record<string, string> = {
  '': 'text/html; charset=utf-8',
  'chat.css': 'text/css; charset=utf-8',
  'chat.js': 'text/javascript; charset=utf-8',
};

/** Nothing from the network: the page loads only its own files and talks only to us. */
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The static files stay beside their source (the build copies nothing): this module
 * runs from emulators/telegram under tsx, or from dist/emulators/telegram after tsc.
 */
const PAGE_DIR = [
  path.join(__dirname, 'chat-page'),
  path.resolve(__dirname, '..', '..', '..', 'emulators', 'telegram', 'chat-page'),
].find((dir) => existsSync(path.join(dir, 'index.html')));

/** What the chat page needs from the emulator. */
export interface ChatApiDeps {
  bot: User;
  store: Store;
  user: UserActions;
  activity: ActivityFeed;
  queries: CallbackQueries;
  reactions: MessageReactions;
  deliveryOf: (updateId: number) => WebhookDelivery | undefined;
  stickerSet: (name: string) => StickerSetObject | undefined;
  stickerSetContents: (name: string) => StickerSetContents | undefined;
  commandsShownTo: (user: UserSpec) => BotCommand[];
  /** Interface the emulator listens on; a wildcard one accepts any Host header. */
  host: string;
}

/** The page's routes, and `close` to end open event streams. */
export interface ChatApi {
  route: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | undefined;
  close: () => void;
}

export function createChatApi(deps: ChatApiDeps): ChatApi {
  const stream = new ChatStream({
    activity: deps.activity,
    store: deps.store,
    queries: deps.queries,
    reactions: deps.reactions,
  });
  const route = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const p = url.pathname;
    const get = req.method === 'GET' || req.method === 'HEAD';
    if (!p.startsWith(CHAT_PAGE_PATH) && !(get && (p === '/' || p === '/chat'))) return undefined;
    return handle(deps, stream, req, res, url).catch((err: unknown) => {
      req.resume();
      const status = err instanceof BotApiError ? err.errorCode : 400;
      const description = err instanceof Error ? err.message : String(err);
      if (!res.headersSent) json(res, status, { ok: false, description });
      else res.end();
    });
  };
  return { route, close: () => stream.close() };
}

async function handle(
  deps: ChatApiDeps,
  stream: ChatStream,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  if (!hostAllowed(req.headers.host, deps.host)) {
    req.resume();
    return json(res, 403, { ok: false, description: 'the chat page answers local requests only' });
  }
  const p = url.pathname;
  const get = req.method === 'GET' || req.method === 'HEAD';
  if (get && (p === '/' || p === '/chat')) {
    req.resume();
    res.writeHead(302, { location: `${CHAT_PAGE_PATH}${url.search}` }).end();
    return;
  }
  const rest = p.slice(CHAT_PAGE_PATH.length);
  if (get && rest in STATIC_FILES) return serveStatic(req, res, rest);
  if (get && rest === 'api/events') {
    req.resume();
    const user = userOf(Object.fromEntries(url.searchParams));
    const bot = { id: deps.bot.id, name: deps.bot.first_name, username: deps.bot.username };
    return stream.open(res, user.userId, { bot, user });
  }
  if (get && rest.startsWith('api/sticker-sets/')) {
    req.resume();
    const name = decodeURIComponent(rest.slice('api/sticker-sets/'.length));
    const set = deps.stickerSet(name);
    const contents = deps.stickerSetContents(name);
    if (!set || !contents) return json(res, 404, { ok: false, description: 'no such sticker set' });
    return json(res, 200, { ok: true, set: stickerSetView(set, contents) });
  }
  if (get && rest === 'api/commands') {
    req.resume();
    const user = userOf(Object.fromEntries(url.searchParams));
    return json(res, 200, { ok: true, commands: deps.commandsShownTo(user) });
  }
  if (get && rest.startsWith('api/files/')) {
    req.resume();
    return serveFile(deps, req, res, decodeURIComponent(rest.slice('api/files/'.length)));
  }
  if (req.method === 'POST' && (rest === 'api/send' || rest === 'api/callback')) {
    if (!sameOrigin(req)) {
      req.resume();
      return json(res, 403, { ok: false, description: 'cross-site request refused' });
    }
    const body = await readApiRequest(req.headers, req, url.searchParams);
    return rest === 'api/send' ? send(deps, res, body) : press(deps, res, body.params);
  }
  req.resume();
  json(res, 404, { ok: false, description: 'Not Found' });
}

/**
 * POST /chat/api/send: a photo, a clip, a file, a text or a sticker, as the page's user,
 * or (kind=caption) a new caption for one of their messages.
 */
async function send(
  deps: ChatApiDeps,
  res: ServerResponse,
  { params, files }: Awaited<ReturnType<typeof readApiRequest>>,
): Promise<void> {
  const user = userOf(params);
  const kind = readString(params, 'kind') ?? 'text';
  const caption = readString(params, 'caption');
  if (caption !== undefined && caption.length > MAX_CAPTION_LENGTH)
    throw new Error('caption is too long');
  if (kind === 'text') {
    const text = readString(params, 'text')?.trim();
    if (!text) throw new Error('text is empty');
    if (text.length > 4096) throw new Error('text is too long');
    const update = await deps.user.sendText(user, text);
    return sent(res, update);
  }
  if (kind === 'caption') return editCaption(deps, res, params);
  if (kind === 'sticker') {
    const fileId = readString(params, 'fileId') ?? '';
    const update = await deps.user.sendSticker(user, fileId).catch(() => {
      throw new Error('no such sticker');
    });
    return sent(res, update);
  }
  const file = files.get('file');
  if (!file || file.data.length === 0) throw new Error('no file in the request');
  if (kind === 'photo') {
    if (file.data.length > MAX_PHOTO_BYTES) {
      throw new Error('photos are limited to 10 MB: send this one as a file');
    }
    const update = await deps.user
      .sendPhoto(user, file.data, caption !== undefined ? { caption } : {})
      .catch(() => {
        throw new Error('this is not a picture Telegram can show as a photo: send it as a file');
      });
    return sent(res, update);
  }
  if (kind === 'video' || kind === 'animation' || kind === 'video_note') {
    return sent(res, await sendClip(deps, user, kind, file, caption));
  }
  if (kind !== 'document') throw new Error(`unknown kind ${kind}`);
  const update = await deps.user.sendDocument(user, file.data, {
    fileName: file.fileName,
    mimeType: file.mimeType,
    ...(caption !== undefined && { caption }),
  });
  sent(res, update);
}

/** A video, a GIF (sent on as an MP4 animation) or a round video, as a client sends them. */
function sendClip(
  deps: ChatApiDeps,
  user: UserSpec,
  kind: 'video' | 'animation' | 'video_note',
  file: { data: Buffer; fileName: string },
  caption: string | undefined,
): Promise<Update.MessageUpdate> {
  const opts = { fileName: file.fileName, ...(caption !== undefined && { caption }) };
  const update =
    kind === 'video'
      ? deps.user.sendVideo(user, file.data, opts)
      : kind === 'animation'
        ? deps.user.sendAnimation(user, file.data, opts)
        : deps.user.sendVideoNote(user, file.data);
  return update.catch(() => {
    throw new Error('this is not a video Telegram can play: send it as a file');
  });
}

/** The page matches its "sending…" bubble to the real one by message_id. */
/** kind=caption: the page's user edits the caption of one of their media messages. */
async function editCaption(deps: ChatApiDeps, res: ServerResponse, params: Params): Promise<void> {
  const user = userOf(params);
  const messageId = readInt(params, 'messageId');
  if (messageId === undefined) throw new Error('messageId needed');
  const chat = { id: user.chatId ?? user.userId };
  const caption = readString(params, 'caption')?.trim() ?? '';
  const update = await deps.user.editCaption(user, { message_id: messageId, chat }, caption);
  json(res, 200, { ok: true, update_id: update.update_id, message_id: messageId });
}

function sent(res: ServerResponse, update: Update.MessageUpdate): void {
  json(res, 200, { ok: true, update_id: update.update_id, message_id: update.message.message_id });
}

/** POST /chat/api/callback: a press on an inline button, sent as a real callback_query. */
async function press(deps: ChatApiDeps, res: ServerResponse, params: Params): Promise<void> {
  const user = userOf(params);
  const messageId = readInt(params, 'messageId');
  const data = readString(params, 'data');
  if (messageId === undefined || data === undefined) throw new Error('messageId and data needed');
  const chat = { id: user.chatId ?? user.userId };
  const update = await deps.user.pressButton(user, { message_id: messageId, chat }, data);
  const delivery = deps.deliveryOf(update.update_id);
  const dropped = delivery?.status === 'dropped';
  json(res, 200, {
    ok: true,
    update_id: update.update_id,
    callback_query_id: update.callback_query.id,
    delivered: !dropped,
    ...(dropped && {
      description: "the bot's webhook does not take callback_query updates (allowed_updates)",
    }),
  });
}

async function serveStatic(req: IncomingMessage, res: ServerResponse, name: string) {
  if (!PAGE_DIR) return json(res, 500, { ok: false, description: 'chat page files are missing' });
  const body = await readFile(path.join(PAGE_DIR, name === '' ? 'index.html' : name));
  res.writeHead(200, {
    'content-type': STATIC_FILES[name],
    'content-length': body.length,
    'cache-control': 'no-cache',
    'content-security-policy': PAGE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Files of the conversation by file_id; anything but an image or a clip is a download only. */
function serveFile(deps: ChatApiDeps, req: IncomingMessage, res: ServerResponse, id: string) {
  const file = deps.store.file(id);
  if (!file) return json(res, 404, { ok: false, description: 'no such file' });
  const image = /^(image\/(jpeg|png|webp|gif)|video\/(mp4|webm))$/.test(file.mimeType);
  const name = (file.fileName ?? path.basename(file.filePath)).replace(/[^\w.-]/g, '_');
  res.writeHead(200, {
    'content-type': image ? file.mimeType : 'application/octet-stream',
    'content-length': file.data.length,
    // A file_id never changes its bytes.
    'cache-control': 'private, max-age=86400, immutable',
    'x-content-type-options': 'nosniff',
    'content-security-policy': 'sandbox',
    ...(!image && { 'content-disposition': `attachment; filename="${name}"` }),
  });
  res.end(req.method === 'HEAD' ? undefined : file.data);
}

/**
 * What the page draws for a set: its stickers (with every emoji and keyword) and its
 * thumbnail, as files it can show at `api/files/<id>`.
 */
function stickerSetView(set: StickerSetObject, contents: StickerSetContents) {
  return {
    name: set.name,
    title: set.title,
    ...(set.thumbnail && {
      thumbnail: { id: set.thumbnail.file_id, mimeType: contents.thumbnail?.mimeType },
    }),
    stickers: set.stickers.map((s, i) => ({
      id: s.file_id,
      width: s.width,
      height: s.height,
      ...(s.is_video && { mimeType: 'video/webm' }),
      ...(s.emoji !== undefined && { emoji: s.emoji }),
      emojiList: contents.stickers[i]?.emojiList ?? [],
      keywords: contents.stickers[i]?.keywords ?? [],
    })),
  };
}

/** The page's user from `user`, `name` and `lang` (query string or form fields). */
function userOf(params: Params): UserSpec {
  const id = readInt(params, 'user');
  const name = readString(params, 'name')?.trim().slice(0, 64);
  const lang = readString(params, 'lang');
  return {
    userId: id !== undefined && id > 0 && id < 2 ** 52 ? id : DEFAULT_CHAT_USER.userId,
    firstName: name || DEFAULT_CHAT_USER.firstName,
    languageCode: lang && /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(lang) ? lang : 'en',
  };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function hostAllowed(header: string | undefined, bound: string): boolean {
  if (bound === '0.0.0.0' || bound === '::') return true;
  if (!header) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${header}`).hostname;
  } catch {
    return false;
  }
  return LOOPBACK.has(hostname) || hostname === bound || hostname === `[${bound}]`;
}

/** Browsers send Origin on every POST; a page on another site must not drive this one. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}
