import { PermanentError, RetryableError } from '../../shared/errors';

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
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new RetryableError(`file download failed: ${(err as Error).name}`);
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
