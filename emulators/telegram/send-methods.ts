/**
 * sendMessage, sendPhoto, sendSticker, sendDocument and sendChatAction,
 * answering with real-shaped Message objects and failing with Telegram's
 * texts (unknown chat, missing reply target, wrong file type, ...), so the
 * bot's reply and error paths are exercised before it meets Telegram.
 */
import type { Message, User } from 'telegraf/types';
import { MAX_CAPTION_LENGTH } from '../../shared/limits.js';
import { badRequest } from './errors.js';
import {
  resolveInputFile,
  storeDocument,
  storePhoto,
  storeSticker,
  toDocument,
  toSticker,
} from './input-file.js';
import { readBool, readChatId, readJson, readReply, readString, type Params } from './params.js';
import { checkInlineKeyboard } from './reply-markup.js';
import type { ApiRequest } from './request-body.js';
import type { ChatState, Store, StoredFile } from './store.js';
import type { SendMethod, SentFile, SentMessage } from './types.js';

/** What the send methods need from the emulator. */
export interface SendDeps {
  store: Store;
  /** The bot as a User: `from` of every message it sends. */
  bot: User;
  /** Called with each message the bot sent successfully. */
  onSent: (message: SentMessage) => void;
}

/** A method's result plus the optional `description` Telegram adds (setWebhook does). */
export interface Outcome {
  result: unknown;
  description?: string;
}

/** Bot API methods by name, as each module of the emulator contributes them. */
export type MethodHandlers = Record<string, (req: ApiRequest) => Promise<Outcome>>;

/** The content part of a message, produced once the input is validated. */
interface Built {
  content: Record<string, unknown>;
  file?: SentFile;
}

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

/** The send methods, keyed by their canonical names. */
export function createSendHandlers(deps: SendDeps): MethodHandlers {
  const { store } = deps;
  return {
    sendMessage: async (req) => {
      const text = readString(req.params, 'text');
      if (text === undefined || text.trim() === '') throw badRequest('message text is empty');
      if (text.length > 4096) throw badRequest('message is too long');
      const entities = readJson(req.params, 'entities', 'message entities');
      return send(deps, req, 'sendMessage', () =>
        Promise.resolve({ content: { text, ...(Array.isArray(entities) && { entities }) } }),
      );
    },

    sendPhoto: async (req) => {
      const input = resolveInputFile(req, 'photo', 'photo', store);
      return send(deps, req, 'sendPhoto', async () => {
        const sizes =
          'upload' in input
            ? await storePhoto(store, input.upload.data).catch(() => {
                throw badRequest('IMAGE_PROCESS_FAILED');
              })
            : (input.stored.photo ?? []);
        const largest = sizes.at(-1);
        const stored = largest && store.file(largest.file_id);
        if (!largest || !stored) throw badRequest('IMAGE_PROCESS_FAILED');
        const file: SentFile = {
          fileId: largest.file_id,
          fileUniqueId: largest.file_unique_id,
          data: 'upload' in input ? input.upload.data : stored.data,
          mimeType: 'upload' in input ? input.upload.mimeType : stored.mimeType,
          width: largest.width,
          height: largest.height,
          ...('upload' in input && { fileName: input.upload.fileName }),
        };
        return { content: { photo: sizes }, file };
      });
    },

    sendSticker: async (req) => {
      const input = resolveInputFile(req, 'sticker', 'sticker', store);
      return send(deps, req, 'sendSticker', async () => {
        const stored = 'upload' in input ? await storeSticker(store, input.upload) : input.stored;
        const sticker = toSticker(stored, readString(req.params, 'emoji'));
        return { content: { sticker }, file: sentFile(stored) };
      });
    },

    sendDocument: async (req) => {
      const input = resolveInputFile(req, 'document', 'document', store);
      return send(deps, req, 'sendDocument', async () => {
        const stored =
          'upload' in input
            ? await storeDocument(
                store,
                input.upload.data,
                input.upload.fileName,
                input.upload.mimeType,
              )
            : input.stored;
        return { content: { document: toDocument(stored) }, file: sentFile(stored) };
      });
    },

    sendChatAction: ({ params }) => {
      requireChat(store, params);
      const action = readString(params, 'action');
      if (action === undefined || !CHAT_ACTIONS.has(action)) {
        throw badRequest('wrong parameter action in request');
      }
      return Promise.resolve({ result: true });
    },
  };
}

