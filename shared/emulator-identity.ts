/**
 * Who a function is when it calls the local emulators. In Google Cloud each function calls
 * Google APIs as its service account, with an access token from the metadata server; the
 * local stack gives each function process the email of the account deploy gives it, in
 * EMULATOR_SERVICE_ACCOUNT, and the clients carry it as a bearer token the local Storage
 * emulator reads back. Never used in the cloud: only when an emulator host is set.
 */

/** The setting naming the service account a function runs as on the local stack. */
export const EMULATOR_SERVICE_ACCOUNT = 'EMULATOR_SERVICE_ACCOUNT';

const TOKEN_PREFIX = 'emulator-token:';

/** The bearer token that stands for `email` on the local stack (it carries no secret). */
export function emulatorAccessToken(email: string): string {
  return `${TOKEN_PREFIX}${email}`;
}

/** The email a local bearer token stands for, or undefined when it is not one. */
export function emailOfEmulatorToken(token: string): string | undefined {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const email = token.slice(TOKEN_PREFIX.length);
  return /^[^\s@]+@[^\s@]+$/.test(email) ? email : undefined;
}

/** The account this process runs as on the local stack, if it was given one. */
export function emulatorServiceAccount(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[EMULATOR_SERVICE_ACCOUNT]?.trim() || undefined;
}

/** The request options `@google-cloud/storage`'s resumable uploads hand their auth client. */
interface GaxiosLikeOptions {
  url: string;
  method?: string;
  params?: Record<string, unknown>;
  headers?: Record<string, string>;
  data?: unknown;
  body?: unknown;
  validateStatus?: (status: number) => boolean;
}

/** What the library reads back: status, headers as a plain object, and the parsed body. */
interface GaxiosLikeResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  data: unknown;
  config: GaxiosLikeOptions;
}

async function bodyOf(o: GaxiosLikeOptions): Promise<Buffer | string | undefined> {
  const b = o.body ?? o.data;
  if (b === undefined || b === null) return undefined;
  if (typeof b === 'string' || Buffer.isBuffer(b)) return b;
  if (typeof (b as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const c of b as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(c));
    return Buffer.concat(chunks);
  }
  return JSON.stringify(b);
}

/**
 * One request with the local token, as an auth client's `request()` makes it (resumable
 * uploads call it directly). A status the caller does not accept rejects like gaxios does:
 * an error carrying `code`, `status` and `response`.
 */
async function requestAs(
  headers: Record<string, string>,
  o: GaxiosLikeOptions,
): Promise<GaxiosLikeResponse> {
  const url = new URL(o.url);
  for (const [k, v] of Object.entries(o.params ?? {})) {
    if (v !== undefined) url.searchParams.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  }
  const body = await bodyOf(o);
  const json = o.data !== undefined && o.body === undefined && typeof o.data === 'object';
  const res = await fetch(url, {
    method: o.method ?? 'GET',
    headers: { ...(json && { 'content-type': 'application/json' }), ...o.headers, ...headers },
    body,
  });
  const text = await res.text();
  let data: unknown = text;
  try {
    data = text ? (JSON.parse(text) as unknown) : '';
  } catch {
    /* not JSON: kept as text */
  }
  const response = {
    status: res.status,
    statusText: res.statusText,
    headers: Object.fromEntries(res.headers),
    data,
    config: o,
  };
  const accepted = o.validateStatus ?? ((s: number) => s >= 200 && s < 300);
  if (!accepted(res.status)) {
    const err = new Error(`Request failed with status code ${res.status}`);
    throw Object.assign(err, { code: res.status, status: res.status, response });
  }
  return response;
}

/**
 * An auth client for a Google client library that sends `email`'s local token with every
 * request, as `@google-cloud/storage` takes it (`authClient` with
 * `useAuthWithCustomEndpoint: true`): its GoogleAuth asks `getRequestHeaders()` for the
 * headers of JSON API calls (a plain header object, which that library version merges),
 * and resumable uploads call `request()` themselves.
 */
export function emulatorAuthClient(email: string): {
  getRequestHeaders(): Promise<Record<string, string>>;
  request(opts: GaxiosLikeOptions): Promise<GaxiosLikeResponse>;
} {
  const headers = { Authorization: `Bearer ${emulatorAccessToken(email)}` };
  return {
    getRequestHeaders: () => Promise.resolve({ ...headers }),
    request: (opts) => requestAs(headers, opts),
  };
}

/**
 * The same identity as a request interceptor: `@google-cloud/storage` 7.x starts a resumable
 * upload without its auth client when the endpoint is custom (its `upload()` path does not
 * pass `useAuthWithCustomEndpoint` on), but it does apply the client's interceptors there.
 * The functions never upload resumably; clients that do (tools, tests) add this too.
 */
export function emulatorInterceptor(email: string): { request<T>(opts: T): T } {
  const authorization = `Bearer ${emulatorAccessToken(email)}`;
  return {
    request<T>(opts: T): T {
      const o = opts as T & { headers?: Record<string, string> };
      return { ...o, headers: { ...o.headers, Authorization: authorization } };
    },
  };
}
