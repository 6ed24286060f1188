import { IdempotencyStrategy, Storage, type StorageOptions } from '@google-cloud/storage';
import { emulatorAuthClient, emulatorServiceAccount } from './emulator-identity';
import { classifyCloudError, httpStatusOf } from './errors';

/**
 * The few object operations the functions need, behind an interface so handlers can be
 * tested with an in-memory fake and so that Storage preconditions, not memory, decide
 * what is a duplicate.
 */
export interface ObjectStore {
  /**
   * Creates `name` only if absent (`ifGenerationMatch: 0`): the new generation, so that
   * its maker can later change or delete exactly what it made; 'exists' when it was there.
   */
  create(
    bucket: string,
    name: string,
    data: Buffer,
    opts: WriteOptions,
  ): Promise<Created | 'exists'>;
  /**
   * Overwrites `name` only while its live generation is `ifGenerationMatch`: the new
   * generation, or 'changed' when someone else changed or deleted it first.
   */
  replace(
    bucket: string,
    name: string,
    data: Buffer,
    opts: WriteOptions & { ifGenerationMatch: string },
  ): Promise<Created | 'changed'>;
  /** The object's bytes, custom metadata and generation, or null when it does not exist. */
  read(bucket: string, name: string): Promise<(StoredObject & ObjectStat) | null>;
  exists(bucket: string, name: string): Promise<boolean>;
  /** Generation and creation time of an object, or null when it does not exist. */
  stat(bucket: string, name: string): Promise<ObjectStat | null>;
  /**
   * Deletes if present; a missing object is not an error (deletes are retried). With
   * `ifGenerationMatch`, only that generation is deleted: false when it was not.
   */
  remove(bucket: string, name: string, opts?: { ifGenerationMatch?: string }): Promise<boolean>;
}

export interface WriteOptions {
  contentType: string;
  metadata?: Record<string, string>;
}

/** What a write made: the object's new generation. */
export interface Created {
  generation: string;
}

export interface ObjectStat {
  generation: string;
  created: Date;
}

export interface StoredObject {
  data: Buffer;
  contentType?: string;
  metadata: Record<string, string>;
}

/** How the functions' Storage client retries 429/5xx and network errors. */
export const STORAGE_RETRY: NonNullable<StorageOptions['retryOptions']> = {
  autoRetry: true,
  maxRetries: 3,
  retryDelayMultiplier: 2,
  totalTimeout: 60,
  // Every call an ObjectStore makes is safe to repeat: reads, creates guarded by
  // ifGenerationMatch: 0, and deletes with ignoreNotFound. The default strategy
  // (RetryConditional) does not retry a delete without a generation precondition, so a
  // single 503 left a delivery claim behind (the photo then waited a full lease and got
  // an apology instead of its sticker); and client 7.x switches retries off by writing
  // `autoRetry = false` on the client shared by all the calls in flight, so one such
  // delete also cost a concurrent create its retries. RetryAlways does neither.
  idempotencyStrategy: IdempotencyStrategy.RetryAlways,
};

/**
 * A client for Cloud Storage, or for the local emulator when STORAGE_EMULATOR_HOST is
 * set (the client library reads that variable itself). Created once per instance. On the
 * local stack the function calls the emulator as its deployed service account
 * (EMULATOR_SERVICE_ACCOUNT, shared/emulator-identity.ts); without one it calls
 * anonymously, and the emulator refuses it as Google would.
 */
export function createStorage(
  options: Omit<StorageOptions, 'retryOptions'> = {},
  env: NodeJS.ProcessEnv = process.env,
): Storage {
  const account = emulatorServiceAccount(env);
  const local = Boolean(env.STORAGE_EMULATOR_HOST || options.apiEndpoint);
  const identity: StorageOptions =
    local && account && !options.authClient
      ? {
          useAuthWithCustomEndpoint: true,
          // Duck-typed: GoogleAuth only calls getRequestHeaders() on it (see that module).
          authClient: emulatorAuthClient(account) as unknown as StorageOptions['authClient'],
        }
      : {};
  return new Storage({ ...identity, ...options, retryOptions: { ...STORAGE_RETRY } });
}

/** The production ObjectStore on @google-cloud/storage; errors come out classified. */
export function createObjectStore(storage: Storage = createStorage()): ObjectStore {
  const file = (bucket: string, name: string) => storage.bucket(bucket).file(name);
  return {
    create: (bucket, name, data, opts) =>
      classified(`create gs://${bucket}/${name}`, { 412: 'exists' as const }, () =>
        write(file(bucket, name), data, opts, 0),
      ),
    replace: (bucket, name, data, opts) =>
      classified(`replace gs://${bucket}/${name}`, { 412: 'changed' as const }, () =>
        write(file(bucket, name), data, opts, Number(opts.ifGenerationMatch)),
      ),
    read: (bucket, name) =>
      classified(`read gs://${bucket}/${name}`, { 404: null }, () =>
        readObject(storage, bucket, name),
      ),
    exists: (bucket, name) =>
      classified(`stat gs://${bucket}/${name}`, {}, async () => {
        const [found] = await file(bucket, name).exists();
        return found;
      }),
    stat: (bucket, name) =>
      classified(`stat gs://${bucket}/${name}`, { 404: null }, async () => {
        const [meta] = await file(bucket, name).getMetadata();
        return {
          generation: String(meta.generation),
          created: new Date(meta.timeCreated ?? Date.now()),
        };
      }),
    remove: (bucket, name, opts = {}) =>
      classified(`delete gs://${bucket}/${name}`, { 412: false }, async () => {
        await file(bucket, name).delete({
          ignoreNotFound: true,
          ...(opts.ifGenerationMatch ? { ifGenerationMatch: opts.ifGenerationMatch } : {}),
        });
        return true;
      }),
  };
}

