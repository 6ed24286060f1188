/**
 * setMessageReaction (Bot API 7.0): the bot's reaction on a message, checked as Telegram
 * checks it and kept per message so tests and the chat page can see it. Parsing and its
 * texts follow the Bot API server (Client.cpp `get_reaction_types`, `check_message`);
 * Telegram's own refusals are REACTION_INVALID for an emoji outside the allowed list
 * (seen by bot authors, e.g. letta-ai/lettabot#499 for "❤️" with U+FE0F) and
 * REACTIONS_TOO_MANY for more than one reaction, the most a non-Premium account (any bot)
 * may set on a message.
 */
import type { ReactionType, TelegramEmoji } from 'telegraf/types';
import { badRequest } from './errors.js';
import { readBool, readChatId, readInt, readJson, type Params } from './params.js';
import type { MethodHandlers } from './send-methods.js';
import type { Store } from './store.js';
import type { RecordedReaction } from './types.js';

/**
 * The emoji a reaction may use, exactly as the Bot API lists them for ReactionTypeEmoji
 * (same code points: "❤" without U+FE0F, "❤‍🔥" with a ZWJ).
 */
// prettier-ignore
export const REACTION_EMOJI = [
  '👍', '👎', '❤', '🔥', '🥰', '👏', '😁', '🤔', '🤯', '😱', '🤬', '😢', '🎉', '🤩', '🤮',
  '💩', '🙏', '👌', '🕊', '🤡', '🥱', '🥴', '😍', '🐳', '❤‍🔥', '🌚', '🌭', '💯', '🤣', '⚡',
  '🍌', '🏆', '💔', '🤨', '😐', '🍓', '🍾', '💋', '🖕', '😈', '😴', '😭', '🤓', '👻', '👨‍💻',
  '👀', '🎃', '🙈', '😇', '😨', '🤝', '✍', '🤗', '🫡', '🎅', '🎄', '☃', '💅', '🤪', '🗿',
  '🆒', '💘', '🙉', '🦄', '😘', '💊', '🙊', '😎', '👾', '🤷‍♂', '🤷', '🤷‍♀', '😡',
] as const satisfies readonly TelegramEmoji[];

/** Compile-time check that the list above misses none of telegraf's TelegramEmoji. */
type Missing = Exclude<TelegramEmoji, (typeof REACTION_EMOJI)[number]>;
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;

const ALLOWED = new Set<string>(REACTION_EMOJI);
/** A bot, like any non-Premium account, sets at most one reaction per message. */
const MAX_REACTIONS = 1;

/** The bot's current reaction on each message. */
export class MessageReactions {
  private readonly byMessage = new Map<string, ReactionType[]>();

  set(chatId: number, messageId: number, reaction: ReactionType[]): void {
    if (reaction.length === 0) this.byMessage.delete(`${chatId}:${messageId}`);
    else this.byMessage.set(`${chatId}:${messageId}`, reaction);
  }

  get(chatId: number, messageId: number): ReactionType[] {
    return this.byMessage.get(`${chatId}:${messageId}`) ?? [];
  }
}

/** What setMessageReaction acts on. */
export interface ReactionDeps {
  store: Store;
  reactions: MessageReactions;
  onReaction: (reaction: RecordedReaction) => void;
}

export function createReactionHandlers(deps: ReactionDeps): MethodHandlers {
  return {
    setMessageReaction: ({ params }) => {
      const reaction = readReactionTypes(params);
      const chatId = readChatId(params);
      const messageId = readInt(params, 'message_id') ?? 0;
      const state = deps.store.chat(chatId);
      if (!state) throw badRequest('chat not found');
      if (messageId <= 0 || !state.messages.has(messageId)) {
        throw badRequest('message to react not found');
      }
      if (reaction.length > MAX_REACTIONS) throw badRequest('REACTIONS_TOO_MANY');
      for (const r of reaction) {
        // No custom emoji exist locally, so every custom_emoji_id is unknown (assumed text).
        if (r.type !== 'emoji' || !ALLOWED.has(r.emoji)) throw badRequest('REACTION_INVALID');
      }
      deps.reactions.set(chatId, messageId, reaction);
      deps.onReaction({
        chatId,
        messageId,
        reaction,
        emoji: reaction.flatMap((r) => (r.type === 'emoji' ? [r.emoji] : [])),
        isBig: readBool(params, 'is_big'),
        at: Date.now(),
      });
      return Promise.resolve({ result: true });
    },
  };
}

/** `reaction` as Client.cpp reads it: absent or empty means "remove my reaction". */
function readReactionTypes(params: Params): ReactionType[] {
  if (params.reaction === undefined || params.reaction === '') return [];
  // A JSON null is refused as not an Array (readJson alone would read it as absent).
  const value = params.reaction === null ? null : readJson(params, 'reaction', 'reaction types');
  if (!Array.isArray(value)) throw badRequest('expected an Array of ReactionType');
  return value.map(readReactionType);
}

function readReactionType(value: unknown): ReactionType {
  const fail = (reason: string) => badRequest(`can't parse ReactionType: ${reason}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fail('expected an Object');
  }
  const o = value as Record<string, unknown>;
  if (o.type === undefined) throw fail('Can\'t find field "type"');
  if (o.type === 'emoji') {
    if (typeof o.emoji !== 'string') throw fail('Can\'t find field "emoji"');
    return { type: 'emoji', emoji: o.emoji as TelegramEmoji };
  }
  if (o.type === 'custom_emoji') {
    const id = o.custom_emoji_id;
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw fail('Can\'t find field "custom_emoji_id"');
    }
    return { type: 'custom_emoji', custom_emoji_id: String(id) };
  }
  throw fail('invalid reaction type specified');
}
