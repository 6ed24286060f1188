import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before } from 'node:test';
import { deflateSync } from 'node:zlib';
import {
  cloudEvent,
  http,
  type CloudEvent,
  type HttpFunction,
} from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { TelegramError } from 'telegraf';
import type { ResponseParameters } from 'telegraf/types';
import { setLogSink } from './log';

/*
 * Test helpers, in one place (as telegraf's test/_helpers.js): servers on ephemeral
 * ports, CloudEvent and Pub/Sub push requests as Google's platforms send them, Telegram
 * error fakes, log capture, test images and the evaluation photos. Kept out of the
 * handlers' import graph: only tests, benchmarks and the stack's suites import it.
 */

/** Starts a server on an ephemeral port of 127.0.0.1; `close()` ends it and its connections. */
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

/** Runs `body` against `server` listening on an ephemeral port, and always closes it. */
export async function withServer<T>(server: Server, body: (url: string) => Promise<T>): Promise<T> {
  const srv = await listen(server);
  try {
    return await body(srv.url);
  } finally {
    await srv.close();
  }
}

let registered = 0;

/** A Functions Framework test server for an HTTP function (a fresh target name each time). */
export function httpTestServer(prefix: string, handler: HttpFunction): Server {
  const name = `${prefix}-${++registered}`;
  http(name, handler);
  return getTestServer(name);
}

/** A Functions Framework test server for a CloudEvent function. */
export function cloudEventTestServer<T>(
  prefix: string,
  handler: (event: CloudEvent<T>) => Promise<void>,
): Server {
  const name = `${prefix}-${++registered}`;
  cloudEvent<T>(name, handler);
  return getTestServer(name);
}

/** The attributes of a CloudEvent in binary content mode (its `ce-*` headers). */
export interface EventHead {
  id: string;
  type: string;
  source: string;
  subject?: string;
}

/** Posts a CloudEvent in binary content mode (headers + JSON data), as Eventarc does. */
export function postCloudEvent(url: string, head: EventHead, data: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'ce-id': head.id,
      'ce-specversion': '1.0',
      'ce-type': head.type,
      'ce-source': head.source,
      ...(head.subject !== undefined && { 'ce-subject': head.subject }),
    },
    body: JSON.stringify(data),
  });
}

/** `google.cloud.storage.object.v1.finalized` about one object, as Eventarc sends it. */
export function postFinalized(
  url: string,
  object: { bucket: string; name: string; metadata?: Record<string, string>; contentType?: string },
  id = 'e1',
): Promise<Response> {
  const head = {
    id,
    type: 'google.cloud.storage.object.v1.finalized',
    source: `//storage.googleapis.com/projects/_/buckets/${object.bucket}`,
    subject: `objects/${object.name}`,
  };
  return postCloudEvent(url, head, object);
}

/** One Pub/Sub message as a push or a messagePublished event carries it. */
export interface PushedMessage {
  data: Buffer;
  id?: string;
  attributes?: Record<string, string>;
}

/** `google.cloud.pubsub.topic.v1.messagePublished` on `topic`, as Eventarc sends it. */
export function postPublished(
  url: string,
  topic: string,
  subscription: string,
  message: PushedMessage,
): Promise<Response> {
  const id = message.id ?? 'm1';
  const head = {
    id,
    type: 'google.cloud.pubsub.topic.v1.messagePublished',
    source: `//pubsub.googleapis.com/projects/p/topics/${topic}`,
  };
  return postCloudEvent(url, head, {
    message: {
      data: message.data.toString('base64'),
      messageId: id,
      attributes: message.attributes ?? {},
    },
    subscription: `projects/p/subscriptions/${subscription}`,
  });
}

/** Reads a `curl -H @file` header file (one `Name: value` a line) as lower-case names. */
export function readHeaderFile(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => {
        const colon = l.indexOf(':');
        return [l.slice(0, colon).trim().toLowerCase(), l.slice(colon + 1).trim()];
      }),
  );
}

