/**
 * The bot's command lists: setMyCommands, getMyCommands and deleteMyCommands
 * keyed by scope and language exactly as Telegram keys them, plus the lookup
 * a Telegram client does to pick the menu a user sees (most specific scope
 * first, the user's language before the list for all languages). Parsing and
 * texts follow telegram-bot-api (Client.cpp) and TDLib (BotCommand.cpp).
 */
import type { BotCommand, BotCommandScope } from 'telegraf/types';
import { badRequest } from './errors.js';
import { readJson, readString, type Params } from './params.js';
import type { MethodHandlers } from './send-methods.js';
import type { Store } from './store.js';
import type { UserSpec } from './types.js';

const MAX_COMMANDS = 100;
const MAX_COMMAND_LENGTH = 32;
const MAX_DESCRIPTION_LENGTH = 256;
const COMMAND_SHAPE = /^[a-z0-9_]+$/;
const SIMPLE_SCOPES = new Set(['default', 'all_private_chats', 'all_group_chats']);

/** Command lists by scope and language ('' = for all languages). */
export class BotCommands {
  private readonly lists = new Map<string, BotCommand[]>();

  /** Sets a list; an empty one removes it, as on Telegram. */
  set(scope: BotCommandScope, languageCode: string, commands: BotCommand[]): void {
    const key = keyOf(scope, languageCode);
    if (commands.length === 0) this.lists.delete(key);
    else
      this.lists.set(
        key,
        commands.map((c) => ({ ...c })),
      );
  }

  /** Exactly the list for this scope and language, like getMyCommands: no fallback. */
  get(scope: BotCommandScope = { type: 'default' }, languageCode = ''): BotCommand[] {
    return (this.lists.get(keyOf(scope, languageCode)) ?? []).map((c) => ({ ...c }));
  }

  /**
   * The menu a user's client shows in a chat: chat member, chat, all private or all
   * group chats, then default; within each, the user's language before the list for
   * all languages. Administrators' scopes never apply: emulated users are not admins.
   */
  shownTo(user: UserSpec): BotCommand[] {
    const chatId = user.chatId ?? user.userId;
    const language = (user.languageCode ?? 'en').slice(0, 2).toLowerCase();
    const scopes: BotCommandScope[] =
      chatId === user.userId
        ? [{ type: 'chat', chat_id: chatId }, { type: 'all_private_chats' }]
        : [
            { type: 'chat_member', chat_id: chatId, user_id: user.userId },
            { type: 'chat', chat_id: chatId },
            { type: 'all_group_chats' },
          ];
    scopes.push({ type: 'default' });
    for (const scope of scopes) {
      const list = this.lists.get(keyOf(scope, language)) ?? this.lists.get(keyOf(scope, ''));
      if (list) return list.map((c) => ({ ...c }));
    }
    return [];
  }
}

/** The three methods, keyed by their canonical names. */
export function createCommandHandlers(deps: {
  store: Store;
  commands: BotCommands;
}): MethodHandlers {
  const { store, commands } = deps;
  const target = (params: Params) => {
    const scope = readScope(params, store);
    return { scope, languageCode: readLanguage(params) };
  };
  return {
    setMyCommands: ({ params }) => {
      const list = readCommands(params);
      const { scope, languageCode } = target(params);
      commands.set(scope, languageCode, validateCommands(list));
      return Promise.resolve({ result: true });
    },
    getMyCommands: ({ params }) => {
      const { scope, languageCode } = target(params);
      return Promise.resolve({ result: commands.get(scope, languageCode) });
    },
    deleteMyCommands: ({ params }) => {
      const { scope, languageCode } = target(params);
      commands.set(scope, languageCode, []);
      return Promise.resolve({ result: true });
    },
  };
}

function keyOf(scope: BotCommandScope, languageCode: string): string {
  const parts: (string | number)[] = [scope.type];
  if ('chat_id' in scope) parts.push(scope.chat_id);
  if ('user_id' in scope) parts.push(scope.user_id);
  return `${parts.join(':')}|${languageCode}`;
}

/** `commands`: parsed, with each BotCommand's fields required (Client.cpp get_bot_commands). */
function readCommands(params: Params): { command: string; description: string }[] {
  const value = readJson(params, 'commands', 'commands');
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badRequest('expected an Array of BotCommand');
  return value.map((item: unknown) => {
    const fail = (reason: string) => badRequest(`can't parse BotCommand: ${reason}`);
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw fail('expected an Object');
    }
    const object = item as Params;
    const field = (name: string): string => {
      const v = object[name];
      if (v === undefined || v === null) throw fail(`Can't find field "${name}"`);
      if (typeof v !== 'string' && typeof v !== 'number') {
        throw fail(`Field "${name}" must be of type String`);
      }
      return String(v);
    };
    return { command: field('command'), description: field('description') };
  });
}

/** TDLib trims and checks lengths; Telegram's server then refuses bad names and long lists. */
function validateCommands(list: { command: string; description: string }[]): BotCommand[] {
  const checked = list.map(({ command, description }) => {
    let name = command.trim();
    if (name.startsWith('/')) name = name.slice(1);
    const text = description.trim();
    if (name === '') throw badRequest('command must be non-empty');
    if ([...name].length > MAX_COMMAND_LENGTH) {
      throw badRequest(`command length must not exceed ${MAX_COMMAND_LENGTH}`);
    }
    if (text === '') throw badRequest('command description must be non-empty');
    if ([...text].length > MAX_DESCRIPTION_LENGTH) {
      throw badRequest(`command description length must not exceed ${MAX_DESCRIPTION_LENGTH}`);
    }
    return { command: name, description: text };
  });
  if (checked.some((c) => !COMMAND_SHAPE.test(c.command))) throw badRequest('BOT_COMMAND_INVALID');
  if (checked.length > MAX_COMMANDS) throw badRequest('BOT_COMMANDS_TOO_MUCH');
  return checked;
}

/** `scope` (default: {type:'default'}); chats must be known, as Telegram resolves them. */
function readScope(params: Params, store: Store): BotCommandScope {
  const value = readJson(params, 'scope', 'BotCommandScope');
  if (value === undefined) return { type: 'default' };
  const fail = (reason: string) => badRequest(`can't parse BotCommandScope: ${reason}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fail('BotCommandScope must be an Object');
  }
  const object = value as Params;
  if (object.type === undefined) throw fail('Can\'t find field "type"');
  const type = readString(object, 'type') ?? '';
  if (SIMPLE_SCOPES.has(type) || type === 'all_chat_administrators') {
    return { type } as BotCommandScope;
  }
  if (type !== 'chat' && type !== 'chat_administrators' && type !== 'chat_member') {
    throw fail('Unsupported type specified');
  }
  if (object.chat_id === undefined) throw fail('Can\'t find field "chat_id"');
  const chatId = readString(object, 'chat_id');
  if (chatId === undefined) throw fail('Empty chat_id specified');
  const chat = store.chat(Number(chatId));
  if (!chat) throw badRequest('chat not found');
  if (type !== 'chat_member') return { type, chat_id: chat.chat.id };
  if (object.user_id === undefined) throw fail('Can\'t find field "user_id"');
  const userId = Number(object.user_id);
  if (!Number.isSafeInteger(userId) || userId <= 0) throw fail('Invalid user_id specified');
  return { type, chat_id: chat.chat.id, user_id: userId };
}

/** '' or two lower-case letters, as TDLib's validate_bot_language_code. */
function readLanguage(params: Params): string {
  const code = readString(params, 'language_code') ?? '';
  if (code !== '' && !/^[a-z]{2}$/.test(code)) throw badRequest('invalid language code specified');
  return code;
}
