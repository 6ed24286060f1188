/**
 * A local Cloud Storage for the stack: the subset of the JSON API that `@google-cloud/storage`
 * 7.x uses, unchanged client side, plus Eventarc-style `object.v1.finalized` delivery. No
 * Google emulator for Storage runs offline and the functions must be tested with the
 * production client, so the protocol (paths, status codes, error bodies, checksums) is
 * followed closely; the data lives in memory.
 *
 * Paths, for both client configurations (uploads and downloads are the same for both):
 * - `new Storage({ apiEndpoint: url })` → JSON API under `/storage/v1/b/…`
 * - `STORAGE_EMULATOR_HOST=url` → JSON API under `/b/…`
 * - uploads `/upload/storage/v1/b/B/o`, downloads `/download/storage/v1/b/B/o/O` or `?alt=media`
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callerOf, guardFor, type Guard, type StorageIam } from './authorize.js';
import { Eventarc, type DeliveryOptions, type LogFn } from './eventarc.js';
import { GcsError, badRequest } from './gcs-error.js';
import { bucketResource, objectResource, parsePreconditions } from './objects.js';
import { OperationCounter, operationOf } from './operations.js';
import { readBody, send, sendMedia, type Reply } from './responses.js';
import { Store } from './store.js';
import { Uploads, parseJson } from './uploads.js';
import { seededRandom } from '../seeded-random.js';
import { operatorOnlyPolicy } from '../iam/local-plan.js';

/** Options of `startStorageEmulator`; all optional, so tests and the CLI share defaults. */
export interface StorageEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /**
   * Who may do what: every request is authorized against it (401 without credentials, 403
   * without the permission). The stack passes the deploy plan's policy
   * (emulators/iam/local-plan.ts); default: only the local operator, as Storage Admin.
   */
  iam?: StorageIam;
  /** Receives one JSON object per event (requests, faults, deliveries); default: none. */
  log?: (line: Record<string, unknown>) => void;
  /** Event retry policy; defaults 200 ms initial, 10 s max backoff, 20 attempts, 60 s timeout. */
  delivery?: {
    initialBackoffMs?: number;
    maxBackoffMs?: number;
    maxAttempts?: number;
    timeoutMs?: number;
    /** where a given-up event goes, as Eventarc's dead-letter topic */
    onGiveUp?: DeliveryOptions['onGiveUp'];
  };
}

/** A running emulator: where it listens, and the hooks tests drive it with. */
export interface StorageEmulator {
  /** e.g. `http://127.0.0.1:PORT`: give it as `apiEndpoint` or `STORAGE_EMULATOR_HOST`. */
  url: string;
  port: number;
  /** Eventarc-style trigger: on each finalized object in `bucket`, POST a google.cloud.storage.object.v1.finalized CloudEvent to `target` */
  subscribe(bucket: string, target: string): void;
  /** fault injection for tests: share of JSON API/upload/download requests answered 503 (0..1), deterministic PRNG seed optional */
  setFaults(f: { errorRate: number; seed?: number }): void;
  /** billed operations served so far, by JSON API method (see operations.ts) */
  operations(): Record<string, number>;
  /** resolves when all pending event deliveries have settled (delivered or given up) */
  idle(): Promise<void>;
  /** Stops listening, drops connections and abandons pending deliveries. */
  close(): Promise<void>;
}

interface Route {
  api: 'json' | 'upload' | 'download';
  /** Decoded path segments after `/b`; an object name is one segment (its `/` came as %2F). */
  segments: string[];
}

function route(rawPath: string): Route | undefined {
  const m = /^(?:\/storage\/v1)?(?:\/(upload|download)\/storage\/v1)?\/b(\/.*)?$/.exec(rawPath);
  if (!m) return undefined;
  try {
    const segments = (m[2] ?? '').split('/').slice(1).map(decodeURIComponent);
    return { api: (m[1] ?? 'json') as Route['api'], segments };
  } catch {
    return undefined; // malformed percent-encoding
  }
}

interface Context {
  store: Store;
  uploads: Uploads;
  url: string;
}

