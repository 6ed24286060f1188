import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { captureLogsInSuite, solidJpeg, withServer } from '../../shared/testing';
import { decodeUploadMetadata } from '../../shared/upload-object';
import { sanitizeCaption } from './parse-update';
import { BUCKET, SECRET, setup } from './test-fixtures';

/**
 * Hostile and unexpected webhook traffic. Every case has a defined outcome: 401 (not
 * Telegram), 400/405/413 (not an update), or 200 with a friendly answer or silence;
 * never a 500 that would make Telegram retry forever, never a crash.
 */
const chat = { id: 501, type: 'private', first_name: 'Zed' };
const from = { id: 501, is_bot: false, first_name: 'Zed', language_code: 'en' };
const msg = (extra: object) => ({ message_id: 3, date: 1_700_000_000, chat, from, ...extra });
const upd = (id: number, extra: object) => ({ update_id: id, ...extra });

type Outcome =
  { status: number; answer?: RegExp; stored?: boolean } | { status: 200; silent: true };

interface Case {
  name: string;
  body?: unknown;
  raw?: string;
  secret?: string | null;
  method?: string;
  contentType?: string;
  expect: Outcome;
}

const UNSUPPORTED = /I make stickers from photos/;
const NOT_IMAGE = /only use pictures/;
const TOO_BIG = /larger than 20 MB/;

