import type { CommandHandler } from '../deps';
import { say } from '../reply';

/** /start: the greeting, by the user's first name, and what to send. */
export const startCommand: CommandHandler = (ctx, { telegram }) =>
  say(telegram, ctx.message, 'start', { name: ctx.from.first_name });