/** The bucket-level methods: permission, checked on the bucket (undefined: the project). */
function dispatchBucket(
  store: Store,
  url: string,
  method: string,
  bucket: string | undefined,
  q: URLSearchParams,
  body: Buffer,
  guard: Guard,
): Reply | undefined {
  const ok = (json: unknown): Reply => ({ status: 200, json });
  if (bucket === undefined && method === 'GET') {
    guard('storage.buckets.list', undefined);
    const { names, nextPageToken } = store.listBuckets(q);
    const items = names.map((b) => bucketResource(store.getBucket(b), url));
    return ok({ kind: 'storage#buckets', ...(items.length && { items }), nextPageToken });
  }
  if (bucket === undefined && method === 'POST') {
    guard('storage.buckets.create', undefined);
    return ok(bucketResource(store.createBucket(parseJson(body)), url));
  }
  if (bucket !== undefined && method === 'GET') {
    guard('storage.buckets.get', bucket);
    return ok(bucketResource(store.getBucket(bucket), url));
  }
  if (bucket !== undefined && method === 'DELETE') {
    guard('storage.buckets.delete', bucket);
    store.deleteBucket(bucket);
    return { status: 204 };
  }
  return undefined;
}

/** Answers one API request; returns undefined when it wrote the response itself (media). */
function dispatch(
  ctx: Context,
  req: IncomingMessage,
  res: ServerResponse,
  r: Route,
  q: URLSearchParams,
  body: Buffer,
  guard: Guard,
): Reply | undefined {
  const { store, uploads, url } = ctx;
  const method = req.method ?? 'GET';
  const [bucket, o, name, verb, b2, dstBucket, o2, dstName] = r.segments;
  const n = r.segments.length;
  const isObject = n === 3 && bucket !== undefined && o === 'o' && name !== undefined;
  const ok = (json: unknown): Reply => ({ status: 200, json });

  if (r.api === 'upload') {
    if (n !== 2 || bucket === undefined || o !== 'o') throw badRequest('Unknown upload path');
    const location = `http://${req.headers.host ?? new URL(url).host}${req.url?.split('?')[0]}`;
    const pre = parsePreconditions(q);
    return uploads.handle(method, bucket, q, req.headers, body, location, pre, guard);
  }
  if (r.api === 'download' || (isObject && method === 'GET' && q.get('alt') === 'media')) {
    if (!isObject || (method !== 'GET' && method !== 'HEAD')) {
      throw badRequest('Unknown download path');
    }
    guard('storage.objects.get', bucket, name);
    sendMedia(req, res, store.getObject(bucket, name, q));
    return undefined;
  }
  if (n <= 1) {
    const reply = dispatchBucket(store, url, method, bucket, q, body, guard);
    if (reply) return reply;
  }
  if (n === 2 && bucket !== undefined && o === 'o' && method === 'GET') {
    guard('storage.objects.list', bucket);
    const { items, prefixes, nextPageToken } = store.listObjects(bucket, q);
    return ok({
      kind: 'storage#objects',
      ...(prefixes.length && { prefixes }),
      ...(items.length && { items: items.map((i) => objectResource(i, url)) }),
      nextPageToken,
    });
  }
  if (isObject) {
    if (method === 'GET') {
      guard('storage.objects.get', bucket, name);
      return ok(objectResource(store.getObject(bucket, name, q), url));
    }
    if (method === 'PATCH' || method === 'PUT') {
      guard('storage.objects.update', bucket, name);
      return ok(objectResource(store.patchObject(bucket, name, parseJson(body), q), url));
    }
    if (method === 'DELETE') {
      guard('storage.objects.delete', bucket, name);
      store.deleteObject(bucket, name, q);
      return { status: 204 };
    }
  }
  const isCopy =
    n === 8 && o === 'o' && (verb === 'rewriteTo' || verb === 'copyTo') && b2 === 'b' && o2 === 'o';
  if (isCopy && method === 'POST' && bucket && name && dstBucket && dstName) {
    const copied = store.copyObject(
      { bucket, name },
      { bucket: dstBucket, name: dstName },
      parseJson(body),
      q,
      guard,
    );
    const resource = objectResource(copied, url);
    if (verb === 'copyTo') return ok(resource);
    const size = String(copied.data.length);
    return ok({
      kind: 'storage#rewriteResponse',
      totalBytesRewritten: size,
      objectSize: size,
      done: true,
      resource,
    });
  }
  throw new GcsError(404, 'notFound', `Not Found: ${method} ${req.url ?? ''}`);
}

