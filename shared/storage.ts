import { IdempotencyStrategy, Storage, type StorageOptions } from '@google-cloud/storage';
import { emulatorAuthClient, emulatorServiceAccount } from './emulator-identity';
import { classifyCloudError, httpStatusOf } from './errors';

/**
 * The few object operations the functions need, behind an interface so handlers can be
 * tested with an in-memory fake and so that Storage preconditions, not memory, decide
 * what is a duplicate.
 */
export interface ObjectStore {
  /** Creates `name` only if absent (`ifGenerationMatch: 0`); 'exists' when it already was. */
  create(
    bucket: string,
    name: string,
    data: Buffer,
    opts: { contentType: string; metadata?: Record<string, string> },
  ): Promise<'created' | 'exists'>;
  /** The object's bytes and custom metadata, or null when it does not exist. */
  read(bucket: string, name: string): Promise<StoredObject | null>;
  exists(bucket: string, name: string): Promise<boolean>;
  /** Generation and creation time of an object, or null when it does not exist. */
  stat(bucket: string, name: string): Promise<ObjectStat | null>;
  /**
   * Deletes if present; a missing object is not an error (deletes are retried). With
   * `ifGenerationMatch`, only that generation is deleted: false when it was not.
   */
  remove(bucket: string, name: string, opts?: { ifGenerationMatch?: string }): Promise<boolean>;
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
      classified(`create gs://${bucket}/${name}`, { 412: 'exists' as const }, async () => {
        await file(bucket, name).save(data, {
          resumable: false,
          contentType: opts.contentType,
          metadata: { contentType: opts.contentType, metadata: opts.metadata ?? {} },
          preconditionOpts: { ifGenerationMatch: 0 },
        });
        return 'created' as const;
      }),
    read: (bucket, name) =>
      classified(`read gs://${bucket}/${name}`, { 404: null }, async () => {
        const f = file(bucket, name);
        const [[data], [meta]] = await Promise.all([f.download(), f.getMetadata()]);
        const custom: Record<string, string> = {};
        for (const [k, v] of Object.entries(meta.metadata ?? {})) {
          if (v !== null && v !== undefined) custom[k] = String(v);
        }
        return { data, contentType: meta.contentType, metadata: custom };
      }),
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
  return {
    objects,
    create(bucket, name, data, opts) {
      const k = key(bucket, name);
      if (objects.has(k)) return Promise.resolve('exists' as const);
      objects.set(k, {
        data: Buffer.from(data),
        contentType: opts.contentType,
        metadata: { ...(opts.metadata ?? {}) },
        generation: String(++generation),
        created: new Date(),
      });
      return Promise.resolve('created' as const);
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
