import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { PermanentError } from '../../shared/errors';
import { createLogger } from '../../shared/log';
import {
  captureLogs,
  captureLogsInSuite,
  listen,
  solidJpeg,
  telegramError,
  withServer,
} from '../../shared/testing';
import { guardRequestBodies } from './body-guard';
import type { BotApi } from './deps';
import { downloadFile, telegramFileUrl } from './download';
import { createRejectionLog } from './rejections';
import { BUCKET, SECRET, post, setup } from './test-fixtures';

/**
 * The hostile cases of issue 13's review, each with its defined outcome: never a 500
 * that makes Telegram redeliver forever, never silence where a user waits for an answer.
 */
const from = (language_code: string) => ({
  id: 88,
  is_bot: false,
  first_name: 'Zed',
  language_code,
});
const chat = { id: 88, type: 'private', first_name: 'Zed' };
const command = (updateId: number, language: string, text = '/start') => ({
  update_id: updateId,
  message: {
    message_id: 5,
    date: 1,
    chat,
    from: from(language),
    text,
    entities: [{ type: 'bot_command', offset: 0, length: text.length }],
  },
});
const photo = (updateId: number, fileId: string, language = 'en') => ({
  update_id: updateId,
  message: {
    message_id: 6,
    date: 1,
    chat,
    from: from(language),
    photo: [{ file_id: fileId, file_unique_id: 'p' + fileId, width: 640, height: 480 }],
  },
});

const GREETING = /Hi Zed/;
const TOO_BIG = /larger than 20 MB/;
const FAILED = /something went wrong/;

describe('webhook: hostile language codes', () => {
  captureLogsInSuite();
  for (const [i, code] of [
    'constructor',
    '__proto__',
    'toString',
    'constructor-x',
    'x'.repeat(300),
  ].entries()) {
    test(`/start from language_code ${code.slice(0, 20)} → 200, greeted in English`, async () => {
      const { calls, server } = setup();
      await withServer(server, async (url) => {
        const res = await post(url, command(100 + i, code));
        assert.equal(res.status, 200);
        const answers = calls.filter((c) => c.method === 'sendMessage');
        assert.equal(answers.length, 1);
        assert.match(String(answers[0]?.args[1]), GREETING);
      });
    });
  }

  test('a photo from language_code constructor is stored without the code', async () => {
    const { store, files, server } = setup();
    files.set('lc', await solidJpeg(32, 32));
    await withServer(server, async (url) => {
      assert.equal((await post(url, photo(120, 'lc', 'constructor'))).status, 200);
      const obj = store.objects.get(`${BUCKET}/88/120`);
      assert.ok(obj);
      assert.equal(obj.metadata?.languageCode, undefined);
    });
  });
});

/** A Bot API whose getFile answers as given. */
const getFileAnswers =
  (answer: (fileId: string) => Promise<unknown>) =>
  (api: BotApi): BotApi =>
    ({ ...api, getFile: (fileId: string) => answer(fileId) }) as unknown as BotApi;

interface FileCase {
  name: string;
  getFile: (fileId: string) => Promise<unknown>;
  answer: RegExp;
}

const fileCases: FileCase[] = [
  {
    name: 'getFile 400 "file is too big" (no size declared)',
    getFile: () => Promise.reject(telegramError(400, 'Bad Request: file is too big')),
    answer: TOO_BIG,
  },
  {
    name: 'getFile 400 "invalid file_id"',
    getFile: () => Promise.reject(telegramError(400, 'Bad Request: invalid file_id')),
    answer: FAILED,
  },
  ...[
    '/var/lib/telegram-bot-api/x.jpg',
    '../../bot1/setWebhook',
    'photos/../../x',
    'https://evil.example/x.jpg',
    '//evil.example/x',
    'photos/x.jpg?a=1',
    'photos\\x.jpg',
    '',
    'photos//x.jpg',
    'photos/%2e%2e/x',
  ].map((file_path) => ({
    name: `getFile file_path ${JSON.stringify(file_path)}`,
    getFile: (fileId: string) =>
      Promise.resolve({ file_id: fileId, file_unique_id: 'u', file_path }),
    answer: FAILED,
  })),
  {
    name: 'getFile without file_path',
    getFile: (fileId: string) => Promise.resolve({ file_id: fileId, file_unique_id: 'u' }),
    answer: FAILED,
  },
];

describe('webhook: hostile getFile answers', () => {
  captureLogsInSuite();
  for (const [i, c] of fileCases.entries()) {
    test(`${c.name} → 200, the user is told`, async () => {
      const downloads: string[] = [];
      const { store, calls, server } = setup({
        telegram: getFileAnswers(c.getFile),
        download: (u) => (downloads.push(u.href), Promise.reject(new Error('not to be called'))),
      });
      await withServer(server, async (url) => {
        const res = await post(url, photo(200 + i, 'f'));
        assert.equal(res.status, 200);
        const answers = calls.filter((x) => x.method === 'sendMessage');
        assert.equal(answers.length, 1, 'one answer');
        assert.match(String(answers[0]?.args[1]), c.answer);
        assert.equal(store.objects.size, 0, 'nothing stored');
        assert.deepEqual(downloads, []);
      });
    });
  }

  test('a download that fails permanently (HTTP 404) is answered, not dropped', async () => {
    const { store, calls, server } = setup({
      download: () =>
        Promise.reject(new PermanentError('file download failed: HTTP 404', 'undecodable')),
      telegram: getFileAnswers((id) =>
        Promise.resolve({ file_id: id, file_unique_id: 'u', file_path: 'photos/gone.jpg' }),
      ),
    });
    await withServer(server, async (url) => {
      assert.equal((await post(url, photo(300, 'gone'))).status, 200);
      const answers = calls.filter((x) => x.method === 'sendMessage');
      assert.equal(answers.length, 1);
      assert.match(String(answers[0]?.args[1]), /could not read/);
      assert.equal(store.objects.size, 0);
    });
  });
});

