import { renderMessage } from '../../../shared/messages';
import type { CommandHandler } from '../deps';
import { replyWith } from '../reply';

/** /start: the greeting, by the user's first name, and what to send (photos, then clips). */
export const startCommand: CommandHandler = (ctx, { telegram }) => {
  const lang = ctx.from.language_code;
  const text = `${renderMessage('start', lang, { name: ctx.from.first_name })} ${renderMessage('start_clips', lang)}`;
  return replyWith(telegram, ctx.message, text);
};
