import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Update } from 'telegraf/types';
import { createLogger } from '../../shared/log';
import { createMemoryObjectStore } from '../../shared/storage';
import { captureLogsInSuite, httpTestServer, withServer } from '../../shared/testing';
import { decodeUploadMetadata, uploadObjectName } from '../../shared/upload-object';
import type { BotApi } from './deps';
import { createWebhookHandler } from './handler';
import { imageIntent, isUpdate } from './parse-update';
import { FAIR_USE_WINDOW_MS, createMemoryBotState } from '../../shared/bot-state';

/**
 * The sample requests of the README ("Working on one function") are checked-in Telegram
 * Updates; this keeps them what the webhook's own parsing and handler accept, so they
 * cannot drift from the real shapes.
 */
const SECRET = 'local-webhook-secret';
const BUCKET = 'sticker-uploads-local';
const sample = (file: string) =>
  JSON.parse(readFileSync(path.join(__dirname, 'samples', file), 'utf8')) as Update;
const cutout = readFileSync(path.join(__dirname, '..', 'matting', 'samples', 'cutout.png'));

function setup() {
  const store = createMemoryObjectStore();
  const sent: { method: string; args: unknown[] }[] = [];
  const api = {
    getMe: () => Promise.resolve({ id: 1, is_bot: true, first_name: 'Bot', username: 'b_bot' }),
    getFile: (fileId: string) =>
      Promise.resolve({ file_id: fileId, file_unique_id: 'u', file_path: `files/${fileId}` }),
    getFileLink: (f: { file_path?: string }) =>
      Promise.resolve(new URL(`http://x.invalid/${f.file_path}`)),
    sendMessage: (...args: unknown[]) => {
      sent.push({ method: 'sendMessage', args });
      return Promise.resolve({ message_id: 1 });
    },
    sendChatAction: () => Promise.resolve(true),
  } as unknown as BotApi;
  const downloads: string[] = [];
  const server = httpTestServer(
    'webhook-samples',
    createWebhookHandler({
      config: {
        botToken: '1:x',
        webhookSecret: SECRET,
        apiRoot: 'http://files.invalid',
        uploadsBucket: BUCKET,
        maxBodyBytes: 1 << 20,
        fairUse: { limit: 10, windowMs: FAIR_USE_WINDOW_MS },
      },
      store,
      state: createMemoryBotState(),
      telegram: api,
      log: createLogger({ function: 'webhook' }),
      download: (url) => {
        downloads.push(url.pathname);
        return Promise.resolve(cutout);
      },
    }),
  );
  return { store, sent, downloads, server };
}

describe('webhook samples', () => {
  captureLogsInSuite();

  test('photo.json and document.json are image updates the webhook stores as uploads', async () => {
    const { store, downloads, server } = setup();
    await withServer(server, async (url) => {
      for (const [file, source] of [
        ['photo.json', 'photo'],
        ['document.json', 'document'],
      ] as const) {
        const update = sample(file);
        assert.ok(isUpdate(update) && 'message' in update, file);
        const intent = imageIntent(update.message);
        assert.equal(intent.kind, 'image', file);
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-telegram-bot-api-secret-token': SECRET,
          },
          body: JSON.stringify(update),
        });
        assert.equal(res.status, 200, file);
        assert.ok(
          intent.kind === 'image' && downloads.includes(`/file/bot1:x/files/${intent.fileId}`),
        );
        const name = uploadObjectName(update.message.chat.id, update.update_id);
        const obj = store.objects.get(`${BUCKET}/${name}`);
        assert.ok(obj, `${file} stored as ${name}`);
        const meta = decodeUploadMetadata(obj.metadata);
        assert.equal(meta.source, source);
        assert.equal(meta.messageId, update.message.message_id);
      }
    });
  });

  test('command.json is /start, answered with the greeting', async () => {
    const { sent, server } = setup();
    const update = sample('command.json');
    assert.ok('message' in update && 'text' in update.message);
    assert.equal(update.message.text, '/start');
    await withServer(server, async (url) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify(update),
      });
      assert.equal(res.status, 200);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.args[0], update.message.chat.id);
      assert.match(String(sent[0]!.args[1]), /^Hi Ada!/);
    });
  });
});
