/**
 * The Bot API methods the sticker bot uses, behind one case-insensitive
 * lookup (Telegram ignores method-name case). Sending methods live in
 * send-methods.ts, keyboard edits in message-edits.ts, reactions in
 * reactions.ts, sticker sets in sticker-methods.ts (making them),
 * sticker-edits.ts and sticker-set-edits.ts (changing them), commands in
 * bot-commands.ts; this file has identity, webhook, polling and files.
 */
import type { ChatMember, User } from 'telegraf/types';
import { MAX_DOWNLOAD_BYTES, MAX_SECRET_TOKEN_LENGTH } from '../../shared/limits.js';
import { createCommandHandlers, type BotCommands } from './bot-commands.js';
import { createCallbackHandlers, type CallbackQueries } from './callback-queries.js';
import { BotApiError, badRequest } from './errors.js';
import {
  readAllowedUpdates,
  readBool,
  readChatId,
  readInt,
  readString,
  type Params,
} from './params.js';
import type { ApiRequest } from './request-body.js';
import { createEditHandlers } from './message-edits.js';
import { createReactionHandlers, type MessageReactions } from './reactions.js';
import { createSendHandlers, type Outcome, type SendDeps } from './send-methods.js';
import { createStickerEditHandlers } from './sticker-edits.js';
import { createStickerHandlers } from './sticker-methods.js';
import { createStickerSetEditHandlers } from './sticker-set-edits.js';
import type { StickerSets } from './sticker-sets.js';
import type { Store } from './store.js';
import type { RecordedEdit, RecordedReaction } from './types.js';
import type { UpdateQueue } from './updates.js';

const SECRET_TOKEN = /^[A-Za-z0-9_-]+$/;

/** One Bot API method: its canonical name and what it does. */
export interface Method {
  name: string;
  run: (req: ApiRequest) => Promise<Outcome>;
}

/** Everything the methods act on. */
export interface BotApiDeps extends SendDeps {
  queue: UpdateQueue;
  callbackQueries: CallbackQueries;
  stickerSets: StickerSets;
  commands: BotCommands;
  reactions: MessageReactions;
  onReaction: (reaction: RecordedReaction) => void;
  onEdited: (edit: RecordedEdit) => void;
  isClosed: () => boolean;
}

