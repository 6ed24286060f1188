import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { test } from 'node:test';
import { RetryableError } from './errors';
import {
  FUNCTION_TIMEOUT_SECONDS,
  ackDeadlineSeconds,
  botApiCallBoundMs,
  claimLeaseMs,
  timeoutOf,
} from './platform';
import { callTelegram, createTelegram } from './telegram';
import { withServer } from './testing';

const TOKEN = '123:abc';

/** A Bot API server that accepts every request and, for `hang`, never answers it. */
function botApi(hang: (method: string) => boolean) {
  const open: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const method = (req.url ?? '').split('/').pop() ?? '';
    req.resume();
    if (hang(method)) {
      open.push(res);
      return;
    }
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, result: { message_id: 7 } }));
    });
  });
  return { server, open };
}

test('a Bot API call with no answer is abandoned at its bound, as a retryable failure', async () => {
  const { server, open } = botApi((m) => m === 'sendMessage');
  await withServer(server, async (url) => {
    const telegram = createTelegram({ token: TOKEN, apiRoot: url, callBoundMs: 300 });
    const hung = callTelegram('sendMessage', () => telegram.sendMessage(1, 'hi'));
    await assert.rejects(hung, (err: unknown) => {
      assert.ok(err instanceof RetryableError);
      assert.match(err.message, /no answer within 300 ms/);
      return true;
    });
    assert.equal(open.length, 1, 'the server did get the call');
    assert.equal(open[0]!.req.destroyed || open[0]!.destroyed, true, 'the connection was closed');
    // Other calls of the same client are not affected.
    const answered = await telegram.sendSticker(1, 'file-id');
    assert.equal(answered.message_id, 7);
    for (const r of open) r.destroy();
  });
});

test('a signal given by the caller still aborts a call before its bound', async () => {
  const { server, open } = botApi(() => true);
  await withServer(server, async (url) => {
    const telegram = createTelegram({ token: TOKEN, apiRoot: url, callBoundMs: 60_000 });
    const caller = new AbortController();
    const call = telegram.callApi('getMe', {}, { signal: caller.signal as never });
    setTimeout(() => caller.abort(), 50);
    await assert.rejects(call, (err: unknown) => {
      assert.doesNotMatch(String(err), /no answer within/);
      return true;
    });
    for (const r of open) r.destroy();
  });
});

test('time bounds derive from the timeouts: call bound inside the timeout, lease past it', () => {
  for (const [target, seconds] of Object.entries(FUNCTION_TIMEOUT_SECONDS)) {
    const ms = seconds * 1000;
    // Three attempts (429s waited out in-process, 3 s each at most) still end in time.
    assert.ok(3 * botApiCallBoundMs(seconds) + 2 * 3000 < ms, target);
    assert.ok(claimLeaseMs(seconds) > ms, target);
    assert.ok(ackDeadlineSeconds(seconds) > seconds, target);
    assert.ok(ackDeadlineSeconds(seconds) <= 600, target);
  }
  assert.equal(timeoutOf('sender', {}), FUNCTION_TIMEOUT_SECONDS.sender);
  assert.equal(timeoutOf('sender', { FUNCTION_TIMEOUT_SECONDS: '8' }), 8);
  assert.throws(() => timeoutOf('sender', { FUNCTION_TIMEOUT_SECONDS: '0' }), /invalid/);
  assert.throws(() => timeoutOf('sender', { FUNCTION_TIMEOUT_SECONDS: '1.5' }), /invalid/);
});
