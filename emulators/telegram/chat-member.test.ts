import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Telegram, TelegramError } from 'telegraf';
import { startTelegramEmulator, type TelegramEmulator } from './server.js';

/** getChatMember, which the bot asks before a group's settings change (/outline). */
void describe('telegram emulator: getChatMember', () => {
  let emulator: TelegramEmulator;
  let telegram: Telegram;
  const GROUP = -4101;
  const creator = { userId: 401, chatId: GROUP, chatRole: 'creator' as const };
  const admin = { userId: 402, chatId: GROUP, chatRole: 'administrator' as const };
  const member = { userId: 403, chatId: GROUP };
  const alone = { userId: 404, firstName: 'Solo' };

  before(async () => {
    emulator = await startTelegramEmulator();
    telegram = new Telegram(emulator.token, { apiRoot: emulator.apiRoot });
    for (const u of [creator, admin, member, alone]) await emulator.sendText(u, 'hi');
  });
  after(() => emulator.close());

  const refusal = async (chatId: number, userId: number) => {
    const err = await telegram.getChatMember(chatId, userId).then(
      () => assert.fail('expected a TelegramError'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof TelegramError);
    assert.equal(err.code, 400);
    return err.description;
  };

  void it("answers each member's status in a group", async () => {
    assert.equal((await telegram.getChatMember(GROUP, 401)).status, 'creator');
    const a = await telegram.getChatMember(GROUP, 402);
    assert.equal(a.status, 'administrator');
    assert.ok(a.status === 'administrator' && a.can_change_info);
    const m = await telegram.getChatMember(GROUP, 403);
    assert.deepEqual(m, { status: 'member', user: m.user });
    assert.equal(m.user.id, 403);
  });

  void it('the user of a private chat is a member of it', async () => {
    const m = await telegram.getChatMember(404, 404);
    assert.equal(m.status, 'member');
    assert.equal(m.user.first_name, 'Solo');
  });

  void it('refuses as Telegram does', async () => {
    assert.equal(await refusal(GROUP, 404), 'Bad Request: member not found');
    assert.equal(await refusal(-999, 401), 'Bad Request: chat not found');
    assert.equal(await refusal(GROUP, 0), 'Bad Request: invalid user_id specified');
  });
});
