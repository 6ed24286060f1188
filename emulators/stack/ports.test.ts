import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { freePort, waitForHttp, waitForPort } from './ports';

describe('waiting for a server', () => {
  let server: Server;
  let port: number;
  before(async () => {
    server = createServer((_req, res) => res.writeHead(418).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('waitForHttp answers with the status of the first answer', async () => {
    assert.equal(await waitForHttp(`http://127.0.0.1:${port}/`, 5000), 418);
  });

  test('waitForPort returns once the port accepts connections', async () => {
    await waitForPort(port, 5000);
  });

  test('nothing listening: each names what it waited for once the time is up', async () => {
    const closed = await freePort();
    await assert.rejects(waitForPort(closed, 100), {
      message: `nothing listening on port ${closed} within 100 ms`,
    });
    await assert.rejects(waitForHttp(`http://127.0.0.1:${closed}/`, 100), {
      message: `no answer from http://127.0.0.1:${closed}/ within 100 ms`,
    });
  });

  test('a process that exited ends the wait at once, with its own message', async () => {
    const closed = await freePort();
    await assert.rejects(
      waitForPort(closed, 60_000, () => true),
      {
        message: `process exited before port ${closed} opened`,
      },
    );
    await assert.rejects(
      waitForHttp(`http://127.0.0.1:${closed}/`, 60_000, () => true),
      {
        message: `process exited before http://127.0.0.1:${closed}/ answered`,
      },
    );
  });
});