/**
 * A failed Bot API call as telegraf reports it: its own TelegramError, with the
 * `error_code`, `description` and `parameters` (e.g. `retry_after`) Telegram answers.
 */
export function telegramError(
  code: number,
  description: string,
  parameters?: ResponseParameters,
): TelegramError {
  return new TelegramError({ error_code: code, description, parameters });
}

/** Fails unless `promise` rejects with a TelegramError of `code` (400 unless told); returns it. */
export async function rejectsWith(promise: Promise<unknown>, code = 400): Promise<TelegramError> {
  const err = await promise.then(
    () => assert.fail(`expected a ${code} TelegramError`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof TelegramError, `expected TelegramError, got ${String(err)}`);
  assert.equal(err.code, code, err.description);
  return err;
}

/**
 * The description of the TelegramError `promise` rejects with, after checking it is one
 * and carries `code` (400 unless told): what a test of a refused Bot API call compares.
 */
export async function refusal(promise: Promise<unknown>, code = 400): Promise<string> {
  return (await rejectsWith(promise, code)).description;
}

/** The text of a 400 refusal after Telegram's `Bad Request: `, which it must start with. */
export async function badRequest(promise: Promise<unknown>): Promise<string> {
  const description = await refusal(promise);
  assert.match(description, /^Bad Request: /);
  return description.slice('Bad Request: '.length);
}

/** The repository's root, from source (tsx) or compiled under dist/. */
const REPO_ROOT = path.resolve(
  __dirname,
  __dirname.split(path.sep).includes('dist') ? '../..' : '..',
);

/** The labelled portraits (photos of people and their masks), beside the repository, never in it. */
export const EVAL_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'eval', 'portraits-dev');

/**
 * A path under {@link EVAL_DIR}, or a loud error naming it when it is missing: what needs
 * the real photos fails, it never skips.
 */
export function evalPath(...parts: string[]): string {
  const file = path.join(EVAL_DIR, ...parts);
  if (!existsSync(file)) {
    throw new Error(
      `evaluation data ${file} is missing: it is read from ../shared/eval beside the repository`,
    );
  }
  return file;
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
export function solidJpeg(width: number, height: number, color = '#808080'): Promise<Buffer> {
  return solidImage('jpeg', width, height, color);
}

/** Fully transparent, for {@link solidImage}. */
export const TRANSPARENT = { r: 0, g: 0, b: 0, alpha: 0 };

/**
 * One colour over the whole image, in `format`: a JPEG has no alpha, a PNG or WebP keeps
 * the colour's (`#rgba`, or {@link TRANSPARENT}), as stickers have.
 */
export async function solidImage(
  format: 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff',
  width: number,
  height: number,
  background: string | typeof TRANSPARENT,
): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  const channels = format === 'jpeg' ? 3 : 4;
  return sharp({ create: { width, height, channels, background } }).toFormat(format).toBuffer();
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
 * Files sent as a photo that no loader matting allows (JPEG, PNG, WebP) reads, with the
 * answer the user gets: an image in a format it does not take, or no image at all.
 */
export const FOREIGN_FILES: [string, () => Promise<Buffer>, 'not_image' | 'undecodable'][] = [
  ['GIF', () => solidImage('gif', 64, 64, '#806040'), 'not_image'],
  ['TIFF', () => solidImage('tiff', 64, 64, '#806040'), 'not_image'],
  [
    'a PDF',
    () => Promise.resolve(Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF')),
    'undecodable',
  ],
];

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

/**
 * What a fake person segmenter answers, to test the pipeline without the model: a centred
 * ellipse of person (255) on background (0), its half-axes `width / across` and
 * `height / down`, measured to pixel centres.
 */
export function ellipseMask(width: number, height: number, across: number, down: number) {
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = (x + 0.5 - width / 2) / (width / across);
      const dy = (y + 0.5 - height / 2) / (height / down);
      mask[y * width + x] = dx ** 2 + dy ** 2 <= 1 ? 255 : 0;
    }
  }
  return mask;
}
