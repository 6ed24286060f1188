import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import type { GateConfig } from './gate';
import { isValidSecret } from './secret';

/** Node publishes every request here before the server's 'request' event (Node ≥ 18.7). */
const REQUEST_START = 'http.server.request.start';

/** Why the body of a request was never read. */
export type SkippedBody = 'unauthenticated' | 'too large';

const SKIPPED = Symbol('webhook: body not read');
type Marked = IncomingMessage & { [SKIPPED]?: SkippedBody };

/**
 * Keeps the Functions Framework from reading bodies it should not. The framework parses
 * every JSON body itself (body-parser, up to 1 GB) before the function runs, and a forged
 * 32 MiB JSON of many small values takes several hundred MiB of heap to parse: more than
 * the webhook's memory. This looks at the headers of each request as it arrives, before
 * any middleware: without the right secret, or with a declared length over the limit,
 * the request is marked and its body framing headers are removed, so no body parser
 * reads it (body-parser skips a request without Content-Length or Transfer-Encoding).
 * Node then discards the unread body after the answer, a chunk at a time. The gate
 * (./gate.ts) answers such a request 401 or 413 as before.
 *
 * Applies to every HTTP server of the process: install it where the webhook runs alone
 * (its entry point). Returns the uninstaller.
 */
export function guardRequestBodies(config: GateConfig): () => void {
  const onRequest = (message: unknown) => {
    const { request } = message as { request: IncomingMessage };
    const skip = bodyVerdict(request, config);
    if (skip) markSkipped(request, skip);
  };
  subscribe(REQUEST_START, onRequest);
  return () => unsubscribe(REQUEST_START, onRequest);
}

/** Why a request's body must not be read, if it must not. */
export function bodyVerdict(req: IncomingMessage, config: GateConfig): SkippedBody | undefined {
  if (!isValidSecret(req.headers['x-telegram-bot-api-secret-token'], config.webhookSecret)) {
    return 'unauthenticated';
  }
  const declared = Number(req.headers['content-length']);
  return declared > config.maxBodyBytes ? 'too large' : undefined;
}

function markSkipped(req: IncomingMessage, why: SkippedBody): void {
  (req as Marked)[SKIPPED] = why;
  delete req.headers['content-length'];
  delete req.headers['transfer-encoding'];
}

/** Why the guard left this request's body unread, if it did. */
export function skippedBody(req: IncomingMessage): SkippedBody | undefined {
  return (req as Marked)[SKIPPED];
}
