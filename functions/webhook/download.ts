import { PermanentError, RetryableError } from '../../shared/errors';

/** One segment of a file_path as Telegram returns them (`photos/file_12.jpg`). */
const PATH_SEGMENT = /^[A-Za-z0-9_.-]{1,255}$/;
const MAX_FILE_PATH_LENGTH = 1024;

/**
 * The download URL of a file, as telegraf's getFileLink builds it (`<apiRoot>/file/bot
 * <token>/<file_path>`), but only for a file_path that is relative and made of plain
 * segments (no `..`, no scheme, no query), and only when the result stays on the API
 * root's origin. Anything else is a permanent failure the user is told about: an
 * absolute path (a local Bot API server's) or a crafted one must never become a fetch
 * of another host, a `file:` URL, or a retry loop.
 */
export function telegramFileUrl(apiRoot: string, token: string, filePath: unknown): URL {
  const refuse = (why: string) =>
    new PermanentError(`getFile returned an unusable file_path (${why})`, 'failed');
  if (typeof filePath !== 'string' || filePath.length === 0) throw refuse('none');
  if (filePath.length > MAX_FILE_PATH_LENGTH) throw refuse('too long');
  const segments = filePath.split('/');
  if (!segments.every((s) => PATH_SEGMENT.test(s) && s !== '.' && s !== '..')) {
    throw refuse('not a relative path of plain segments');
  }
  const root = new URL(apiRoot);
  const url = new URL(`./file/bot${token}/${filePath}`, root);
  if (url.origin !== root.origin || !/^https?:$/.test(url.protocol)) throw refuse('off origin');
  return url;
}

/**
 * Downloads a Telegram file, refusing more than `maxBytes` while streaming (a lying
 * Content-Length must not make us buffer an unbounded body). The URL contains the bot
 * token, so it is never put into an error message.
 */
export async function downloadFile(
  url: URL,
  maxBytes: number,
  timeoutMs = 30_000,
): Promise<Buffer> {
  let res: Response;
  try {
    // Telegram serves files directly: a redirect is not followed to wherever it points.
    res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new RetryableError(`file download failed: ${(err as Error).name}`);
  }
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel();
    throw new PermanentError(`file download redirected: HTTP ${res.status}`, 'failed');
  }
  if (res.status >= 500 || res.status === 429) {
    throw new RetryableError(`file download failed: HTTP ${res.status}`);
  }
  if (!res.ok || !res.body) {
    throw new PermanentError(`file download failed: HTTP ${res.status}`, 'undecodable');
  }
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body.cancel();
    throw new PermanentError(`file is ${declared} bytes`, 'too_big');
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > maxBytes) throw new PermanentError(`file exceeds ${maxBytes} bytes`, 'too_big');
      chunks.push(Buffer.from(chunk));
    }
  } catch (err) {
    if (err instanceof PermanentError) throw err;
    throw new RetryableError(`file download interrupted: ${(err as Error).name}`);
  }
  return Buffer.concat(chunks, total);
}