const cases: Case[] = [
  // --- authentication
  {
    name: 'no secret header',
    body: upd(1, { message: msg({ text: '/start' }) }),
    secret: null,
    expect: { status: 401 },
  },
  {
    name: 'empty secret',
    body: upd(1, { message: msg({ text: '/start' }) }),
    secret: '',
    expect: { status: 401 },
  },
  {
    name: 'wrong secret',
    body: upd(1, { message: msg({ text: '/start' }) }),
    secret: 'nope',
    expect: { status: 401 },
  },
  {
    name: 'secret prefix',
    body: upd(1, { message: msg({ text: '/start' }) }),
    secret: SECRET.slice(0, 5),
    expect: { status: 401 },
  },
  {
    name: 'secret with suffix',
    body: upd(1, { message: msg({ text: '/start' }) }),
    secret: SECRET + '0',
    expect: { status: 401 },
  },
  {
    name: 'secret in other case',
    body: upd(1, { message: msg({ text: '/start' }) }),
    secret: SECRET.toUpperCase(),
    expect: { status: 401 },
  },
  {
    name: 'over-long secret (4 KB)',
    body: upd(1, {}),
    secret: 'a'.repeat(4096),
    expect: { status: 401 },
  },
  { name: 'secret with unicode', body: upd(1, {}), secret: 'sécret', expect: { status: 401 } },
  {
    name: 'forged non-JSON body without secret',
    raw: '\u0000\u0001garbage',
    contentType: 'application/octet-stream',
    secret: null,
    expect: { status: 401 },
  },
  // Malformed JSON is refused by the Functions Framework's body parser (400) before the
  // function runs, with or without a secret: refused either way, and nothing happens.
  {
    name: 'forged malformed JSON without secret',
    raw: '{"update_id":',
    secret: null,
    expect: { status: 400 },
  },
  // --- malformed requests (with the right secret)
  { name: 'GET', method: 'GET', expect: { status: 405 } },
  { name: 'PUT', method: 'PUT', body: upd(1, {}), expect: { status: 405 } },
  { name: 'truncated JSON', raw: '{"update_id": 5, "message": {', expect: { status: 400 } },
  { name: 'JSON array', body: [1, 2, 3], expect: { status: 400 } },
  { name: 'JSON string', body: 'update', expect: { status: 400 } },
  { name: 'JSON null', raw: 'null', expect: { status: 400 } },
  { name: 'empty body', raw: '', expect: { status: 400 } },
  { name: 'no update_id', body: { message: msg({ text: 'hi' }) }, expect: { status: 400 } },
  { name: 'negative update_id', body: { update_id: -5 }, expect: { status: 400 } },
  { name: 'update_id as string', body: { update_id: '12' }, expect: { status: 400 } },
  { name: 'update_id fractional', body: { update_id: 1.5 }, expect: { status: 400 } },
  {
    name: 'huge body (2 MB)',
    body: upd(1, { message: msg({ text: 'x'.repeat(2_000_000) }) }),
    expect: { status: 413 },
  },
  { name: 'text/plain body', raw: 'hello', contentType: 'text/plain', expect: { status: 400 } },
  // --- update kinds the bot does not handle: acknowledged silently
  ...[
    'edited_message',
    'channel_post',
    'edited_channel_post',
    'business_message',
    'edited_business_message',
  ].map((kind, i) => ({
    name: `update kind ${kind}`,
    body: upd(100 + i, { [kind]: msg({ text: 'hello' }) }),
    expect: { status: 200, silent: true } as const,
  })),
  ...[
    ['inline_query', { id: 'q', from, query: 'x', offset: '' }],
    ['chosen_inline_result', { result_id: 'r', from, query: 'x' }],
    ['callback_query', { id: 'c', from, chat_instance: 'i', data: 'stale-button' }],
    ['shipping_query', { id: 's', from, invoice_payload: 'p', shipping_address: {} }],
    [
      'pre_checkout_query',
      { id: 'p', from, currency: 'EUR', total_amount: 1, invoice_payload: 'p' },
    ],
    ['poll', { id: 'p', question: 'q?', options: [], total_voter_count: 0, is_closed: false }],
    ['poll_answer', { poll_id: 'p', user: from, option_ids: [0] }],
    ['my_chat_member', { chat, from, date: 1, old_chat_member: {}, new_chat_member: {} }],
    ['chat_member', { chat, from, date: 1, old_chat_member: {}, new_chat_member: {} }],
    ['chat_join_request', { chat, from, user_chat_id: 1, date: 1 }],
    ['message_reaction', { chat, message_id: 1, date: 1, old_reaction: [], new_reaction: [] }],
    ['message_reaction_count', { chat, message_id: 1, date: 1, reactions: [] }],
    ['chat_boost', { chat, boost: {} }],
    ['removed_chat_boost', { chat, boost_id: 'b', remove_date: 1, source: {} }],
    ['deleted_business_messages', { business_connection_id: 'b', chat, message_ids: [1] }],
    ['business_connection', { id: 'b', user: from, user_chat_id: 1, date: 1, is_enabled: true }],
    ['purchased_paid_media', { from, paid_media_payload: 'x' }],
    ['some_future_kind', { anything: true }],
  ].map(([kind, payload], i) => ({
    name: `update kind ${kind as string}`,
    body: upd(200 + i, { [kind as string]: payload }),
    expect: { status: 200, silent: true } as const,
  })),
  {
    name: 'update with no payload at all',
    body: upd(300, {}),
    expect: { status: 200, silent: true },
  },
  // --- message kinds that are neither a photo nor a clip (media.test.ts has the clips)
  ...(
    [
      ['plain text', { text: 'hello bot' }],
      ['right-to-left text', { text: 'مرحبا، هل يمكنك صنع ملصق؟' }],
      ['text with control characters', { text: 'a\u0000b\u0007c\u001b[31m' }],
      [
        'unknown command',
        { text: '/frobnicate', entities: [{ type: 'bot_command', offset: 0, length: 11 }] },
      ],
      [
        'sticker',
        {
          sticker: {
            file_id: 's',
            file_unique_id: 'u',
            type: 'regular',
            width: 512,
            height: 512,
            is_animated: false,
            is_video: false,
          },
        },
      ],
      ['voice', { voice: { file_id: 'v', file_unique_id: 'u', duration: 1 } }],
      ['audio', { audio: { file_id: 'a', file_unique_id: 'u', duration: 1 } }],
      ['location', { location: { latitude: 1, longitude: 2 } }],
      ['contact', { contact: { phone_number: '1', first_name: 'x' } }],
      ['dice', { dice: { emoji: '🎲', value: 3 } }],
      ['venue', { venue: { location: { latitude: 1, longitude: 2 }, title: 't', address: 'a' } }],
      [
        'poll message',
        { poll: { id: 'p', question: 'q', options: [], total_voter_count: 0, is_closed: false } },
      ],
      ['message without from (channel-like)', { from: undefined, text: 'hi' }],
    ] as const
  ).map(([name, extra], i) => ({
    name: `message: ${name}`,
    body: upd(400 + i, { message: msg(extra) }),
    expect: { status: 200, answer: UNSUPPORTED },
  })),
  // --- documents
  ...(
    [
      ['PDF', 'application/pdf', 'cv.pdf', 2_000, NOT_IMAGE],
      ['ZIP', 'application/zip', 'x.zip', 2_000, NOT_IMAGE],
      ['SVG', 'image/svg+xml', 'x.svg', 2_000, NOT_IMAGE],
      ['HEIC', 'image/heic', 'x.heic', 2_000, NOT_IMAGE],
      ['executable', 'application/x-msdownload', 'x.exe', 2_000, NOT_IMAGE],
      ['no mime type, .txt name', undefined, 'x.txt', 2_000, NOT_IMAGE],
      ['JPEG of 25 MB', 'image/jpeg', 'big.jpg', 25 * 1024 * 1024, TOO_BIG],
      ['PNG of 20 MB + 1 byte', 'image/png', 'big.png', 20 * 1024 * 1024 + 1, TOO_BIG],
    ] as const
  ).map(([name, mime, fileName, size, answer], i) => ({
    name: `document: ${name}`,
    body: upd(500 + i, {
      message: msg({
        document: {
          file_id: `doc${i}`,
          file_unique_id: 'u',
          file_name: fileName,
          mime_type: mime,
          file_size: size,
        },
      }),
    }),
    expect: { status: 200, answer },
  })),
  {
    name: 'photo with an empty size list',
    body: upd(600, { message: msg({ photo: [] }) }),
    expect: { status: 200, answer: UNSUPPORTED },
  },
];

