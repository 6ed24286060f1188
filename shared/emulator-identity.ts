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

/**
 * An auth client for a Google client library that sends `email`'s local token with every
 * request, as `@google-cloud/storage` takes it (`authClient` with
 * `useAuthWithCustomEndpoint: true`): its GoogleAuth asks `getRequestHeaders()` for the
 * headers of each request. A plain header object, which that library version merges.
 */
export function emulatorAuthClient(email: string): {
  getRequestHeaders(): Promise<Record<string, string>>;
} {
  const headers = { Authorization: `Bearer ${emulatorAccessToken(email)}` };
  return { getRequestHeaders: () => Promise.resolve({ ...headers }) };
}
