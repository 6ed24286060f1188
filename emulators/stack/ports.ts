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

/** Polls `url` until any HTTP answer comes back (a server is listening); returns its status. */
export function waitForHttp(
  url: string,
  timeoutMs: number,
  gaveUp?: () => boolean,
): Promise<number> {
  return poll(
    async () => {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
        await res.body?.cancel();
        return res.status;
      } catch {
        return undefined;
      }
    },
    {
      timeoutMs,
      intervalMs: 50,
      gaveUp,
      exited: `process exited before ${url} answered`,
      timedOut: `no answer from ${url} within ${timeoutMs} ms`,
    },
  );
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
  await poll(
    () =>
      new Promise<true | undefined>((resolve) => {
        const socket = connect({ port, host: '127.0.0.1' });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(undefined));
      }),
    {
      timeoutMs,
      intervalMs: 20,
      gaveUp,
      exited: `process exited before port ${port} opened`,
      timedOut: `nothing listening on port ${port} within ${timeoutMs} ms`,
    },
  );
}

/**
 * Calls `probe` until it answers with a value, every `intervalMs`.
 *
 * @throws Error with the `exited` text once `gaveUp()` is true (the process being waited
 *   for is gone), or with the `timedOut` text after `timeoutMs`.
 */
async function poll<T>(
  probe: () => Promise<T | undefined>,
  o: {
    timeoutMs: number;
    intervalMs: number;
    gaveUp?: () => boolean;
    exited: string;
    timedOut: string;
  },
): Promise<T> {
  const deadline = Date.now() + o.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (o.gaveUp?.()) throw new Error(o.exited);
    if (Date.now() > deadline) throw new Error(o.timedOut);
    await new Promise((r) => setTimeout(r, o.intervalMs));
  }
}