/** Shared path of every send method: chat, reply, markup, then the message itself. */
async function send(
  deps: SendDeps,
  req: ApiRequest,
  method: SendMethod,
  build: () => Promise<Built>,
): Promise<Outcome> {
  const { params } = req;
  const state = requireChat(deps.store, params);
  const reply = resolveReply(deps.store, state, params);
  const markup = readJson(params, 'reply_markup', 'reply keyboard markup');
  if (
    markup !== undefined &&
    (typeof markup !== 'object' || markup === null || Array.isArray(markup))
  ) {
    throw badRequest('reply markup must be an Object');
  }
  if (markup !== undefined) checkInlineKeyboard(markup as Record<string, unknown>);
  const caption = method === 'sendMessage' ? undefined : readString(params, 'caption');
  if (caption !== undefined && caption.length > MAX_CAPTION_LENGTH)
    throw badRequest('message caption is too long');
  const captionEntities = readJson(params, 'caption_entities', 'caption entities');
  const built = await build();
  const messageId = deps.store.nextMessageId(state);
  const isInline = typeof markup === 'object' && markup !== null && 'inline_keyboard' in markup;
  // One cast: telegraf's Message is a union keyed by content, built here generically.
  const message = {
    message_id: messageId,
    from: deps.bot,
    chat: state.chat,
    date: Math.floor(Date.now() / 1000),
    ...reply.fields,
    ...built.content,
    ...(caption !== undefined && { caption }),
    ...(caption !== undefined &&
      Array.isArray(captionEntities) && { caption_entities: captionEntities }),
    ...(readBool(params, 'protect_content') && { has_protected_content: true }),
    ...(isInline && { reply_markup: markup }),
  } as unknown as Message;
  deps.store.saveMessage(state, message);
  const text = typeof built.content.text === 'string' ? built.content.text : undefined;
  const parseMode = readString(params, 'parse_mode');
  deps.onSent({
    method,
    chatId: state.chat.id,
    messageId,
    message,
    ...(text !== undefined && { text }),
    ...(caption !== undefined && { caption }),
    ...(parseMode !== undefined && { parseMode }),
    ...(reply.messageId !== undefined && { replyToMessageId: reply.messageId }),
    ...(markup !== undefined && { replyMarkup: markup }),
    ...(built.file && { file: built.file }),
    at: Date.now(),
  });
  return { result: message };
}

function requireChat(store: Store, params: Params): ChatState {
  const state = store.chat(readChatId(params));
  if (!state) throw badRequest('chat not found');
  return state;
}

/**
 * Resolves `reply_parameters` / `reply_to_message_id`. A reply into another
 * chat becomes `external_reply`; a missing target fails unless allowed.
 */
function resolveReply(
  store: Store,
  state: ChatState,
  params: Params,
): { fields: Record<string, unknown>; messageId?: number } {
  const reply = readReply(params);
  if (!reply) return { fields: {} };
  const source = reply.chatId === undefined ? state : store.chat(reply.chatId);
  const original = source?.messages.get(reply.messageId);
  if (!source || !original) {
    if (reply.allowWithoutReply) return { fields: {} };
    throw badRequest('message to be replied not found');
  }
  if (source === state) {
    const { reply_to_message: _nested, ...flat } = original as Message & {
      reply_to_message?: unknown;
    };
    return { fields: { reply_to_message: flat }, messageId: reply.messageId };
  }
  const origin = { type: 'user', sender_user: original.from, date: original.date };
  return {
    fields: { external_reply: { origin, chat: source.chat, message_id: original.message_id } },
    messageId: reply.messageId,
  };
}

/** The public view of a stored file, bytes included. */
function sentFile(file: StoredFile): SentFile {
  return {
    fileId: file.fileId,
    fileUniqueId: file.fileUniqueId,
    data: file.data,
    mimeType: file.mimeType,
    ...(file.fileName !== undefined && { fileName: file.fileName }),
    ...(file.width !== undefined && { width: file.width }),
    ...(file.height !== undefined && { height: file.height }),
  };
}
