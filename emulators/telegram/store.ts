/**
 * In-memory state of the emulated Telegram: files with their ids and paths,
 * chats the bot may write to, and every message in them (needed to resolve
 * replies and to number messages per chat the way Telegram does).
 */
import { randomBytes } from 'node:crypto';
import type { Chat, Message, PhotoSize, User } from 'telegraf/types';
import { extensionFor } from './media.js';

/** What a file was sent as; Telegram refuses to reuse a file_id as another kind. */
export type FileKind = 'photo' | 'document' | 'sticker' | 'video' | 'animation' | 'video_note';

/** A stored file: identity, bytes, and the facts the Bot API reports about it. */
export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  kind: FileKind;
  data: Buffer;
  mimeType: string;
  filePath: string;
  fileName?: string;
  width?: number;
  height?: number;
  /** For photos: the whole size ladder this file belongs to, so a file_id resend keeps it. */
  photo?: PhotoSize[];
  /** For stickers in a set: the set's name, reported as `set_name` wherever the sticker appears. */
  setName?: string;
  /** For stickers in a set: the first emoji of its list, reported as `emoji`. */
  emoji?: string;
  /** For videos, animations and round videos: whole seconds, as Telegram reports them. */
  duration?: number;
}

/** A chat the bot knows, with its messages by id. */
export interface ChatState {
  chat: Chat.PrivateChat | Chat.GroupChat;
  messages: Map<number, Message>;
  lastMessageId: number;
  /** users who wrote in the chat, with their place in it (getChatMember) */
  members: Map<number, { user: User; status: 'creator' | 'administrator' | 'member' }>;
}

/** Prefixes of real file_ids by kind, so ids look familiar in logs. */
const FILE_ID_PREFIX: Record<FileKind, string> = {
  photo: 'AgAC',
  document: 'BQAC',
  sticker: 'CAAC',
  video: 'BAAC',
  animation: 'CgAC',
  video_note: 'DQAC',
};
const FOLDER: Record<FileKind, string> = {
  photo: 'photos',
  document: 'documents',
  sticker: 'stickers',
  video: 'videos',
  animation: 'animations',
  video_note: 'video_notes',
};

/** Holds everything the emulator remembers; one instance per emulator. */
export class Store {
  private readonly files = new Map<string, StoredFile>();
  private readonly paths = new Map<string, StoredFile>();
  private readonly chats = new Map<number, ChatState>();
  private fileCount = 0;
  private lastUpdateId = 0;

  constructor(firstUpdateId: number) {
    this.lastUpdateId = firstUpdateId - 1;
  }

  /** Stores bytes under a fresh file_id, file_unique_id and file_path. */
  addFile(input: Omit<StoredFile, 'fileId' | 'fileUniqueId' | 'filePath'>): StoredFile {
    this.fileCount += 1;
    const ext = input.kind === 'photo' ? 'jpg' : extensionFor(input.mimeType, input.fileName);
    const file: StoredFile = {
      ...input,
      fileId: `${FILE_ID_PREFIX[input.kind]}${randomBytes(30).toString('base64url')}`,
      fileUniqueId: `AQAD${randomBytes(9).toString('base64url')}`,
      filePath: `${FOLDER[input.kind]}/file_${this.fileCount}.${ext}`,
    };
    this.files.set(file.fileId, file);
    this.paths.set(file.filePath, file);
    return file;
  }

  /**
   * Another file_id for a stored file, as Telegram hands out when the same file reaches a bot
   * again in a new message: same file and file_unique_id, a different file_id string.
   */
  aliasFile(file: StoredFile): string {
    let alias: string;
    do alias = `${FILE_ID_PREFIX[file.kind]}${randomBytes(30).toString('base64url')}`;
    while (this.files.has(alias));
    this.files.set(alias, file);
    return alias;
  }

  /** The file behind any of its file_ids. */
  file(fileId: string): StoredFile | undefined {
    return this.files.get(fileId);
  }

  fileByPath(filePath: string): StoredFile | undefined {
    return this.paths.get(filePath);
  }

  /** Registers a chat the first time a user writes in it; later calls return the same state. */
  ensureChat(chat: ChatState['chat']): ChatState {
    const known = this.chats.get(chat.id);
    if (known) return known;
    const state: ChatState = { chat, messages: new Map(), lastMessageId: 0, members: new Map() };
    this.chats.set(chat.id, state);
    return state;
  }

  chat(chatId: number): ChatState | undefined {
    return this.chats.get(chatId);
  }

  /** Next message_id in a chat; user and bot messages share one sequence, as in Telegram. */
  nextMessageId(state: ChatState): number {
    state.lastMessageId += 1;
    return state.lastMessageId;
  }

  /** Remembers a message so later replies to it can be resolved. */
  saveMessage(state: ChatState, message: Message): void {
    state.messages.set(message.message_id, message);
    state.lastMessageId = Math.max(state.lastMessageId, message.message_id);
  }

  /** Update ids are global and increase by one. */
  nextUpdateId(): number {
    this.lastUpdateId += 1;
    return this.lastUpdateId;
  }

  /** Keeps the sequence ahead of update ids that came in with raw updates. */
  noteUpdateId(updateId: number): void {
    this.lastUpdateId = Math.max(this.lastUpdateId, updateId);
  }
}
