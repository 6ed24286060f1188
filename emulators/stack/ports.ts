import { connect, createServer } from 'node:net';

/** A port that was free a moment ago (the OS picks it), for processes we start. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Polls `url` until any HTTP answer comes back (a server is listening). */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  gaveUp?: () => boolean,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      return res.status;
    } catch {
      if (gaveUp?.()) throw new Error(`process exited before ${url} answered`);
      if (Date.now() > deadline) throw new Error(`no answer from ${url} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * Polls until something accepts TCP connections on `port` (a server is listening). Used
 * for the functions: an HTTP probe without a body makes the Functions Framework print a
 * stack trace for CloudEvent functions.
 */
export async function waitForPort(
  port: number,
  timeoutMs: number,
  gaveUp?: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (gaveUp?.()) throw new Error(`process exited before port ${port} opened`);
    if (Date.now() > deadline)
      throw new Error(`nothing listening on port ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
