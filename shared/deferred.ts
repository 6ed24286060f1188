/**
 * Short cold starts. Cloud Run counts an instance as started once it listens, and the
 * request that woke it waits for that. The Google Cloud clients cost most of a cold
 * start (CPU at load, measured with `npm run bench:cold`: Pub/Sub ≈ 450 ms, Firestore
 * ≈ 300 ms, Storage ≈ 140 ms, the model and sharp more), so a function's index only
 * validates its settings before listening and builds its handler, with every client,
 * right after: the first request then finds it ready, or waits for the part still loading
 * while its own network calls are in flight.
 */

/**
 * A value made once, on first `get()`, and shared; a failure is not cached, so the next
 * call tries again (a cold start that failed to load must not poison the instance).
 */
export function deferred<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () =>
    (value ??= make().catch((err: unknown) => {
      value = undefined;
      throw err;
    }));
}

/**
 * Starts `load` once the server listens. The Functions Framework calls `listen()`
 * synchronously after it has required the function's module (no I/O in between), and a
 * `setImmediate` callback runs only after that: so nothing here delays listening. A
 * failure is left to the first request, which calls `load` again and reports it.
 */
export function loadAfterListening(load: () => Promise<unknown>): void {
  setImmediate(() => {
    load().catch(() => undefined);
  });
}