describe('webhook: hostile input corpus', () => {
  captureLogsInSuite();

  for (const c of cases) {
    const label = 'silent' in c.expect ? '200, silent' : `${c.expect.status}`;
    test(`${c.name} → ${label}`, async () => {
      const { store, calls, server } = setup();
      await withServer(server, async (url) => {
        const headers: Record<string, string> = {
          'content-type': c.contentType ?? 'application/json',
        };
        const secret = c.secret === undefined ? SECRET : c.secret;
        if (secret !== null) headers['x-telegram-bot-api-secret-token'] = secret;
        const method = c.method ?? 'POST';
        const res = await fetch(url, {
          method,
          headers,
          body: method === 'GET' ? undefined : (c.raw ?? JSON.stringify(c.body)),
        });
        assert.equal(res.status, c.expect.status);
        assert.equal(store.objects.size, 0, 'nothing stored');
        const answers = calls.filter((x) => x.method === 'sendMessage');
        if ('silent' in c.expect || c.expect.status !== 200) {
          assert.equal(answers.length, 0, 'no answer');
        } else if (c.expect.answer) {
          assert.equal(answers.length, 1, 'one answer');
          assert.match(String(answers[0]?.args[1]), c.expect.answer);
        }
        if (c.expect.status === 401) assert.equal(calls.length, 0, 'no Bot API call at all');
        assert.ok(!calls.some((x) => x.method === 'getFile'), 'nothing downloaded');
      });
    });
  }

  test('a caption with control characters and right-to-left text is stored sanitised', async () => {
    const { store, files, server } = setup();
    files.set('cap', await solidJpeg(32, 32));
    await withServer(server, async (url) => {
      const caption = '  שלום\u0000 world\u0007\n🙂 مرحبا\u202e  ';
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify(
          upd(700, {
            message: msg({
              caption,
              photo: [{ file_id: 'cap', file_unique_id: 'c', width: 32, height: 32 }],
            }),
          }),
        ),
      });
      assert.equal(res.status, 200);
      const obj = store.objects.get(`${BUCKET}/501/700`);
      assert.ok(obj);
      assert.equal(decodeUploadMetadata(obj.metadata).caption, 'שלום world\n🙂 مرحبا\u202e');
    });
  });

  test('sanitizeCaption caps the length without splitting an emoji', () => {
    const long = 'a'.repeat(1023) + '🙂🙂';
    const out = sanitizeCaption(long)!;
    assert.equal(out.length, 1023);
    assert.equal(sanitizeCaption('\u0000\u0001 '), undefined);
    assert.equal(sanitizeCaption(undefined), undefined);
  });
});
