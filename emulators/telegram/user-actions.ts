/**
 * The emulated Telegram user: builds the updates a real client would cause
 * (photo recompressed into a size ladder, document kept as is, a GIF made an
 * MP4 animation, a round video cut square, text with command entities) and queues them for the bot. Actions run one after the
 * other, so update_id and message_id follow the order of the calls.
 */
import { createHash } from 'node:crypto';
import type { CallbackQuery, Chat, Message, MessageEntity, Update, User } from 'telegraf/types';
import { findCallbackButton, type CallbackQueries } from './callback-queries.js';
import { storeDocument, storePhoto, toDocument, toSticker } from './input-file.js';
import type { ChatState, Store } from './store.js';
import type { MessageRef, UserActions, UserSpec } from './types.js';
import type { RawUpdate, UpdateQueue } from './updates.js';
import { storeAnimation, storeVideo, storeVideoNote } from './user-clips.js';

type MessageUpdate<M extends Message> = Update.MessageUpdate<M>;
type EditedUpdate = Update.EditedMessageUpdate;

/** What the user side needs from the emulator. */
export interface UserDeps {
  store: Store;
  queue: UpdateQueue;
  callbackQueries: CallbackQueries;
  /** Told about every update a user queues, e.g. so the chat page shows it. */
  onQueued?: (update: RawUpdate) => void;
}

/** Creates the user side; all actions share one queue so their order is kept. */
export function createUserActions(deps: UserDeps): UserActions {
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn);
    chain = run.catch(() => undefined);
    return run;
  };
  return {
    sendPhoto: (u, image, opts = {}) =>
      serial(async () => {
        const photo = await storePhoto(deps.store, image);
        return queueMessage<Message.PhotoMessage>(deps, u, { photo, ...captionOf(opts.caption) });
      }),
    sendDocument: (u, data, opts) =>
      serial(async () => {
        const file = await storeDocument(deps.store, data, opts.fileName, opts.mimeType);
        const content = { document: toDocument(file), ...captionOf(opts.caption) };
        return queueMessage<Message.DocumentMessage>(deps, u, content);
      }),
    sendVideo: (u, data, opts = {}) =>
      serial(async () => {
        const video = await storeVideo(deps.store, data, opts.fileName);
        return queueMessage<Message.VideoMessage>(deps, u, { video, ...captionOf(opts.caption) });
      }),
    sendAnimation: (u, data, opts = {}) =>
      serial(async () => {
        const content = await storeAnimation(deps.store, data, opts.fileName);
        return queueMessage<Message.AnimationMessage>(deps, u, {
          ...content,
          ...captionOf(opts.caption),
        });
      }),
    sendVideoNote: (u, data) =>
      serial(async () => {
        const videoNote = await storeVideoNote(deps.store, data);
        return queueMessage<Message.VideoNoteMessage>(deps, u, { video_note: videoNote });
      }),
    sendText: (u, text) =>
      serial(() => {
        const entities = commandEntities(text);
        const content = { text, ...(entities.length > 0 && { entities }) };
        return Promise.resolve(queueMessage<Message.TextMessage>(deps, u, content));
      }),
    sendSticker: (u, fileId) =>
      serial(() => {
        const file = deps.store.file(fileId.trim());
        if (file?.kind !== 'sticker') {
          throw new Error(`sendSticker: no sticker with file_id ${JSON.stringify(fileId)}`);
        }
        // A client sends the sticker it has; the bot gets it under a file_id of its own.
        const sticker = { ...toSticker(file), file_id: deps.store.aliasFile(file) };
        return Promise.resolve(queueMessage<Message.StickerMessage>(deps, u, { sticker }));
      }),
    editCaption: (u, message, caption) =>
      serial(() => Promise.resolve(queueCaptionEdit(deps, u, message, caption))),
    postUpdate: (update) =>
      serial(() => {
        postRaw(deps, update);
        return Promise.resolve();
      }),
    pressButton: (u, message, callbackData) =>
      serial(() => Promise.resolve(queueCallbackQuery(deps, u, message, callbackData))),
  };
}

/**
 * A callback_query as a client sends one for a press on a bot message's inline button:
 * the stored message (with its keyboard) and a registered query id the bot can answer.
 */
function queueCallbackQuery(
  deps: UserDeps,
  u: UserSpec,
  target: MessageRef,
  data: string,
): Update.CallbackQueryUpdate<CallbackQuery.DataQuery> {
  const message = deps.store.chat(target.chat.id)?.messages.get(target.message_id);
  if (!message?.from?.is_bot || !findCallbackButton(message, data)) {
    throw new Error(
      `pressButton: message ${target.message_id} in chat ${target.chat.id} has no inline button with callback_data ${JSON.stringify(data)}`,
    );
  }
  const from = userOf(u);
  const query = deps.callbackQueries.create({
    chatId: message.chat.id,
    messageId: message.message_id,
    userId: from.id,
    data,
  });
  const callbackQuery: CallbackQuery.DataQuery = {
    id: query.id,
    from,
    message,
    chat_instance: chatInstance(message.chat.id),
    data,
  };
  const update = { update_id: deps.store.nextUpdateId(), callback_query: callbackQuery };
  deps.queue.enqueue(update);
  deps.onQueued?.(update);
  return update;
}

