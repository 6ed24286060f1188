/**
 * The in-memory state behind the emulator: buckets, and one live generation per object (as
 * in a bucket without versioning), with GCS's rules for writes, patches and listing. Kept
 * free of HTTP so the rules read in one place; the server only parses and routes.
 */
import { createHash } from 'node:crypto';
import type { Guard } from './authorize.js';
import { crc32cBase64 } from './crc32c.js';
import { GcsError, badRequest, noSuchBucket, noSuchObject } from './gcs-error.js';
import {
  SIMPLE_FIELDS,
  checkPreconditions,
  parsePreconditions,
  stringMap,
  toObjectFields,
  type ObjectFields,
  type Preconditions,
  type StoredBucket,
  type StoredObject,
} from './objects.js';

/** Orders names by UTF-8 bytes, as GCS lists them (JS string order differs above U+FFFF). */
function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** `maxResults` (≤ 1000) and the key a `pageToken` continues after. */
function pageArgs(q: URLSearchParams): { max: number; after: string | undefined } {
  const rawMax = q.get('maxResults');
  const max = rawMax === null ? 1000 : Number(rawMax);
  if (!Number.isInteger(max) || max < 1) throw badRequest(`Invalid maxResults: ${rawMax}`);
  const token = q.get('pageToken');
  return {
    max: Math.min(max, 1000),
    after: token ? Buffer.from(token, 'base64url').toString('utf8') : undefined,
  };
}

