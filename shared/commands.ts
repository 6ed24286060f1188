import type { Telegram } from 'telegraf';
import type { BotCommand } from 'telegraf/types';
import { LANGUAGES, renderMessage, type MessageKey } from './messages';

/** The bot's commands, in menu order; the webhook routes each of them. */
export const COMMANDS = ['start', 'help', 'outline', 'pack', 'undo', 'forget'] as const;

export type Command = (typeof COMMANDS)[number];

/** The catalogue key of a command's menu description: a type error when one is missing. */
function descriptionKey(command: Command): MessageKey {
  return `cmd_${command}`;
}

/** The command menu in one language (descriptions from the message catalogues). */
export function botCommands(languageCode: string): BotCommand[] {
  return COMMANDS.map((command) => ({
    command,
    description: renderMessage(descriptionKey(command), languageCode),
  }));
}

/**
 * What `setMyCommands` is called with, at deploy and at local start: English as the
 * default list (for any language without its own), then one list per catalogue language.
 */
export function commandRegistrations(): { commands: BotCommand[]; language_code?: string }[] {
  return [
    { commands: botCommands('en') },
    ...LANGUAGES.filter((l) => l !== 'en').map((l) => ({
      commands: botCommands(l),
      language_code: l,
    })),
  ];
}

/** Registers every list through a Bot API client (the local stack; deploy uses fetch). */
export async function registerCommands(telegram: Pick<Telegram, 'setMyCommands'>): Promise<void> {
  for (const r of commandRegistrations()) {
    await telegram.setMyCommands(
      r.commands,
      r.language_code ? { language_code: r.language_code } : {},
    );
  }
}
