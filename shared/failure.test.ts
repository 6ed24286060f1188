import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BugError,
  ConfigError,
  PermanentError,
  RetryableError,
  classifyCloudError,
} from './errors';
import { decideFailure, type FailureAction } from './failure';
import { encodeReply } from './reply-message';
import { classifyTelegramError } from './telegram';
import { telegramError } from './testing';

/** An error as @google-cloud/storage rejects with it (ApiError: `code` is the HTTP status). */
function cloudError(status: number): Error {
  return Object.assign(new Error(`HTTP ${status}`), { code: status });
}

/** A failure → what the platform must do and how loudly it is logged. */
const cases: { what: string; err: unknown; action: FailureAction; severity: string }[] = [
  { what: 'bad input', err: new PermanentError('x', 'not_image'), action: 'ack', severity: 'warn' },
  { what: 'a bug of ours', err: new BugError('x'), action: 'ack', severity: 'error' },
  { what: 'a bad setting', err: new ConfigError('x'), action: 'alarm', severity: 'critical' },
  {
    what: 'a passing fault',
    err: new RetryableError('x', 3),
    action: 'redeliver',
    severity: 'warn',
  },
  { what: 'anything else', err: new TypeError('x'), action: 'redeliver', severity: 'error' },
  { what: 'not even an Error', err: 'boom', action: 'redeliver', severity: 'error' },
  {
    what: 'Telegram 403',
    err: classifyTelegramError(telegramError(403, 'Forbidden: bot was blocked'), 'sendSticker'),
    action: 'ack',
    severity: 'warn',
  },
  {
    what: 'Telegram 401',
    err: classifyTelegramError(telegramError(401, 'Unauthorized'), 'getMe'),
    action: 'alarm',
    severity: 'critical',
  },
  // A Google API that refuses the caller means a grant is missing: never acknowledged.
  ...[
    { what: 'Storage 403 (a grant is missing)', status: 403 },
    { what: 'Storage 401 (no credentials)', status: 401 },
  ].map(({ what, status }) => ({
    what,
    err: classifyCloudError(cloudError(status), 'delete gs://b/sent/1/2.claim'),
    action: 'alarm' as const,
    severity: 'critical',
  })),
  {
    what: 'gRPC PERMISSION_DENIED (Pub/Sub, Firestore)',
    err: classifyCloudError(
      Object.assign(new Error('7 PERMISSION_DENIED'), { code: 7, metadata: {} }),
      'publish',
    ),
    action: 'alarm',
    severity: 'critical',
  },
  {
    what: 'Storage 400',
    err: classifyCloudError(cloudError(400), 'create'),
    action: 'ack',
    severity: 'warn',
  },
  {
    what: 'Storage 503',
    err: classifyCloudError(cloudError(503), 'read'),
    action: 'redeliver',
    severity: 'warn',
  },
];
for (const { what, err, action, severity } of cases) {
  test(`decideFailure: ${what} → ${action} (${severity})`, () => {
    const decided = decideFailure(err);
    assert.equal(decided.action, action);
    assert.equal(decided.severity, severity);
  });
}

test('a retryable failure carries its retry_after into the outcome line', () => {
  assert.deepEqual(decideFailure(new RetryableError('x', 7)).fields, { retryAfterSeconds: 7 });
});

test('a Telegram error keeps what Telegram said as fields', () => {
  const err = classifyTelegramError(
    telegramError(429, 'Too Many Requests: retry after 9', { retry_after: 9 }),
    'sendMessage',
  );
  assert.ok(err instanceof RetryableError);
  assert.equal(err.retryAfterSeconds, 9);
  assert.deepEqual(err.api, {
    method: 'sendMessage',
    code: 429,
    description: 'Too Many Requests: retry after 9',
    retryAfter: 9,
  });
});

test('a reply that fails its own schema is a bug, acknowledged, not redelivered', () => {
  const bad = { v: 1, kind: 'text', chatId: 1, updateId: 1, key: 'no_such_key' } as never;
  assert.throws(() => encodeReply(bad), BugError);
});