function pageToken(keys: string[], page: string[], max: number): { nextPageToken?: string } {
  const last = page[page.length - 1];
  return keys.length > max && last
    ? { nextPageToken: Buffer.from(last).toString('base64url') }
    : {};
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;

/** The emulator's state. `onFinalize` sees every new generation (upload, copy, overwrite). */
export class Store {
  readonly buckets = new Map<string, StoredBucket>();
  private lastGeneration = 0;

  constructor(private readonly onFinalize: (object: StoredObject) => void) {}

  /** Generations are microsecond timestamps, strictly increasing even within a millisecond. */
  private nextGeneration(): number {
    this.lastGeneration = Math.max(Date.now() * 1000, this.lastGeneration + 1);
    return this.lastGeneration;
  }

  createBucket(body: unknown): StoredBucket {
    const src = (body ?? {}) as Record<string, unknown>;
    const name = src['name'];
    if (typeof name !== 'string' || !BUCKET_NAME.test(name) || name.includes('..')) {
      throw badRequest(`Invalid bucket name: '${String(name)}'`);
    }
    if (this.buckets.has(name)) {
      throw new GcsError(
        409,
        'conflict',
        'Your previous request to create the named bucket succeeded and you already own it.',
      );
    }
    const bucket: StoredBucket = {
      name,
      location: typeof src['location'] === 'string' ? src['location'].toUpperCase() : 'US',
      storageClass: typeof src['storageClass'] === 'string' ? src['storageClass'] : 'STANDARD',
      labels: stringMap(src['labels'] as Record<string, unknown> | undefined),
      timeCreated: new Date().toISOString(),
      objects: new Map(),
    };
    this.buckets.set(name, bucket);
    return bucket;
  }

  getBucket(name: string): StoredBucket {
    const bucket = this.buckets.get(name);
    if (!bucket) throw noSuchBucket();
    return bucket;
  }

  /** Only an empty bucket can be deleted (409 otherwise), as in GCS. */
  deleteBucket(name: string): void {
    const bucket = this.getBucket(name);
    if (bucket.objects.size > 0) {
      throw new GcsError(409, 'conflict', 'The bucket you tried to delete is not empty.');
    }
    this.buckets.delete(name);
  }

  /** Names of the buckets of one page (the server turns them into resources). */
  listBuckets(q: URLSearchParams): { names: string[]; nextPageToken?: string } {
    const { max, after } = pageArgs(q);
    const prefix = q.get('prefix') ?? '';
    const keys = [...this.buckets.keys()]
      .filter((n) => n.startsWith(prefix) && (after === undefined || byteCompare(n, after) > 0))
      .sort(byteCompare);
    const page = keys.slice(0, max);
    return { names: page, ...pageToken(keys, page, max) };
  }

  /**
   * The live object, after the `generation` selector and read preconditions. An old
   * generation is gone (no versioning), so asking for one is a 404 like in GCS.
   */
  getObject(bucketName: string, name: string, q: URLSearchParams): StoredObject {
    const object = this.findObject(bucketName, name, q);
    checkPreconditions(parsePreconditions(q), object, 'read');
    return object;
  }

  private findObject(bucketName: string, name: string, q: URLSearchParams): StoredObject {
    const object = this.getBucket(bucketName).objects.get(name);
    const generation = q.get('generation');
    if (!object || (generation !== null && generation !== String(object.generation))) {
      throw noSuchObject(bucketName, name);
    }
    return object;
  }

  /**
   * Finalizes a new generation: checks preconditions against the live object and the
   * client's claimed checksums against the data, then replaces the object and reports it.
   */
  insertObject(
    bucketName: string,
    name: string,
    data: Buffer,
    fields: ObjectFields,
    pre: Preconditions,
    guard?: Guard,
  ): StoredObject {
    guard?.('storage.objects.create', bucketName, name);
    const bucket = this.getBucket(bucketName);
    if (!name || Buffer.byteLength(name) > 1024 || /[\r\n]/.test(name)) {
      throw badRequest(`Invalid object name: '${name}'`);
    }
    const existing = bucket.objects.get(name);
    checkPreconditions(pre, existing, 'write');
    // Replacing an object deletes the old one: that needs storage.objects.delete too.
    if (existing) guard?.('storage.objects.delete', bucketName, name);
    const md5Hash = createHash('md5').update(data).digest('base64');
    const crc32c = crc32cBase64(data);
    if (fields.md5Hash && fields.md5Hash !== md5Hash) {
      throw badRequest(
        `Provided MD5 hash "${fields.md5Hash}" doesn't match calculated MD5 hash "${md5Hash}".`,
      );
    }
    if (fields.crc32c && fields.crc32c !== crc32c) {
      throw badRequest(
        `Provided CRC32C "${fields.crc32c}" doesn't match calculated CRC32C "${crc32c}".`,
      );
    }
    const now = new Date().toISOString();
    const object: StoredObject = {
      bucket: bucketName,
      name,
      data,
      generation: this.nextGeneration(),
      metageneration: 1,
      contentType: fields.contentType || 'application/octet-stream',
      metadata: stringMap(fields.metadata),
      md5Hash,
      crc32c,
      timeCreated: now,
      updated: now,
    };
    for (const key of SIMPLE_FIELDS) {
      if (key !== 'contentType' && fields[key]) object[key] = fields[key];
    }
    bucket.objects.set(name, object);
    this.onFinalize(object);
    return object;
  }

  /**
   * rewriteTo/copyTo in one step. The source is chosen by `sourceGeneration` and checked
   * with `ifSource*`; the destination takes the body's fields if it has any, else the
   * source's, and the plain preconditions apply to it.
   */
  copyObject(
    src: { bucket: string; name: string },
    dst: { bucket: string; name: string },
    body: unknown,
    q: URLSearchParams,
    guard?: Guard,
  ): StoredObject {
    guard?.('storage.objects.get', src.bucket, src.name);
    const srcQuery = new URLSearchParams();
    for (const [k, v] of q) {
      if (k === 'sourceGeneration') srcQuery.set('generation', v);
      else if (k.startsWith('ifSource')) srcQuery.set(k.replace('ifSource', 'if'), v);
    }
    const source = this.findObject(src.bucket, src.name, srcQuery);
    checkPreconditions(parsePreconditions(srcQuery), source, 'write');
    const fields = toObjectFields(body);
    const given = Object.keys(fields).some((k) => k !== 'name');
    const { md5Hash: _m, crc32c: _c, ...sourceFields } = source;
    return this.insertObject(
      dst.bucket,
      dst.name,
      source.data,
      given ? fields : sourceFields,
      parsePreconditions(q),
      guard,
    );
  }

  /** PATCH semantics: fields given replace, `metadata` keys merge, `null` removes. */
  patchObject(bucketName: string, name: string, body: unknown, q: URLSearchParams): StoredObject {
    const object = this.findObject(bucketName, name, q);
    checkPreconditions(parsePreconditions(q), object, 'write');
    const fields = toObjectFields(body);
    for (const key of SIMPLE_FIELDS) {
      const v = fields[key];
      if (v === undefined) continue;
      if (key === 'contentType') object.contentType = v || 'application/octet-stream';
      else if (v) object[key] = v;
      else delete object[key];
    }
    if (fields.metadata === null) object.metadata = {};
    else if (fields.metadata) {
      for (const [k, v] of Object.entries(fields.metadata)) {
        if (v === null || v === undefined) delete object.metadata[k];
        else object.metadata[k] = typeof v === 'string' ? v : JSON.stringify(v);
      }
    }
    object.metageneration += 1;
    object.updated = new Date().toISOString();
    return object;
  }

  deleteObject(bucketName: string, name: string, q: URLSearchParams): void {
    const object = this.findObject(bucketName, name, q);
    checkPreconditions(parsePreconditions(q), object, 'write');
    this.getBucket(bucketName).objects.delete(name);
  }

  /** objects.list: byte-ordered, `delimiter` folds names into `prefixes`, pages by key. */
  listObjects(
    bucketName: string,
    q: URLSearchParams,
  ): { items: StoredObject[]; prefixes: string[]; nextPageToken?: string } {
    const bucket = this.getBucket(bucketName);
    const { max, after } = pageArgs(q);
    const prefix = q.get('prefix') ?? '';
    const delimiter = q.get('delimiter') ?? '';
    const start = q.get('startOffset');
    const end = q.get('endOffset');
    const trailing = q.get('includeTrailingDelimiter') === 'true';
    // Keys of the listing: object names, and prefixes folded at the delimiter. A prefix
    // counts once towards maxResults, however many objects it stands for.
    const entries = new Map<string, { object?: StoredObject; prefix?: true }>();
    for (const [name, object] of bucket.objects) {
      if (!name.startsWith(prefix)) continue;
      if (start && byteCompare(name, start) < 0) continue;
      if (end && byteCompare(name, end) >= 0) continue;
      const cut = delimiter ? name.indexOf(delimiter, prefix.length) : -1;
      const key = cut >= 0 ? name.slice(0, cut + delimiter.length) : name;
      const entry = entries.get(key) ?? {};
      if (cut >= 0) entry.prefix = true;
      // includeTrailingDelimiter: an object named exactly like its prefix is listed too.
      if (cut < 0 || (trailing && key === name)) entry.object = object;
      entries.set(key, entry);
    }
    const keys = [...entries.keys()]
      .filter((k) => after === undefined || byteCompare(k, after) > 0)
      .sort(byteCompare);
    const page = keys.slice(0, max);
    const items: StoredObject[] = [];
    const prefixes: string[] = [];
    for (const key of page) {
      const entry = entries.get(key);
      if (entry?.object) items.push(entry.object);
      if (entry?.prefix) prefixes.push(key);
    }
    return { items, prefixes, ...pageToken(keys, page, max) };
  }
}
