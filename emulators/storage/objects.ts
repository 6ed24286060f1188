/**
 * Shapes of the emulator's data and GCS's rules that apply to one object: which fields a
 * client may set, how preconditions are judged, and the resource JSON the client (and an
 * Eventarc handler, as `StorageObjectData`) reads back.
 */
import { badRequest, conditionNotMet, notModified } from './gcs-error.js';

/** One live object. `data` is kept as sent (gzip stays gzip), like GCS stores it. */
export interface StoredObject {
  bucket: string;
  name: string;
  data: Buffer;
  generation: number;
  metageneration: number;
  contentType: string;
  contentEncoding?: string;
  cacheControl?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  customTime?: string;
  metadata: Record<string, string>;
  md5Hash: string;
  crc32c: string;
  timeCreated: string;
  updated: string;
}

/** A bucket and its objects. */
export interface StoredBucket {
  name: string;
  location: string;
  storageClass: string;
  labels: Record<string, string>;
  timeCreated: string;
  objects: Map<string, StoredObject>;
}

/** Object fields a client may set on upload or patch (the JSON resource, loosely typed). */
export interface ObjectFields {
  name?: string;
  contentType?: string;
  contentEncoding?: string;
  cacheControl?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  customTime?: string;
  /** `null` values delete a key on patch; `metadata: null` clears the map. */
  metadata?: Record<string, unknown> | null;
  /** Checksums the client claims; an upload whose data does not match them is refused. */
  md5Hash?: string;
  crc32c?: string;
}

/** `if(Meta)generation(Not)Match` query values, parsed. */
export interface Preconditions {
  ifGenerationMatch?: number;
  ifGenerationNotMatch?: number;
  ifMetagenerationMatch?: number;
  ifMetagenerationNotMatch?: number;
}

/** Settable string fields; an empty string (from JSON `null`) means "remove" on patch. */
export const SIMPLE_FIELDS = [
  'contentType',
  'contentEncoding',
  'cacheControl',
  'contentDisposition',
  'contentLanguage',
  'customTime',
] as const;

/** Reads object fields out of a parsed JSON body, ignoring anything not modelled here. */
export function toObjectFields(body: unknown): ObjectFields {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const src = body as Record<string, unknown>;
  const out: ObjectFields = {};
  for (const key of [...SIMPLE_FIELDS, 'name', 'md5Hash', 'crc32c'] as const) {
    const v = src[key];
    if (typeof v === 'string') out[key] = v;
    else if (v === null && key !== 'name') out[key] = '';
  }
  const meta = src['metadata'];
  if (meta === null) out.metadata = null;
  else if (typeof meta === 'object' && !Array.isArray(meta)) {
    out.metadata = meta as Record<string, unknown>;
  }
  return out;
}

/** Custom metadata values are strings in GCS; `null` entries are dropped. */
export function stringMap(src: Record<string, unknown> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(src ?? {})) {
    if (v !== null && v !== undefined) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/** Parses the precondition query parameters; a non-integer value is a 400. */
export function parsePreconditions(q: URLSearchParams): Preconditions {
  const out: Preconditions = {};
  for (const key of [
    'ifGenerationMatch',
    'ifGenerationNotMatch',
    'ifMetagenerationMatch',
    'ifMetagenerationNotMatch',
  ] as const) {
    const raw = q.get(key);
    if (raw === null) continue;
    if (!/^\d+$/.test(raw)) throw badRequest(`Invalid argument for ${key}: ${raw}`);
    out[key] = Number(raw);
  }
  return out;
}

/**
 * Applies preconditions as GCS does: a failed `*Match` is 412; a failed `*NotMatch` is 304
 * on reads (GET of metadata or media) and 412 on writes. A missing object has generation 0,
 * which is what makes `ifGenerationMatch: 0` mean "create, never overwrite".
 */
export function checkPreconditions(
  p: Preconditions,
  current: StoredObject | undefined,
  op: 'read' | 'write',
): void {
  const generation = current?.generation ?? 0;
  const notMatchFailed = op === 'read' ? notModified : conditionNotMet;
  if (p.ifGenerationMatch !== undefined && p.ifGenerationMatch !== generation) {
    throw conditionNotMet();
  }
  if (p.ifGenerationNotMatch !== undefined && p.ifGenerationNotMatch === generation) {
    throw notMatchFailed();
  }
  if (
    p.ifMetagenerationMatch !== undefined &&
    (!current || current.metageneration !== p.ifMetagenerationMatch)
  ) {
    throw conditionNotMet();
  }
  if (
    p.ifMetagenerationNotMatch !== undefined &&
    current &&
    current.metageneration === p.ifMetagenerationNotMatch
  ) {
    throw notMatchFailed();
  }
}

const enc = encodeURIComponent;

/** The bucket resource JSON. */
export function bucketResource(b: StoredBucket, baseUrl: string): Record<string, unknown> {
  return {
    kind: 'storage#bucket',
    id: b.name,
    selfLink: `${baseUrl}/storage/v1/b/${enc(b.name)}`,
    projectNumber: '0',
    name: b.name,
    timeCreated: b.timeCreated,
    updated: b.timeCreated,
    metageneration: '1',
    location: b.location,
    locationType: 'multi-region',
    storageClass: b.storageClass,
    etag: 'CAE=',
    ...(Object.keys(b.labels).length > 0 && { labels: b.labels }),
  };
}

/**
 * The object resource JSON, also the body of a finalized CloudEvent. Numbers are strings
 * (`generation`, `size`) and hashes base64 of the digest bytes, exactly as GCS sends them:
 * the client compares `crc32c`/`md5Hash` with its own after an upload.
 */
export function objectResource(o: StoredObject, baseUrl: string): Record<string, unknown> {
  const path = `b/${enc(o.bucket)}/o/${enc(o.name)}`;
  return {
    kind: 'storage#object',
    id: `${o.bucket}/${o.name}/${o.generation}`,
    selfLink: `${baseUrl}/storage/v1/${path}`,
    mediaLink: `${baseUrl}/download/storage/v1/${path}?generation=${o.generation}&alt=media`,
    name: o.name,
    bucket: o.bucket,
    generation: String(o.generation),
    metageneration: String(o.metageneration),
    contentType: o.contentType,
    storageClass: 'STANDARD',
    size: String(o.data.length),
    md5Hash: o.md5Hash,
    crc32c: o.crc32c,
    etag: Buffer.from(`${o.generation}/${o.metageneration}`).toString('base64'),
    timeCreated: o.timeCreated,
    updated: o.updated,
    timeStorageClassUpdated: o.timeCreated,
    ...(o.contentEncoding && { contentEncoding: o.contentEncoding }),
    ...(o.cacheControl && { cacheControl: o.cacheControl }),
    ...(o.contentDisposition && { contentDisposition: o.contentDisposition }),
    ...(o.contentLanguage && { contentLanguage: o.contentLanguage }),
    ...(o.customTime && { customTime: o.customTime }),
    ...(Object.keys(o.metadata).length > 0 && { metadata: { ...o.metadata } }),
  };
}
