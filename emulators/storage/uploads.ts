/**
 * The three upload protocols of the JSON API (media, multipart/related, resumable), reduced
 * to "bytes + fields + preconditions" for the store. Resumable sessions follow the protocol
 * the client drives: `Content-Range` chunks, 308 with `Range` until the total is known and
 * reached, and `bytes *\/N` status queries, so the client's own resume-after-error works.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Guard } from './authorize.js';
import { GcsError, badRequest } from './gcs-error.js';
import { toObjectFields } from './objects.js';
import type { ObjectFields, Preconditions, StoredObject } from './objects.js';
import type { Reply } from './responses.js';
import type { Store } from './store.js';

/** A resumable upload in progress (or finished: then `object` is its result). */
interface Session {
  bucket: string;
  name: string;
  fields: ObjectFields;
  pre: Preconditions;
  chunks: Buffer[];
  received: number;
  object?: StoredObject;
  /** the permissions of the caller who opened the session, checked again when it completes */
  guard?: Guard;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** Parses a JSON request body; an empty body is `{}`. */
export function parseJson(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw badRequest('Parse Error', 'parseError');
  }
}

/** `X-Goog-Hash: crc32c=…,md5=…` → checksums the store verifies the data against. */
function claimedHashes(headers: IncomingHttpHeaders): ObjectFields {
  const out: ObjectFields = {};
  for (const pair of (header(headers, 'x-goog-hash') ?? '').split(',')) {
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq).trim().toLowerCase();
    const value = pair.slice(eq + 1).trim();
    if (key === 'crc32c') out.crc32c = value;
    if (key === 'md5') out.md5Hash = value;
  }
  return out;
}

/** Splits a multipart/related body into its JSON metadata part and its media part. */
export function parseMultipartRelated(
  contentType: string | undefined,
  body: Buffer,
): { fields: ObjectFields; data: Buffer; mediaType?: string } {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (!boundary) throw badRequest('Missing multipart boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { headers: string; body: Buffer }[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    let start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // close delimiter
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), start);
    if (next < 0) throw badRequest('Malformed multipart body');
    const part = body.subarray(start, next);
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) throw badRequest('Malformed multipart part');
    parts.push({ headers: part.subarray(0, split).toString(), body: part.subarray(split + 4) });
    at = next + 2;
  }
  const [meta, media] = parts;
  if (!meta || !media || parts.length !== 2) {
    throw badRequest('A multipart upload needs exactly a metadata part and a media part');
  }
  return {
    fields: toObjectFields(parseJson(meta.body)),
    data: Buffer.from(media.body),
    mediaType: /^content-type:\s*(.+)$/im.exec(media.headers)?.[1]?.trim(),
  };
}

