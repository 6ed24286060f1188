/**
 * The Bot API calls of deploy and teardown, against the local Telegram emulator: the
 * webhook Telegram reports is the one we set, and no error message carries the token.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTelegramEmulator, type TelegramEmulator } from '../emulators/telegram/server';
import { deployBotApi } from './telegram-webhook';

describe('Telegram webhook calls', () => {
  let tg: TelegramEmulator;
  before(async () => (tg = await startTelegramEmulator()));
  after(() => tg.close());

  it('sets the webhook Telegram then reports, and deletes it', async () => {
    const url = 'https://europe-west1-p.cloudfunctions.net/sticker-webhook';
    const bot = deployBotApi(tg.apiRoot, tg.token);
    await bot.setWebhook({ url, secretToken: 'abc_DEF-1', maxConnections: 10 });
    const info = await bot.getWebhookInfo();
    assert.equal(info.url, url);
    assert.equal(info.max_connections, 10);
    assert.deepEqual(info.allowed_updates, ['message', 'edited_message', 'callback_query']);
    await bot.deleteWebhook();
    assert.equal((await bot.getWebhookInfo()).url, '');
  });

  it('never puts the token in an error message', async () => {
    const wrong = '999999:wrong-token-that-must-not-leak';
    await assert.rejects(deployBotApi(tg.apiRoot, wrong).getWebhookInfo(), (err: Error) => {
      assert.ok(!err.message.includes(wrong), err.message);
      assert.match(err.message, /^Telegram getWebhookInfo: 40[14]/);
      return true;
    });
    await assert.rejects(
      deployBotApi('http://127.0.0.1:9', wrong).getWebhookInfo(),
      (err: Error) => {
        assert.ok(!err.message.includes(wrong), err.message);
        return true;
      },
    );
  });
});
