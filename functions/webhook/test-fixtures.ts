import { http } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { createLogger } from '../../shared/log';
import { createMemoryObjectStore } from '../../shared/storage';
import { createWebhookHandler, type BotApi } from './handler';

/**
 * Fakes shared by the webhook's tests: a Bot API that records calls and serves files
 * from a map, and a Functions Framework test server around a handler built with them.
 */
export const SECRET = 'test_secret-123';
export const TOKEN = '4242:webhook-test-token-not-real';
export const BUCKET = 'uploads-test';

export interface Call {
  method: string;
  args: unknown[];
}

/** A Bot API fake: records calls, serves files from a map, can be told to fail. */
export function fakeTelegram(
  files: Map<string, Buffer>,
  calls: Call[],
  fail?: { method: string; code: number },
) {
  const rec = (method: string, args: unknown[]) => {
    calls.push({ method, args });
    if (fail && fail.method === method) {
      const err = Object.assign(new Error(`${fail.code}`), {
        response: { ok: false, error_code: fail.code, description: 'fake failure' },
      });
      return Promise.reject(err);
    }
    return undefined;
  };
  const api = {
    getMe: async () => {
      await rec('getMe', []);
      return { id: 4242, is_bot: true, first_name: 'Test', username: 'test_bot' } as never;
    },
    getFile: async (fileId: string) => {
      await rec('getFile', [fileId]);
      const data = files.get(fileId);
      return {
        file_id: fileId,
        file_unique_id: 'u' + fileId,
        file_size: data?.length,
        file_path: `photos/${fileId}.jpg`,
      };
    },
    getFileLink: (file: { file_path?: string }) =>
      Promise.resolve(new URL(`http://files.invalid/${file.file_path}`)),
    sendMessage: async (...args: unknown[]) => {
      await rec('sendMessage', args);
      return { message_id: 900 } as never;
    },
    sendChatAction: async (...args: unknown[]) => {
      await rec('sendChatAction', args);
      return true;
    },
  };
  return api as unknown as BotApi;
}

let n = 0;
export function setup(opts: { fail?: { method: string; code: number } } = {}) {
  const store = createMemoryObjectStore();
  const calls: Call[] = [];
  const files = new Map<string, Buffer>();
  const name = `webhook-test-${++n}`;
  http(
    name,
    createWebhookHandler({
      config: {
        botToken: TOKEN,
        webhookSecret: SECRET,
        uploadsBucket: BUCKET,
        maxBodyBytes: 64 * 1024,
      },
      store,
      telegram: fakeTelegram(files, calls, opts.fail),
      log: createLogger({ function: 'webhook' }),
      download: (url) => {
        const id = /photos\/(.+)\.jpg$/.exec(url.pathname)?.[1] ?? '';
        const data = files.get(id);
        return data ? Promise.resolve(data) : Promise.reject(new Error('no such file'));
      },
    }),
  );
  return { store, calls, files, server: getTestServer(name) };
}