/** One read: bytes, custom metadata and generation (see ObjectStore.read). */
async function readObject(
  storage: Storage,
  bucket: string,
  name: string,
): Promise<StoredObject & ObjectStat> {
  // The metadata and the live bytes at once: one round trip instead of two in a
  // row. The bytes are kept only when the media answer's `x-goog-generation` is the
  // generation the metadata describes, so what the caller decides from them holds
  // for the generation it may act on; a change in between (rare) costs one pinned
  // download of that generation. (One media GET alone cannot replace both: custom
  // metadata comes back only as `x-goog-meta-*` headers, where non-ASCII values,
  // such as a caption, have no documented encoding.)
  const live = storage.bucket(bucket).file(name);
  const [[meta], got] = await Promise.all([live.getMetadata(), downloadLive(live)]);
  const generation = String(meta.generation);
  const pinned = () => storage.bucket(bucket).file(name, { generation: Number(generation) });
  const data = got.generation === generation ? got.data : (await pinned().download())[0];
  const custom: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta.metadata ?? {})) {
    if (v !== null && v !== undefined) custom[k] = String(v);
  }
  return {
    data,
    contentType: meta.contentType,
    metadata: custom,
    generation,
    created: new Date(meta.timeCreated ?? Date.now()),
  };
}

/**
 * The live bytes of an object in one media GET, with the generation they are from (the
 * `x-goog-generation` header GCS sends with every download; undefined if it did not).
 */
function downloadLive(
  f: ReturnType<ReturnType<Storage['bucket']>['file']>,
): Promise<{ data: Buffer; generation: string | undefined }> {
  return new Promise((resolve, reject) => {
    let generation: string | undefined;
    const chunks: Buffer[] = [];
    f.createReadStream()
      .on('response', (res: { headers?: Record<string, unknown> }) => {
        const g = res.headers?.['x-goog-generation'];
        generation = typeof g === 'string' ? g : undefined;
      })
      .on('data', (c: Buffer) => chunks.push(c))
      .on('end', () => resolve({ data: Buffer.concat(chunks), generation }))
      .on('error', reject);
  });
}

/** One write under a generation precondition (0: only if absent); the new generation. */
async function write(
  f: ReturnType<ReturnType<Storage['bucket']>['file']>,
  data: Buffer,
  opts: WriteOptions,
  ifGenerationMatch: number,
): Promise<Created> {
  await f.save(data, {
    resumable: false,
    contentType: opts.contentType,
    metadata: { contentType: opts.contentType, metadata: opts.metadata ?? {} },
    preconditionOpts: { ifGenerationMatch },
  });
  const generation = f.metadata.generation;
  if (generation === undefined || generation === null) {
    throw new Error(
      `Storage did not say which generation of gs://${f.bucket.name}/${f.name} it wrote`,
    );
  }
  return { generation: String(generation) };
}

/**
 * Runs one Storage call: an HTTP status listed in `answers` is an answer, not a failure
 * (412 on a precondition, 404 on a read); any other error comes out classified.
 */
async function classified<T, A>(
  what: string,
  answers: Partial<Record<number, A>>,
  call: () => Promise<T>,
): Promise<T | A> {
  try {
    return await call();
  } catch (err) {
    const status = httpStatusOf(err);
    if (status !== undefined && status in answers) return answers[status] as A;
    throw classifyCloudError(err, what);
  }
}

/** In-memory ObjectStore with the same precondition semantics, for unit tests. */
export function createMemoryObjectStore(): ObjectStore & {
  objects: Map<string, StoredObject & ObjectStat>;
} {
  const objects = new Map<string, StoredObject & ObjectStat>();
  const key = (b: string, n: string) => `${b}/${n}`;
  let generation = 1_000;
  const put = (k: string, data: Buffer, opts: WriteOptions): Created => {
    const made = { generation: String(++generation) };
    objects.set(k, {
      data: Buffer.from(data),
      contentType: opts.contentType,
      metadata: { ...(opts.metadata ?? {}) },
      ...made,
      created: new Date(),
    });
    return made;
  };
  return {
    objects,
    create(bucket, name, data, opts) {
      const k = key(bucket, name);
      if (objects.has(k)) return Promise.resolve('exists' as const);
      return Promise.resolve(put(k, data, opts));
    },
    replace(bucket, name, data, opts) {
      const k = key(bucket, name);
      if (objects.get(k)?.generation !== opts.ifGenerationMatch) {
        return Promise.resolve('changed' as const);
      }
      return Promise.resolve(put(k, data, opts));
    },
    read: (bucket, name) => Promise.resolve(objects.get(key(bucket, name)) ?? null),
    exists: (bucket, name) => Promise.resolve(objects.has(key(bucket, name))),
    stat(bucket, name) {
      const o = objects.get(key(bucket, name));
      return Promise.resolve(o ? { generation: o.generation, created: o.created } : null);
    },
    remove(bucket, name, opts = {}) {
      const k = key(bucket, name);
      const o = objects.get(k);
      if (o && opts.ifGenerationMatch && o.generation !== opts.ifGenerationMatch) {
        return Promise.resolve(false);
      }
      objects.delete(k);
      return Promise.resolve(true);
    },
  };
}
