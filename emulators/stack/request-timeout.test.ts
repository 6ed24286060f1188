import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { listen } from '../../shared/testing';
import { freePort } from './ports';
import { TIMEOUT_BODY, TIMEOUT_STATUS, startRequestTimeoutProxy } from './request-timeout';

test('a request past the timeout gets Cloud Run’s 504; the function is cut off but runs on', async () => {
  let closedByProxy = false;
  let finishedLate = false;
  const fn = createServer((req, res) => {
    if (req.url === '/fast') {
      req.resume();
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
      return;
    }
    req.on('close', () => (closedByProxy = true));
    setTimeout(() => {
      finishedLate = true;
      if (!res.destroyed) res.end('too late');
    }, 600);
  });
  const upstream = await listen(fn);
  const port = await freePort();
  const timeouts: string[] = [];
  const proxy = await startRequestTimeoutProxy({
    port,
    upstreamPort: Number(new URL(upstream.url).port),
    timeoutMs: 200,
    onTimeout: (r) => timeouts.push(`${r.method} ${r.url}`),
  });
  try {
    const fast = await fetch(`http://127.0.0.1:${port}/fast`, { method: 'POST', body: 'x' });
    assert.equal(fast.status, 200);
    assert.deepEqual(await fast.json(), { ok: true });

    const slow = await fetch(`http://127.0.0.1:${port}/slow`, { method: 'POST', body: '{}' });
    assert.equal(slow.status, TIMEOUT_STATUS);
    assert.equal(await slow.text(), TIMEOUT_BODY);
    assert.deepEqual(timeouts, ['POST /slow']);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(closedByProxy, true, 'the connection to the function was closed');
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(finishedLate, true, 'the handler itself was not stopped');
  } finally {
    await proxy.close();
    await upstream.close();
  }
});

test('while the function is down its connections are dropped, as refused ones', async () => {
  const port = await freePort();
  const proxy = await startRequestTimeoutProxy({
    port,
    upstreamPort: await freePort(),
    timeoutMs: 1000,
  });
  try {
    await assert.rejects(fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}' }));
  } finally {
    await proxy.close();
  }
});
