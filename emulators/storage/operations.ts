/**
 * Which JSON API method a request is, and how Cloud Storage bills it, so a run on the local
 * stack can say how many billable operations a sticker costs. Classes from Cloud Storage
 * pricing, "operations by class" (cloud.google.com/storage/pricing): inserts, patches,
 * lists, copies and rewrites are class A; gets (metadata or media) are class B; deletes are
 * free. Requests answered 307, 4xx or 5xx are not charged (same page), so an `exists()`
 * that finds nothing costs nothing.
 */

export type OperationClass = 'A' | 'B' | 'free';

export const OPERATION_CLASS: Record<string, OperationClass> = {
  'storage.objects.insert': 'A',
  'storage.objects.patch': 'A',
  'storage.objects.update': 'A',
  'storage.objects.list': 'A',
  'storage.objects.copy': 'A',
  'storage.objects.rewrite': 'A',
  'storage.buckets.insert': 'A',
  'storage.buckets.list': 'A',
  'storage.objects.get': 'B',
  'storage.buckets.get': 'B',
  'storage.objects.delete': 'free',
  'storage.buckets.delete': 'free',
};

/** A routed request: which API, and the path segments after `/b`. */
export interface RoutedRequest {
  api: 'json' | 'upload' | 'download';
  segments: string[];
  method: string;
  query: URLSearchParams;
}

/**
 * The JSON API method of a request (`storage.objects.get`, …), or undefined for one this
 * emulator does not bill (a resumable upload's chunk belongs to the insert that opened it).
 */
export function operationOf(r: RoutedRequest): string | undefined {
  const n = r.segments.length;
  const [, o, , verb] = r.segments;
  if (r.api === 'upload') return r.method === 'POST' ? 'storage.objects.insert' : undefined;
  if (r.api === 'download') return 'storage.objects.get';
  if (n === 0) return r.method === 'POST' ? 'storage.buckets.insert' : 'storage.buckets.list';
  if (n === 1) return r.method === 'DELETE' ? 'storage.buckets.delete' : 'storage.buckets.get';
  if (o !== 'o') return undefined;
  if (n === 2) return 'storage.objects.list';
  if (n === 3) {
    const byMethod: Record<string, string> = {
      GET: 'storage.objects.get',
      PATCH: 'storage.objects.patch',
      PUT: 'storage.objects.update',
      DELETE: 'storage.objects.delete',
    };
    return byMethod[r.method];
  }
  if (verb === 'rewriteTo') return 'storage.objects.rewrite';
  if (verb === 'copyTo') return 'storage.objects.copy';
  return undefined;
}

/** Whether Cloud Storage charges a request that got this status. */
export function isBilled(status: number): boolean {
  return status < 400 && status !== 307;
}

/** Counts of billed operations by JSON API method. */
export class OperationCounter {
  private readonly counts = new Map<string, number>();

  count(operation: string | undefined, status: number): void {
    if (operation && isBilled(status)) {
      this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
    }
  }

  /** A copy of the counts so far, e.g. `{ 'storage.objects.get': 12 }`. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}
