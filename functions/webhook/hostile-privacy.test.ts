import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Update } from 'telegraf/types';
import { commandRegistrations } from '../../shared/commands';
import { renderMessage } from '../../shared/messages';
import { captureLogsInSuite, telegramError, withServer } from '../../shared/testing';
import type { BotApi } from './deps';
import { packName, packNameKey } from './packs';
import { TOKEN, chat, post, pressUpdate, setup, textUpdate, user } from './test-fixtures';

/**
 * Issue 13's privacy cases for the webhook, each with its defined outcome: pack names
 * that do not publish the user's Telegram id, /forget, and who may change a group's
 * settings.
 */
describe('pack names', () => {
  captureLogsInSuite();
  const key = packNameKey(TOKEN);
  const NAME_RULE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*_by_[a-z0-9_]+$/i;

  test('opaque: the user id appears nowhere in the name', () => {
    for (const id of [77, 123456789, 7_000_000_001]) {
      const name = packName(id, 1, 'test_bot', key);
      assert.match(name, /^s[a-z2-7]{16}_by_test_bot$/);
      assert.ok(!name.includes(String(id)), name);
    }
  });

  test('stable per user and bot token; different for another user or token', () => {
    assert.equal(packName(77, 1, 'test_bot', key), packName(77, 1, 'test_bot', packNameKey(TOKEN)));
    assert.notEqual(packName(77, 1, 'test_bot', key), packName(78, 1, 'test_bot', key));
    assert.notEqual(
      packName(77, 1, 'test_bot', key),
      packName(77, 1, 'test_bot', packNameKey('1:other')),
    );
    assert.match(packName(77, 2, 'test_bot', key), /^s[a-z2-7]{16}_2_by_test_bot$/);
  });

  test("within Telegram's rules for the longest bot username and a 999th pack", () => {
    const name = packName(Number.MAX_SAFE_INTEGER, 999, 'b'.repeat(28) + '_bot', key);
    assert.ok(name.length <= 64, `${name.length}`);
    assert.match(name, NAME_RULE);
  });

  test('the first press creates the opaque set, not u<id>_by_<bot>', async () => {
    const { calls, server } = setup();
    await withServer(server, async (url) => {
      assert.equal((await post(url, pressUpdate(1, 1))).status, 200);
      const create = calls.find((c) => c.method === 'createNewStickerSet');
      assert.equal(create?.args[1], packName(user.id, 1, 'test_bot', key));
      assert.ok(!String(create?.args[1]).includes(String(user.id)));
    });
  });

  test('a pack made before keeps its stored name and is extended', async () => {
    const { state, sets, calls, server } = setup();
    const old = `u${user.id}_by_test_bot`;
    sets.set(old, { owner: user.id, stickers: 3 });
    await state.finishPackAdd(user.id, 'earlier', old, [{ name: old, title: 'Ana', count: 3 }]);
    await withServer(server, async (url) => {
      assert.equal((await post(url, pressUpdate(2, 2))).status, 200);
      assert.ok(!calls.some((c) => c.method === 'createNewStickerSet'));
      assert.equal(sets.get(old)?.stickers, 4);
    });
  });
});

describe('/forget', () => {
  captureLogsInSuite();
  const texts = (calls: { method: string; args: unknown[] }[]) =>
    calls.filter((c) => c.method === 'sendMessage').map((c) => String(c.args[1]));

  test('deletes settings, pack records and the counter; lists the packs that remain', async () => {
    const { state, calls, server } = setup();
    const name = packName(user.id, 1, 'test_bot', packNameKey(TOKEN));
    const packs = [{ name, title: 'Ana: stickers', count: 2 }];
    await state.finishPackAdd(user.id, 'stk', name, packs);
    await state.setOutline(chat.id, false);
    await withServer(server, async (url) => {
      assert.equal((await post(url, textUpdate(60, '/forget'))).status, 200);
    });
    const links = `Ana: stickers: https://t.me/addstickers/${name}`;
    assert.deepEqual(texts(calls), [renderMessage('forget_done', 'en', { links })]);
    assert.match(texts(calls)[0] ?? '', /@Stickers/);
    assert.deepEqual(await state.packs(user.id), []);
    assert.deepEqual(await state.chatSettings(chat.id), { outline: true });
  });

  test('with no packs it says how packs made before could be deleted', async () => {
    const { calls, server } = setup();
    await withServer(server, async (url) => {
      assert.equal((await post(url, textUpdate(61, '/forget'))).status, 200);
    });
    assert.deepEqual(texts(calls), [renderMessage('forget_done_none', 'en')]);
  });

  test('is in the command menu of every language', () => {
    for (const r of commandRegistrations()) {
      assert.ok(
        r.commands.some((c) => c.command === 'forget'),
        r.language_code ?? 'default',
      );
    }
  });
});

describe('/outline in a group', () => {
  captureLogsInSuite();
  const GROUP = -1001;
  const ROLES = new Map<number, string>([
    [1, 'creator'],
    [2, 'administrator'],
    [3, 'member'],
    [4, 'restricted'],
    [5, 'left'],
  ]);
  const withMembers = (api: BotApi): BotApi =>
    ({
      ...api,
      getChatMember: (chatId: number, userId: number) => {
        const status = ROLES.get(userId);
        if (chatId !== GROUP || !status) {
          return Promise.reject(telegramError(400, 'Bad Request: member not found'));
        }
        return Promise.resolve({ status, user: { id: userId, is_bot: false, first_name: 'M' } });
      },
    }) as unknown as BotApi;
  const inGroup = (updateId: number, userId: number, text = '/outline off'): Update => ({
    update_id: updateId,
    message: {
      message_id: 70,
      date: 1,
      chat: { id: GROUP, type: 'supergroup', title: 'Friends' },
      from: { ...user, id: userId },
      text,
      entities: [{ type: 'bot_command', offset: 0, length: 8 }],
    },
  });

  for (const [userId, allowed] of [
    [1, true],
    [2, true],
    [3, false],
    [4, false],
    [5, false],
    [6, false],
  ] as const) {
    const role = ROLES.get(userId) ?? 'unknown to Telegram';
    test(`${role} → ${allowed ? 'changes it' : 'is told only admins may'}`, async () => {
      const { state, calls, server } = setup({ telegram: withMembers });
      await withServer(server, async (url) => {
        assert.equal((await post(url, inGroup(80 + userId, userId))).status, 200);
      });
      assert.deepEqual(await state.chatSettings(GROUP), { outline: !allowed });
      const said = calls.filter((c) => c.method === 'sendMessage').map((c) => c.args[1]);
      assert.deepEqual(said, [
        renderMessage(allowed ? 'outline_off' : 'outline_admins_only', 'en'),
      ]);
    });
  }

  test('an anonymous administrator (writing as the group) may change it', async () => {
    const { state, server } = setup({ telegram: withMembers });
    const update = inGroup(90, 1087968824) as Update & { message: Record<string, unknown> };
    update.message.sender_chat = { id: GROUP, type: 'supergroup', title: 'Friends' };
    await withServer(server, async (url) => {
      assert.equal((await post(url, update)).status, 200);
    });
    assert.deepEqual(await state.chatSettings(GROUP), { outline: false });
  });
});
