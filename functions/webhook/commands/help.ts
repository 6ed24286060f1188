import { MAX_INPUT_PIXELS } from '../../../shared/limits';
import type { CommandHandler } from '../deps';
import { say } from '../reply';

/** /help: how to use the bot, with the limits it enforces. */
export const helpCommand: CommandHandler = (ctx, { telegram, config }) =>
  say(telegram, ctx.message, 'help', {
    megapixels: MAX_INPUT_PIXELS / 1e6,
    limit: config.fairUse.limit,
  });
