import { MAX_INPUT_PIXELS } from '../../../shared/limits';
import { renderMessage } from '../../../shared/messages';
import type { CommandHandler } from '../deps';
import { VIDEO_STICKER_SECONDS } from '../media';
import { replyWith } from '../reply';

/** /help: how to use the bot, with the limits it enforces, photos then clips. */
export const helpCommand: CommandHandler = (ctx, { telegram, config }) => {
  const lang = ctx.from.language_code;
  const photos = renderMessage('help', lang, {
    megapixels: MAX_INPUT_PIXELS / 1e6,
    limit: config.fairUse.limit,
  });
  const clips = renderMessage('help_clips', lang, { seconds: VIDEO_STICKER_SECONDS });
  return replyWith(telegram, ctx.message, `${photos}\n\n${clips}`);
};
