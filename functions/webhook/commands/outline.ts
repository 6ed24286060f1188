import type { CommandHandler } from '../deps';
import { say } from '../reply';

/** `/outline on|off` sets the chat's white outline; a bare `/outline` flips it. */
export const outlineCommand: CommandHandler = async (ctx, { telegram, state }) => {
  const arg = ctx.payload.trim().toLowerCase();
  const wanted = arg === 'on' ? true : arg === 'off' ? false : undefined;
  const outline = await state.setOutline(ctx.chat.id, wanted);
  return say(telegram, ctx.message, outline ? 'outline_on' : 'outline_off');
};
