/**
 * Command lists through the real telegraf client: stored per scope and
 * language, read back exactly, and resolved to the menu each user's client
 * shows (chat scope, then all private or group chats, then default; the
 * user's language before the list for all languages).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Telegram } from 'telegraf';
import type { BotCommand } from 'telegraf/types';
import { refusal } from '../../shared/testing.js';
import { startTelegramEmulator, type TelegramEmulator } from './server.js';

const list = (...names: string[]): BotCommand[] =>
  names.map((command) => ({ command, description: `${command} it` }));

void describe('telegram emulator: bot commands', () => {
  let emulator: TelegramEmulator;
  let telegram: Telegram;
  const spanish = { userId: 301, languageCode: 'es-ES' };
  const german = { userId: 302, languageCode: 'de' };
  const special = { userId: 303, languageCode: 'es' };
  const inGroup = { userId: 304, chatId: -4001, languageCode: 'es' };

  before(async () => {
    emulator = await startTelegramEmulator();
    telegram = new Telegram(emulator.token, { apiRoot: emulator.apiRoot });
    for (const u of [spanish, german, special, inGroup]) await emulator.sendText(u, 'hola');
  });

  after(() => emulator.close());

  void it('stores lists per scope and language and shows each user the one their client would', async () => {
    await telegram.setMyCommands(list('start', 'help'));
    await telegram.setMyCommands(list('empezar', 'ayuda'), { language_code: 'es' });
    await telegram.setMyCommands(list('private'), {
      scope: { type: 'all_private_chats' },
      language_code: 'de',
    });
    await telegram.setMyCommands(list('vip'), { scope: { type: 'chat', chat_id: special.userId } });
    await telegram.setMyCommands(list('grupo'), {
      scope: { type: 'all_group_chats' },
      language_code: 'es',
    });

    const exact: [Parameters<Telegram['getMyCommands']>[0], string[]][] = [
      [undefined, ['start', 'help']],
      [{ language_code: 'es' }, ['empezar', 'ayuda']],
      [{ language_code: 'fr' }, []],
      [{ scope: { type: 'all_private_chats' } }, []],
      [{ scope: { type: 'all_private_chats' }, language_code: 'de' }, ['private']],
      [{ scope: { type: 'chat', chat_id: special.userId } }, ['vip']],
    ];
    for (const [extra, names] of exact) {
      const got = await telegram.getMyCommands(extra);
      assert.deepEqual(
        got.map((c) => c.command),
        names,
        JSON.stringify(extra),
      );
    }
    assert.deepEqual(emulator.commands({ languageCode: 'es' }), list('empezar', 'ayuda'));

    const shown: [string, object, string[]][] = [
      ['a Spanish user sees Spanish commands', spanish, ['empezar', 'ayuda']],
      ['German private chats have their own list', german, ['private']],
      ['a chat scope beats every language list', special, ['vip']],
      ['a group member sees the group list', inGroup, ['grupo']],
      [
        'an English user falls back to the default',
        { userId: 305, languageCode: 'en' },
        ['start', 'help'],
      ],
    ];
    for (const [what, user, names] of shown) {
      const view = emulator.commandsShownTo(user as typeof spanish);
      assert.deepEqual(
        view.map((c) => c.command),
        names,
        what,
      );
    }

    await telegram.deleteMyCommands({ language_code: 'es' });
    assert.deepEqual(await telegram.getMyCommands({ language_code: 'es' }), []);
    assert.deepEqual(
      emulator.commandsShownTo(spanish).map((c) => c.command),
      ['start', 'help'],
    );
    await telegram.setMyCommands([], { scope: { type: 'chat', chat_id: special.userId } });
    assert.deepEqual(
      emulator.commandsShownTo(special).map((c) => c.command),
      ['start', 'help'],
      'an empty list removes the scope',
    );
  });

  void it('trims commands like TDLib and refuses with Telegram’s texts', async () => {
    await telegram.setMyCommands([{ command: ' /sticker ', description: ' Make one ' }]);
    assert.deepEqual(await telegram.getMyCommands(), [
      { command: 'sticker', description: 'Make one' },
    ]);
    const cases: [string, () => Promise<unknown>, string][] = [
      ['upper case', () => telegram.setMyCommands(list('Start')), 'BOT_COMMAND_INVALID'],
      ['a dash', () => telegram.setMyCommands(list('sti-cker')), 'BOT_COMMAND_INVALID'],
      [
        '33 characters',
        () => telegram.setMyCommands(list('a'.repeat(33))),
        'command length must not exceed 32',
      ],
      [
        'just a slash',
        () => telegram.setMyCommands([{ command: '/', description: 'x' }]),
        'command must be non-empty',
      ],
      [
        'blank description',
        () => telegram.setMyCommands([{ command: 'a', description: ' ' }]),
        'command description must be non-empty',
      ],
      [
        '257 characters',
        () => telegram.setMyCommands([{ command: 'a', description: 'd'.repeat(257) }]),
        'command description length must not exceed 256',
      ],
      [
        '101 commands',
        () =>
          telegram.setMyCommands(
            Array.from({ length: 101 }, (_, i) => ({ command: `c${i}`, description: 'x' })),
          ),
        'BOT_COMMANDS_TOO_MUCH',
      ],
      [
        'no description',
        () => telegram.setMyCommands([{ command: 'a' } as BotCommand]),
        'can\'t parse BotCommand: Can\'t find field "description"',
      ],
      [
        'not an array',
        () => telegram.callApi('setMyCommands', { commands: { command: 'a' } as never }),
        'expected an Array of BotCommand',
      ],
      [
        'three-letter language',
        () => telegram.getMyCommands({ language_code: 'esp' }),
        'invalid language code specified',
      ],
      [
        'unknown scope',
        () => telegram.getMyCommands({ scope: { type: 'everyone' } as never }),
        "can't parse BotCommandScope: Unsupported type specified",
      ],
      [
        'unknown chat',
        () => telegram.getMyCommands({ scope: { type: 'chat', chat_id: 42 } }),
        'chat not found',
      ],
      [
        'member without user',
        () =>
          telegram.deleteMyCommands({ scope: { type: 'chat_member', chat_id: -4001 } as never }),
        'can\'t parse BotCommandScope: Can\'t find field "user_id"',
      ],
    ];
    for (const [what, call, text] of cases) {
      assert.equal(await refusal(call()), `Bad Request: ${text}`, what);
    }
    assert.deepEqual(emulator.commands(), [{ command: 'sticker', description: 'Make one' }]);
  });
});