/** Starts the emulator; resolves once it listens. */
export async function startStorageEmulator(
  opts: StorageEmulatorOptions = {},
): Promise<StorageEmulator> {
  const log: LogFn = opts.log ?? (() => {});
  const iam = opts.iam ?? operatorOnlyPolicy();
  const host = opts.host ?? '127.0.0.1';
  const eventarc = new Eventarc(
    {
      initialBackoffMs: opts.delivery?.initialBackoffMs ?? 200,
      maxBackoffMs: opts.delivery?.maxBackoffMs ?? 10_000,
      maxAttempts: opts.delivery?.maxAttempts ?? 20,
      timeoutMs: opts.delivery?.timeoutMs ?? 60_000,
      onGiveUp: opts.delivery?.onGiveUp,
    },
    log,
  );
  const store = new Store((o) => {
    const generation = String(o.generation);
    log({
      severity: 'INFO',
      message: 'object finalized',
      bucket: o.bucket,
      name: o.name,
      generation,
    });
    eventarc.publish(o.bucket, o.name, o.timeCreated, objectResource(o, ctx.url));
  });
  const ctx: Context = {
    store,
    uploads: new Uploads(store, (o) => objectResource(o, ctx.url)),
    url: '',
  };
  let faultRate = 0;
  let random = Math.random;
  const operations = new OperationCounter();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    res.on('finish', () => {
      const ms = Date.now() - started;
      const { method, url: path } = req;
      log({ severity: 'DEBUG', message: 'request', method, path, status: res.statusCode, ms });
    });
    const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s);
    const body = await readBody(req);
    try {
      const r = route(rawPath);
      if (!r) throw new GcsError(404, 'notFound', `Not Found: ${rawPath}`);
      const query = new URLSearchParams(rawQuery);
      const op = operationOf({ ...r, method: req.method ?? 'GET', query });
      res.on('finish', () => operations.count(op, res.statusCode));
      if (faultRate > 0 && random() < faultRate) {
        log({ severity: 'WARNING', message: 'fault injected', method: req.method, path: req.url });
        throw new GcsError(503, 'backendError', 'Service Unavailable (injected fault)');
      }
      const guard = guardFor(iam, callerOf(req.headers));
      const reply = dispatch(ctx, req, res, r, query, body, guard);
      if (reply) send(res, reply);
    } catch (err) {
      if (err instanceof GcsError) return send(res, { status: err.status, json: err.toJSON() });
      const stack = err instanceof Error ? err.stack : String(err);
      log({ severity: 'ERROR', message: 'internal error', path: req.url, error: stack });
      send(res, { status: 500, json: new GcsError(500, 'backendError', String(err)).toJSON() });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log({ severity: 'ERROR', message: 'request failed', error: String(err) });
      res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  ctx.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log({ severity: 'INFO', message: 'storage emulator listening', url: ctx.url });

  return {
    url: ctx.url,
    port,
    subscribe: (bucket, target) => eventarc.subscribe(bucket, target),
    setFaults({ errorRate, seed }) {
      if (!(errorRate >= 0 && errorRate <= 1)) {
        throw new RangeError(`errorRate must be within 0..1, got ${errorRate}`);
      }
      faultRate = errorRate;
      random = seed === undefined ? Math.random : seededRandom(seed);
      log({ severity: 'INFO', message: 'faults set', errorRate, seed });
    },
    operations: () => operations.snapshot(),
    idle: () => eventarc.idle(),
    async close() {
      eventarc.close();
      ctx.uploads.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await eventarc.idle();
      log({ severity: 'INFO', message: 'storage emulator closed' });
    },
  };
}