describe('the download URL', () => {
  const ROOT = 'https://api.telegram.org';
  test('a plain relative file_path stays under /file/bot<token>/ on the root', () => {
    assert.equal(
      telegramFileUrl(ROOT, '1:tok', 'photos/file_12.jpg').href,
      'https://api.telegram.org/file/bot1:tok/photos/file_12.jpg',
    );
    assert.equal(
      telegramFileUrl('http://127.0.0.1:8081', '1:tok', 'documents/file_3.png').origin,
      'http://127.0.0.1:8081',
    );
  });
  for (const bad of [
    '/abs/x.jpg',
    '../x',
    'a/./b',
    'a/../../b',
    'http://x/y',
    'a b',
    'a?b',
    'a#b',
    'x'.repeat(2000),
    42,
  ]) {
    test(`file_path ${JSON.stringify(bad).slice(0, 30)} is refused with the apology`, () => {
      assert.throws(
        () => telegramFileUrl(ROOT, '1:tok', bad),
        (err: unknown) => err instanceof PermanentError && err.userMessage === 'failed',
      );
    });
  }

  test('a redirect is not followed', async () => {
    let elsewhere = 0;
    const other = await listen(createServer((_req, res) => (elsewhere++, res.end('pwned'))));
    const redirecting = await listen(
      createServer((_req, res) => res.writeHead(302, { location: `${other.url}/x` }).end()),
    );
    try {
      await assert.rejects(
        downloadFile(new URL(`${redirecting.url}/file/bot1:t/photos/x.jpg`), 1024),
        (err: unknown) => err instanceof PermanentError && err.userMessage === 'failed',
      );
      assert.equal(elsewhere, 0, 'the redirect target was never asked');
    } finally {
      await redirecting.close();
      await other.close();
    }
  });
});

describe('forged requests: bodies and log volume', () => {
  const logs = captureLogsInSuite();
  let uninstall: (() => void) | undefined;
  before(() => {
    // As the entry point does (index.ts), with the fixtures' secret and size limit.
    uninstall = guardRequestBodies({ webhookSecret: SECRET, maxBodyBytes: 64 * 1024 });
  });
  after(() => uninstall?.());

  const send = (url: string, body: string, secret?: string) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secret !== undefined && { 'x-telegram-bot-api-secret-token': secret }),
      },
      body,
    });

  // [what arrives, body, secret header, status, whether the update is handled]
  const malformed = '{"update_id": 1, "x": [' + '{"a":0},'.repeat(10_000);
  const cases: [string, string, string | undefined, number, boolean][] = [
    ['malformed JSON with no secret is never parsed → 401', malformed, undefined, 401, false],
    ['malformed JSON with a wrong secret is never parsed → 401', malformed, 'guessed', 401, false],
    [
      'a body declared larger than the limit is not read even with the secret → 413',
      '[' + '{},'.repeat(100_000),
      SECRET,
      413,
      false,
    ],
    [
      'an update within the limit, with the secret, is still handled',
      JSON.stringify(command(400, 'en')),
      SECRET,
      200,
      true,
    ],
  ];
  for (const [name, body, secret, status, handled] of cases) {
    test(name, async () => {
      const { calls, server } = setup();
      await withServer(server, async (url) => {
        assert.equal((await send(url, body, secret)).status, status);
        if (!handled) assert.equal(calls.length, 0);
        else assert.match(String(calls.find((c) => c.method === 'sendMessage')?.args[1]), GREETING);
      });
    });
  }

  test('200 forged requests write one warning, not 200', async () => {
    const { server } = setup();
    const before = logs.lines.length;
    await withServer(server, async (url) => {
      for (let i = 0; i < 200; i++) {
        assert.equal((await send(url, JSON.stringify(command(i, 'en')), `guess-${i}`)).status, 401);
      }
    });
    const lines = logs.lines.slice(before).filter((l) => String(l.message).startsWith('rejected'));
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.message, 'rejected: missing or wrong secret token');
  });
});

describe('the rejection log', () => {
  test('logs the first rejection, then one summary per interval with the counts', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const capture = captureLogs();
    const { lines } = capture;
    try {
      const note = createRejectionLog(createLogger({ function: 'webhook' }), 60_000);
      for (let i = 0; i < 1000; i++)
        note('rejected: missing or wrong secret token', { ip: '10.0.0.1' });
      note('rejected: body too large');
      assert.equal(lines.length, 1);
      t.mock.timers.tick(60_000);
      assert.equal(lines.length, 2);
      assert.equal(lines[1]?.rejected, 1000);
      assert.deepEqual(lines[1]?.byReason, {
        'rejected: missing or wrong secret token': 999,
        'rejected: body too large': 1,
      });
      t.mock.timers.tick(600_000);
      assert.equal(lines.length, 2, 'a quiet interval writes nothing');
      note('rejected: missing or wrong secret token');
      assert.equal(lines.length, 3, 'the next rejection is logged as it comes');
    } finally {
      capture.restore();
    }
  });
});
