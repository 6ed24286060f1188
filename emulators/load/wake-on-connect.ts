import { connect, createServer, type Socket } from 'node:net';
import type { FunctionProcess } from '../stack/functions';

/**
 * Scale from zero, as Cloud Run does it: the function's process is stopped, and the first
 * connection to its port starts it; that connection is held until the new process listens
 * and is then handed to it, so the request that woke the function pays its whole cold
 * start (spawn, listening, loading its handler), exactly once. Later connections go
 * straight to the process.
 */
export async function stopUntilFirstConnection(fn: FunctionProcess): Promise<{
  /** resolves with spawn → listening once a connection has woken the function */
  woken: Promise<number>;
  /** when the first connection came (epoch ms; the process is spawned right then) */
  connectedAt(): number | undefined;
}> {
  await fn.stop();
  const held: Socket[] = [];
  let resolveWoken!: (ms: number) => void;
  let rejectWoken!: (err: unknown) => void;
  const woken = new Promise<number>((resolve, reject) => {
    resolveWoken = resolve;
    rejectWoken = reject;
  });
  woken.catch(() => undefined); // a caller that never awaits it must not crash the run
  let connectedAt: number | undefined;
  const server = createServer({ pauseOnConnect: true }, (socket) => {
    held.push(socket);
    if (held.length > 1) return;
    connectedAt = Date.now();
    // Free the port for the function before it tries to listen on it.
    server.close();
    fn.restart().then(
      () => {
        for (const s of held.splice(0)) handOver(s, fn.port);
        server.on('connection', (s) => handOver(s, fn.port));
        resolveWoken(fn.startupMs);
      },
      (err: unknown) => {
        for (const s of held.splice(0)) s.destroy();
        rejectWoken(err);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(fn.port, '127.0.0.1', () => resolve());
  });
  return { woken, connectedAt: () => connectedAt };
}

/** Pipes a held client connection to the function, both ways. */
function handOver(client: Socket, port: number): void {
  const upstream = connect({ port, host: '127.0.0.1' });
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
  client.pipe(upstream).pipe(client);
  client.resume();
}
