import type { Server } from 'node:http';
import { after, before } from 'node:test';
import { deflateSync } from 'node:zlib';
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
export function captureLogs(
  lines: Record<string, unknown>[] = [],
  raw: string[] = [],
): {
  lines: Record<string, unknown>[];
  raw: string[];
  restore(): void;
} {
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

/**
 * Captures log lines for the enclosing `describe` (before/after hooks), so a suite's
 * handlers log into arrays its tests can read instead of onto the test output.
 */
export function captureLogsInSuite(): { lines: Record<string, unknown>[]; raw: string[] } {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  let capture: ReturnType<typeof captureLogs> | undefined;
  before(() => {
    capture = captureLogs(lines, raw);
  });
  after(() => capture?.restore());
  return { lines, raw };
}

/** A person-free test image or a simple synthetic photo, made with sharp. */
export async function solidJpeg(width: number, height: number, color = '#808080'): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  return sharp({ create: { width, height, channels: 3, background: color } })
    .jpeg()
    .toBuffer();
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * A decompression bomb: a PNG of a few hundred bytes whose header declares
 * `width` x `height` 8-bit grey pixels (the pixel data itself is a truncated zlib stream).
 */
export function pngBomb(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const idat = deflateSync(Buffer.alloc(64 * 1024)).subarray(0, 200);
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
