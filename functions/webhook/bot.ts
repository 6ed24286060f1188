import { Composer, Telegraf, type Context } from 'telegraf';
import type { Command } from '../../shared/commands';
import { callTelegram } from '../../shared/telegram';
import { addToPackButton } from './buttons/add-to-pack';
import { inPackButton, keepInPackButton, removeFromPackButton } from './buttons/in-pack';
import { forgetCommand } from './commands/forget';
import { helpCommand } from './commands/help';
import { outlineCommand } from './commands/outline';
import { packCommand } from './commands/pack';
import { startCommand } from './commands/start';
import { undoCommand } from './commands/undo';
import type { Button, CommandHandler, FeatureDeps } from './deps';
import { ingestFeature } from './ingest';
import { captionEditFeature } from './manage/caption-edit';
import { OWN_STICKER_BUTTONS, ownStickerFeature } from './manage/own-sticker';
import { packButton } from './manage/pack-buttons';
import { pendingInputFeature } from './manage/pending-input';

/**
 * Every command of the menu (shared/commands.ts COMMANDS) and its module: a command in
 * the menu without a handler here is a type error. A new command is one module in
 * ./commands and one line here.
 */
const COMMANDS: Record<Command, CommandHandler> = {
  start: startCommand,
  help: helpCommand,
  outline: outlineCommand,
  pack: packCommand,
  undo: undoCommand,
  forget: forgetCommand,
};

/** The inline buttons the bot answers; a new button is one module in ./buttons and one entry. */
const BUTTONS: readonly Button[] = [
  addToPackButton,
  inPackButton,
  keepInPackButton,
  removeFromPackButton,
  packButton,
  ...OWN_STICKER_BUTTONS,
];

/**
 * The bot, composed as telegraf and grammY build one from feature modules, in the order
 * they are tried: the commands, then answers to a question the bot asked (new emoji, a
 * pack's new title), stickers of the user's own packs, then photos and image files (any
 * other message gets a short answer), then the buttons, then a photo's edited caption
 * (new keywords for its sticker in the user's pack). Other update kinds (channel posts,
 * ...) pass through untouched and are acknowledged. Errors propagate to the HTTP wrapper, which
 * decides what Telegram must do.
 */
export function createBot(deps: FeatureDeps): Telegraf {
  const bot = new Telegraf(deps.config.botToken);
  bot.catch((err) => {
    throw err;
  });
  bot.use(
    commandsFeature(deps),
    pendingInputFeature(deps),
    ownStickerFeature(deps),
    ingestFeature(deps),
    buttonsFeature(deps),
    captionEditFeature(deps),
  );
  return bot;
}

function commandsFeature(deps: FeatureDeps): Composer<Context> {
  const composer = new Composer<Context>();
  for (const [command, handle] of Object.entries(COMMANDS)) {
    composer.command(command, (ctx) => handle(ctx, deps));
  }
  return composer;
}

function buttonsFeature(deps: FeatureDeps): Composer<Context> {
  const composer = new Composer<Context>();
  for (const button of BUTTONS) composer.action(button.data, (ctx) => button.press(ctx, deps));
  // A button this version does not know (an old message): stop the client's spinner.
  composer.on('callback_query', (ctx) =>
    callTelegram('answerCallbackQuery', () => deps.telegram.answerCbQuery(ctx.callbackQuery.id)),
  );
  return composer;
}

/**
 * Gives the bot its own identity (getMe) before the first update, once per instance;
 * telegraf needs it to match `/command@bot` and the pack flow to name sets. A failed
 * getMe is asked again with the next update.
 */
export function botInfoLoader(
  bot: Telegraf,
  telegram: FeatureDeps['telegram'],
): () => Promise<void> {
  let loading: Promise<void> | undefined;
  return () =>
    (loading ??= callTelegram('getMe', () => telegram.getMe()).then(
      (me) => {
        bot.botInfo = me;
      },
      (err: unknown) => {
        loading = undefined;
        throw err;
      },
    ));
}
