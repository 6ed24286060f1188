/**
 * One webhook delivery attempt, reported in the words Telegram uses in
 * getWebhookInfo.last_error_message, so the bot's operators see locally what
 * they would see in production.
 */
import http from 'node:http';
import https from 'node:https';

/** Telegram gives a webhook about a minute to answer. */
const DELIVERY_TIMEOUT_MS = 60_000;

/** Result of one attempt: `ok` means a 2xx answer (the only thing Telegram accepts). */
export interface AttemptResult {
  ok: boolean;
  status?: number;
  /** Telegram-style description of the failure. */
  error?: string;
}

/** Handles a 2xx webhook response whose body may carry a Bot API call ("webhook reply"). */
export type WebhookReplyHandler = (response: http.IncomingMessage) => Promise<void>;

/** Keep-alive agents shared by all deliveries of one emulator, destroyed on close. */
export interface DeliveryAgents {
  http: http.Agent;
  https: https.Agent;
  /** In-flight requests, aborted on close so nothing outlives the emulator. */
  inflight: Set<http.ClientRequest>;
}

export function createAgents(maxSockets: number): DeliveryAgents {
  return {
    http: new http.Agent({ keepAlive: true, maxSockets }),
    https: new https.Agent({ keepAlive: true, maxSockets }),
    inflight: new Set(),
  };
}

export function destroyAgents(agents: DeliveryAgents): void {
  for (const req of agents.inflight) req.destroy();
  agents.inflight.clear();
  agents.http.destroy();
  agents.https.destroy();
}

/** POSTs the update as JSON with the secret header, like Telegram's webhook sender. */
export function postUpdate(
  url: string,
  body: string,
  secretToken: string | undefined,
  agents: DeliveryAgents,
  onReply: WebhookReplyHandler,
): Promise<AttemptResult> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const headers: http.OutgoingHttpHeaders = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    };
    if (secretToken) headers['x-telegram-bot-api-secret-token'] = secretToken;
    const options: http.RequestOptions = {
      method: 'POST',
      headers,
      agent: secure ? agents.https : agents.http,
      timeout: DELIVERY_TIMEOUT_MS,
    };
    const req = (secure ? https : http).request(target, options, (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        res.resume();
        res.on('end', () => resolve({ ok: false, status, error: wrongResponse(res) }));
        res.on('error', () => resolve({ ok: false, status, error: wrongResponse(res) }));
        return;
      }
      onReply(res).then(
        () => resolve({ ok: true, status }),
        () => resolve({ ok: true, status }),
      );
    });
    agents.inflight.add(req);
    req.on('close', () => agents.inflight.delete(req));
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
    );
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ ok: false, error: describe(err) }));
    req.end(body);
  });
}

function wrongResponse(res: http.IncomingMessage): string {
  const text = res.statusMessage ?? http.STATUS_CODES[res.statusCode ?? 0] ?? '';
  return `Wrong response from the webhook: ${res.statusCode ?? 0} ${text}`.trim();
}

function describe(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'Connection refused';
    case 'ECONNRESET':
      return 'Connection reset by peer';
    case 'ETIMEDOUT':
      return 'Read timeout expired';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'Failed to resolve host: Name or service not known';
    default:
      return err.code?.startsWith('ERR_TLS') || err.code?.includes('CERT')
        ? `SSL error {${err.message}}`
        : `Connection failed: ${err.code ?? err.message}`;
  }
}