/** Builds the method table; resolve a name with {@link findMethod}. */
export function createMethods(deps: BotApiDeps): Map<string, Method> {
  const { store, queue, bot } = deps;
  const handlers: Record<string, (req: ApiRequest) => Promise<Outcome> | Outcome> = {
    getMe: () => ({ result: describeBot(bot) }),

    setWebhook: ({ params }) => {
      const url = readString(params, 'url') ?? '';
      const drop = readBool(params, 'drop_pending_updates');
      if (url === '') return deleteWebhook(queue, drop);
      if (!isWebhookUrl(url))
        throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
      const secretToken = readString(params, 'secret_token');
      if (secretToken !== undefined && secretToken.length > MAX_SECRET_TOKEN_LENGTH) {
        throw badRequest('secret token is too long');
      }
      if (secretToken !== undefined && !SECRET_TOKEN.test(secretToken)) {
        throw badRequest('secret token contains unallowed characters');
      }
      const maxConnections = Math.min(Math.max(readInt(params, 'max_connections') ?? 40, 1), 100);
      const changed = queue.setWebhook(
        { url, maxConnections, ...(secretToken !== undefined && { secretToken }) },
        readAllowedUpdates(params),
        drop,
      );
      return { result: true, description: changed ? 'Webhook was set' : 'Webhook is already set' };
    },

    deleteWebhook: ({ params }) => deleteWebhook(queue, readBool(params, 'drop_pending_updates')),

    getWebhookInfo: () => ({ result: queue.info() }),

    getUpdates: async ({ params }) => {
      if (queue.hasWebhook()) {
        throw new BotApiError(
          409,
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        );
      }
      const offset = readInt(params, 'offset') ?? 0;
      const limit = Math.min(Math.max(readInt(params, 'limit') ?? 100, 1), 100);
      const deadline = Date.now() + Math.max(readInt(params, 'timeout') ?? 0, 0) * 1000;
      const allowed = readAllowedUpdates(params);
      let updates = queue.takeUpdates(offset, limit, allowed);
      while (updates.length === 0 && Date.now() < deadline && !deps.isClosed()) {
        await queue.waitForChange(deadline - Date.now());
        if (queue.hasWebhook()) break;
        updates = queue.takeUpdates(offset, limit, undefined);
      }
      return { result: updates };
    },

    getFile: ({ params }) => {
      const fileId = readString(params, 'file_id');
      if (fileId === undefined) throw badRequest('invalid file_id');
      const file = store.file(fileId);
      if (!file) {
        throw badRequest(
          /^[A-Za-z0-9_-]{20,}$/.test(fileId)
            ? 'wrong file_id or the file is temporarily unavailable'
            : 'invalid file_id',
        );
      }
      if (file.data.length > MAX_DOWNLOAD_BYTES) throw badRequest('file is too big');
      return {
        result: {
          file_id: file.fileId,
          file_unique_id: file.fileUniqueId,
          file_size: file.data.length,
          file_path: file.filePath,
        },
      };
    },

    getChatMember: ({ params }) => ({ result: chatMember(store, params) }),

    ...createSendHandlers(deps),
    ...createEditHandlers(deps),
    ...createReactionHandlers(deps),
    ...createCallbackHandlers(deps.callbackQueries),
    ...createStickerHandlers(deps),
    ...createStickerEditHandlers(deps),
    ...createStickerSetEditHandlers(deps),
    ...createCommandHandlers(deps),
  };
  return new Map(
    Object.entries(handlers).map(([name, handler]) => [
      name.toLowerCase(),
      { name, run: async (req: ApiRequest) => handler(req) },
    ]),
  );
}

/**
 * getChatMember as Telegram answers it for the users the emulator knows: an unknown
 * chat, a malformed user_id and a user who never wrote in the chat are 400s; a member's
 * ChatMember has their status (an administrator with the rights of a plain admin).
 */
function chatMember(store: Store, params: Params): ChatMember {
  const chat = store.chat(readChatId(params));
  if (!chat) throw badRequest('chat not found');
  const userId = readInt(params, 'user_id');
  if (userId === undefined || userId <= 0) throw badRequest('invalid user_id specified');
  const member = chat.members.get(userId);
  if (!member) throw badRequest('member not found');
  const { user, status } = member;
  if (status === 'creator') return { status, user, is_anonymous: false };
  if (status === 'member') return { status, user };
  return {
    status,
    user,
    can_be_edited: false,
    is_anonymous: false,
    can_manage_chat: true,
    can_delete_messages: true,
    can_manage_video_chats: true,
    can_restrict_members: true,
    can_promote_members: false,
    can_change_info: true,
    can_invite_users: true,
    can_post_stories: false,
    can_edit_stories: false,
    can_delete_stories: false,
  };
}

/** Looks a method up the way Telegram does: case-insensitively. */
export function findMethod(methods: Map<string, Method>, name: string): Method | undefined {
  return methods.get(name.toLowerCase());
}

function deleteWebhook(queue: UpdateQueue, drop: boolean): Outcome {
  const had = queue.deleteWebhook(drop);
  return { result: true, description: had ? 'Webhook was deleted' : 'Webhook is already deleted' };
}

/**
 * http is accepted as well as https, unlike Telegram: the receivers are local
 * Functions Framework processes without certificates.
 */
function isWebhookUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return (protocol === 'https:' || protocol === 'http:') && hostname !== '';
  } catch {
    return false;
  }
}

function describeBot(bot: User): Record<string, unknown> {
  return {
    ...bot,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  };
}