/** Handles `POST …/upload/storage/v1/b/B/o?uploadType=…` and the resumable session URIs. */
export class Uploads {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly store: Store,
    private readonly render: (object: StoredObject) => Record<string, unknown>,
  ) {}

  /** Starts or completes an upload addressed to `bucket`; see the class comment. */
  handle(
    method: string,
    bucket: string,
    query: URLSearchParams,
    headers: IncomingHttpHeaders,
    body: Buffer,
    locationBase: string,
    pre: Preconditions,
    guard?: Guard,
  ): Reply {
    const uploadId = query.get('upload_id');
    if (uploadId !== null) return this.continueSession(method, uploadId, headers, body);
    if (method !== 'POST') throw new GcsError(405, 'methodNotAllowed', 'Method not allowed');
    const uploadType = query.get('uploadType');
    const contentType = header(headers, 'content-type');
    if (uploadType === 'media') {
      const fields: ObjectFields = { contentType, ...claimedHashes(headers) };
      const encoding = query.get('contentEncoding');
      if (encoding) fields.contentEncoding = encoding;
      return this.finish(bucket, this.nameOf(query, fields), body, fields, pre, guard);
    }
    if (uploadType === 'multipart') {
      const { fields, data, mediaType } = parseMultipartRelated(contentType, body);
      fields.contentType ??= mediaType;
      return this.finish(bucket, this.nameOf(query, fields), data, fields, pre, guard);
    }
    if (uploadType === 'resumable') {
      const fields = toObjectFields(parseJson(body));
      fields.contentType ??= header(headers, 'x-upload-content-type');
      const name = this.nameOf(query, fields);
      // Like GCS, preconditions are only checked when the upload completes, not here; the
      // session URI is the authorization of the chunks that follow.
      guard?.('storage.objects.create', bucket, name);
      this.store.getBucket(bucket);
      const id = randomUUID().replace(/-/g, '');
      this.sessions.set(id, { bucket, name, fields, pre, chunks: [], received: 0, guard });
      const location = new URLSearchParams(query);
      location.set('name', name);
      location.set('upload_id', id);
      return {
        status: 200,
        headers: { location: `${locationBase}?${location.toString()}`, 'x-guploader-uploadid': id },
      };
    }
    throw badRequest(`Invalid uploadType: ${uploadType ?? '(none)'}`);
  }

  private nameOf(query: URLSearchParams, fields: ObjectFields): string {
    const name = query.get('name') ?? fields.name;
    if (!name) throw badRequest('Required parameter: name', 'required');
    return name;
  }

  private finish(
    bucket: string,
    name: string,
    data: Buffer,
    fields: ObjectFields,
    pre: Preconditions,
    guard: Guard | undefined,
  ): Reply {
    const object = this.store.insertObject(bucket, name, data, fields, pre, guard);
    return { status: 200, json: this.render(object) };
  }

  private continueSession(
    method: string,
    id: string,
    headers: IncomingHttpHeaders,
    body: Buffer,
  ): Reply {
    const session = this.sessions.get(id);
    if (!session) throw new GcsError(404, 'notFound', 'No such upload session');
    if (method === 'DELETE') {
      this.sessions.delete(id);
      return { status: 499 };
    }
    if (method !== 'PUT' && method !== 'POST') {
      throw new GcsError(405, 'methodNotAllowed', 'Method not allowed');
    }
    if (session.object) return { status: 200, json: this.render(session.object) };

    const range = header(headers, 'content-range')?.trim();
    let total: number | undefined;
    if (range === undefined) {
      // No Content-Range: the body is the whole object.
      this.append(session, 0, body);
      total = session.received;
    } else if (/^bytes \*\/(\*|\d+)$/.test(range)) {
      // Status query (`bytes */*`) or "the total is N and you have it all" (`bytes */N`).
      const t = range.slice('bytes */'.length);
      total = t === '*' ? undefined : Number(t);
    } else {
      const m = /^bytes (\d+)-(\d+|\*)\/(\d+|\*)$/.exec(range);
      if (!m) throw badRequest(`Invalid Content-Range: ${range}`);
      const [, first, last, size] = m as unknown as [string, string, string, string];
      if (last !== '*' && Number(last) - Number(first) + 1 !== body.length) {
        throw badRequest(`Content-Range ${range} does not match ${body.length} body bytes`);
      }
      this.append(session, Number(first), body);
      // `bytes N-*/*` is the client's single-request mode: the request body ends the object.
      total = size !== '*' ? Number(size) : last === '*' ? session.received : undefined;
    }
    if (total !== undefined && session.received > total) {
      throw badRequest(`Received ${session.received} bytes, more than the declared ${total}`);
    }
    if (total === undefined || session.received < total) {
      return {
        status: 308,
        headers: session.received > 0 ? { range: `bytes=0-${session.received - 1}` } : {},
      };
    }
    const data = Buffer.concat(session.chunks);
    const fields = { ...session.fields, ...claimedHashes(headers) };
    session.object = this.store.insertObject(
      session.bucket,
      session.name,
      data,
      fields,
      session.pre,
      session.guard,
    );
    session.chunks = [];
    return { status: 200, json: this.render(session.object) };
  }

  /** Appends a chunk that starts at `first`, dropping bytes the session already has. */
  private append(session: Session, first: number, chunk: Buffer): void {
    if (first > session.received) {
      throw badRequest(
        `Chunk starts at byte ${first}, but only ${session.received} bytes were received`,
      );
    }
    const fresh = chunk.subarray(session.received - first);
    if (fresh.length === 0) return;
    session.chunks.push(Buffer.from(fresh));
    session.received += fresh.length;
  }

  /** Drops every session; the server calls this on close. */
  clear(): void {
    this.sessions.clear();
  }
}
