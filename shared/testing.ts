import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setLogSink } from './log';

/**
 * Test helpers shared by the functions' tests: a test server on an ephemeral port and
 * a log collector. Kept out of the handlers' import graph.
 */
export async function listen(server: Server): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Captures structured log lines (parsed) instead of printing them. */
export function captureLogs(): { lines: Record<string, unknown>[]; raw: string[]; restore(): void } {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  setLogSink((line) => {
    raw.push(line);
    lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  return {
    lines,
    raw,
    restore: () => setLogSink((line) => process.stdout.write(line + '\n')),
  };
}

/** A person-free test image or a simple synthetic photo, made with sharp. */
export async function solidJpeg(width: number, height: number, color = '#808080'): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  return sharp({ create: { width, height, channels: 3, background: color } }).jpeg().toBuffer();
}
