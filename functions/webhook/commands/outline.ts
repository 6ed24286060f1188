import type { Chat, User } from 'telegraf/types';
import { PermanentError } from '../../../shared/errors';
import { callTelegram } from '../../../shared/telegram';
import type { CommandHandler, FeatureDeps } from '../deps';
import { say } from '../reply';

/** The user Telegram shows for a group's anonymous administrators (@GroupAnonymousBot). */
const GROUP_ANONYMOUS_BOT = 1087968824;

/**
 * `/outline on|off` sets the chat's white outline; a bare `/outline` flips it. In a group
 * the setting is the group's: only its administrators may change it (getChatMember),
 * anyone else is told so.
 */
export const outlineCommand: CommandHandler = async (ctx, { telegram, state }) => {
  if (!(await maySetGroupSettings(telegram, ctx.chat, ctx.from, ctx.message.sender_chat))) {
    return say(telegram, ctx.message, 'outline_admins_only');
  }
  const arg = ctx.payload.trim().toLowerCase();
  const wanted = arg === 'on' ? true : arg === 'off' ? false : undefined;
  const outline = await state.setOutline(ctx.chat.id, wanted);
  return say(telegram, ctx.message, outline ? 'outline_on' : 'outline_off');
};

/**
 * True in a private chat; in a group, for its creator and administrators, including an
 * administrator writing anonymously (as the group itself, which only admins can do).
 */
async function maySetGroupSettings(
  telegram: FeatureDeps['telegram'],
  chat: Chat,
  from: User,
  senderChat: Chat | undefined,
): Promise<boolean> {
  if (chat.type === 'private') return true;
  if (from.id === GROUP_ANONYMOUS_BOT && senderChat?.id === chat.id) return true;
  if (chat.type === 'channel') return false;
  // A member Telegram does not know (400 "member not found") is no administrator.
  const member = await callTelegram('getChatMember', () =>
    telegram.getChatMember(chat.id, from.id),
  ).catch((err: unknown) => {
    if (err instanceof PermanentError) return undefined;
    throw err;
  });
  return member?.status === 'creator' || member?.status === 'administrator';
}
