/**
 * Decodes a Bot API request the four ways Telegram accepts one: query string,
 * JSON, urlencoded form and multipart form. Also used for webhook replies,
 * which telegraf sends back as JSON or multipart in the webhook response.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { BotApiError, badRequest } from './errors.js';
import { guessMimeType } from './media.js';
import type { Params } from './params.js';
import type { RecordedFile } from './types.js';

/** Telegram's upload limit for bots (50 MB); JSON and form bodies get a smaller one. */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** A decoded request: parameters plus uploaded files keyed by multipart field name. */
export interface ApiRequest {
  params: Params;
  files: Map<string, RecordedFile>;
}

const tooLarge = (): BotApiError => new BotApiError(413, 'Request Entity Too Large');

/** Reads the body per its Content-Type; query parameters come first, the body wins. */
export async function readApiRequest(
  headers: IncomingHttpHeaders,
  body: Readable,
  query: URLSearchParams = new URLSearchParams(),
): Promise<ApiRequest> {
  const params: Params = Object.fromEntries(query);
  const files = new Map<string, RecordedFile>();
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'multipart/form-data') {
    await readMultipart(headers, body, params, files);
    return { params, files };
  }
  const raw = await readAll(body, MAX_BODY_BYTES);
  if (raw.length === 0) return { params, files };
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON object");
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw badRequest("can't parse JSON object");
    }
    Object.assign(params, parsed);
  } else if (type === 'application/x-www-form-urlencoded') {
    Object.assign(params, Object.fromEntries(new URLSearchParams(raw.toString('utf8'))));
  }
  return { params, files };
}

async function readAll(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buf.length;
    if (size > limit) throw tooLarge();
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function readMultipart(
  headers: IncomingHttpHeaders,
  body: Readable,
  params: Params,
  files: Map<string, RecordedFile>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers,
        limits: { fileSize: MAX_UPLOAD_BYTES, fieldSize: MAX_BODY_BYTES },
      });
    } catch {
      reject(badRequest("can't parse multipart/form-data request"));
      return;
    }
    let failure: BotApiError | undefined;
    const pending: Promise<void>[] = [];
    parser.on('field', (name, value) => {
      params[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      pending.push(
        new Promise<void>((done) => {
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('limit', () => {
            failure = tooLarge();
          });
          stream.on('close', () => {
            const data = Buffer.concat(chunks);
            const fileName = info.filename ?? field;
            files.set(field, {
              field,
              fileName,
              mimeType: guessMimeType(data, fileName, info.mimeType),
              data,
            });
            done();
          });
        }),
      );
    });
    parser.on('error', () => reject(badRequest("can't parse multipart/form-data request")));
    parser.on('close', () => {
      Promise.all(pending).then(
        () => (failure ? reject(failure) : resolve()),
        (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))),
      );
    });
    body.on('error', (err) => reject(err));
    body.pipe(parser);
  });
}
