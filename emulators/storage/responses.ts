/**
 * Writing HTTP answers the way GCS does, where the client depends on it: JSON with a
 * content type teeny-request recognises, and media with `x-goog-hash` and
 * `x-goog-stored-content-encoding` so the client's download validation runs (and passes).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { StoredObject } from './objects.js';

/** What a handler answers; `json` undefined means an empty body. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
}

/** Reads a whole request body (objects are held in memory anyway). */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Writes a `Reply`. 204 and 304 carry no body and no length. */
export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.json === undefined || reply.status === 304) {
    const empty = reply.status === 204 || reply.status === 304 ? {} : { 'content-length': '0' };
    res.writeHead(reply.status, { ...headers, ...empty }).end();
    return;
  }
  const body = JSON.stringify(reply.json);
  res
    .writeHead(reply.status, {
      ...headers,
      // Exactly this spelling: teeny-request only parses JSON for two literal values.
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
    })
    .end(body);
}

/** Serves an object's bytes: validation headers, `Range`, and gzip transcoding. */
export function sendMedia(req: IncomingMessage, res: ServerResponse, o: StoredObject): void {
  let data = o.data;
  const headers: Record<string, string> = {
    'content-type': o.contentType,
    'x-goog-generation': String(o.generation),
    'x-goog-metageneration': String(o.metageneration),
    'x-goog-stored-content-length': String(o.data.length),
    'x-goog-stored-content-encoding': o.contentEncoding ?? 'identity',
    // One header, no spaces: the client splits on ',' and keys on the text before '='.
    'x-goog-hash': `crc32c=${o.crc32c},md5=${o.md5Hash}`,
    etag: `"${o.md5Hash}"`,
    'last-modified': new Date(o.updated).toUTCString(),
    'accept-ranges': 'bytes',
  };
  if (o.cacheControl) headers['cache-control'] = o.cacheControl;
  if (o.contentDisposition) headers['content-disposition'] = o.contentDisposition;
  if (o.contentLanguage) headers['content-language'] = o.contentLanguage;
  if (o.contentEncoding === 'gzip') {
    // Decompressive transcoding, unless the client accepts gzip (the Node client does).
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      headers['content-encoding'] = 'gzip';
    } else {
      data = gunzipSync(data);
      delete headers['x-goog-hash'];
    }
  } else if (o.contentEncoding) {
    headers['content-encoding'] = o.contentEncoding;
  }
  let status = 200;
  const range = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
  if (range && (range[1] || range[2])) {
    const size = data.length;
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start >= size || end < start) {
      res.writeHead(416, { 'content-range': `bytes */${size}`, 'content-length': '0' }).end();
      return;
    }
    status = 206;
    data = data.subarray(start, end + 1);
    headers['content-range'] = `bytes ${start}-${end}/${size}`;
  }
  headers['content-length'] = String(data.length);
  res.writeHead(status, headers).end(req.method === 'HEAD' ? undefined : data);
}