/** Telegram's limit on a media caption, in characters. */
const MAX_CAPTION_LENGTH = 1024;

/**
 * The user edits the caption of a message of theirs that has one (a photo, a file, a
 * clip), as a Telegram client does: the stored message changes (edit_date set) and the
 * bot gets an `edited_message` with the whole message as it now is. Throws for what no
 * client could do: another's message, one without media, no change, a caption too long.
 */
function queueCaptionEdit(
  deps: UserDeps,
  u: UserSpec,
  target: MessageRef,
  caption: string,
): EditedUpdate {
  const state = deps.store.chat(target.chat.id);
  const old: Captioned | undefined = state?.messages.get(target.message_id);
  const refuse = (why: string) =>
    new Error(`editCaption: message ${target.message_id} in chat ${target.chat.id} ${why}`);
  if (!state || !old) throw refuse('does not exist');
  if (old.from?.id !== u.userId) throw refuse(`was not sent by user ${u.userId}`);
  if (old.text !== undefined || !MEDIA_KINDS.some((k) => k in old)) throw refuse('has no media');
  if ([...caption].length > MAX_CAPTION_LENGTH) throw refuse('would get too long a caption');
  if ((old.caption ?? '') === caption) throw refuse('is not modified');
  const { caption: _c, caption_entities: _e, ...rest } = old;
  const edited = {
    ...rest,
    ...captionOf(caption || undefined),
    edit_date: Math.floor(Date.now() / 1000),
  } as Message;
  deps.store.saveMessage(state, edited);
  const update = { update_id: deps.store.nextUpdateId(), edited_message: edited };
  deps.queue.enqueue(update);
  deps.onQueued?.(update);
  return update as unknown as EditedUpdate;
}

type Captioned = Message & { caption?: string; caption_entities?: unknown; text?: string };

/** Messages whose caption a user can edit. */
const MEDIA_KINDS = ['photo', 'document', 'video', 'animation', 'audio', 'voice'];

/** Telegram's chat_instance: an opaque signed 64-bit number, stable for a chat. */
function chatInstance(chatId: number): string {
  return createHash('sha256').update(`chat:${chatId}`).digest().readBigInt64BE().toString();
}

function queueMessage<M extends Message>(
  deps: UserDeps,
  u: UserSpec,
  content: Record<string, unknown>,
): MessageUpdate<M> {
  const from = userOf(u);
  const state = deps.store.ensureChat(chatOf(u, from));
  const status = state.chat.type === 'private' ? 'member' : (u.chatRole ?? 'member');
  state.members.set(from.id, { user: from, status });
  const message = {
    message_id: deps.store.nextMessageId(state),
    from,
    chat: state.chat,
    date: Math.floor(Date.now() / 1000),
    ...content,
  } as unknown as M;
  deps.store.saveMessage(state, message);
  const update = { update_id: deps.store.nextUpdateId(), message };
  deps.queue.enqueue(update);
  deps.onQueued?.(update);
  return update as unknown as MessageUpdate<M>;
}

function userOf(u: UserSpec): User {
  return {
    id: u.userId,
    is_bot: false,
    first_name: u.firstName ?? 'Test',
    ...(u.username !== undefined && { username: u.username }),
    language_code: u.languageCode ?? 'en',
  };
}

/** The private chat with the user, or a plain group when `chatId` differs from the user. */
function chatOf(u: UserSpec, from: User): ChatState['chat'] {
  const chatId = u.chatId ?? u.userId;
  if (chatId !== u.userId) return { id: chatId, title: 'Local test group', type: 'group' };
  return {
    id: chatId,
    first_name: from.first_name,
    ...(from.username !== undefined && { username: from.username }),
    type: 'private',
  };
}

function captionOf(caption: string | undefined): Record<string, unknown> {
  if (caption === undefined) return {};
  const entities = commandEntities(caption);
  return { caption, ...(entities.length > 0 && { caption_entities: entities }) };
}

/** A leading `/command` (optionally `@bot`) is a bot_command entity, as clients mark it. */
function commandEntities(text: string): MessageEntity[] {
  const match = /^\/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?/.exec(text);
  return match ? [{ offset: 0, length: match[0].length, type: 'bot_command' }] : [];
}

/** Queues a raw update, remembering its chat and message so the bot can answer it. */
function postRaw(deps: UserDeps, update: object): void {
  const raw = { ...update } as Partial<RawUpdate> & Record<string, unknown>;
  if (typeof raw.update_id === 'number') deps.store.noteUpdateId(raw.update_id);
  else raw.update_id = deps.store.nextUpdateId();
  for (const value of Object.values(raw)) {
    if (typeof value !== 'object' || value === null) continue;
    const { chat, message_id: messageId } = value as { chat?: Chat; message_id?: unknown };
    if (chat?.type !== 'private' && chat?.type !== 'group') continue;
    if (typeof chat.id !== 'number') continue;
    const state = deps.store.ensureChat(chat);
    if (typeof messageId === 'number') deps.store.saveMessage(state, value as Message);
  }
  deps.queue.enqueue(raw as RawUpdate);
  deps.onQueued?.(raw as RawUpdate);
}
