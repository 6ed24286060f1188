import { createServer } from 'node:net';

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
