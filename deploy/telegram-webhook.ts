/**
 * The Bot API calls a deploy makes, over plain fetch: no bot framework needed, and
 * the token (part of every URL) stays inside this module; errors never include the URL.
 */

import { ALLOWED_UPDATES } from '../shared/allowed-updates';
import { commandRegistrations } from '../shared/commands';

export interface WebhookSettings {
  url: string;
  secretToken: string;
  /** ≤ webhook max instances × concurrency, so Telegram never outruns the function */
  maxConnections: number;
}

/** What getWebhookInfo reports; printed after a deploy so problems show at once. */
export interface WebhookInfo {
  url: string;
  has_custom_certificate?: boolean;
  pending_update_count: number;
  last_error_date?: number;
  last_error_message?: string;
  max_connections?: number;
  allowed_updates?: string[];
  ip_address?: string;
}

type Fetch = typeof fetch;

async function call<T>(
  apiRoot: string,
  token: string,
  method: string,
  params: Record<string, unknown>,
  fetchImpl: Fetch,
): Promise<T> {
  let res: Response;
  try {
    res = await fetchImpl(`${apiRoot}/bot${token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    // fetch errors can carry the URL, hence the token: report the cause's code only.
    const code = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new Error(`Telegram ${method}: request failed (${code})`);
  }
  const body = (await res.json().catch(() => ({}))) as {
    ok?: boolean;
    result?: T;
    description?: string;
  };
  if (!res.ok || body.ok !== true) {
    const hint = res.status === 401 || res.status === 404 ? ' (is the bot token right?)' : '';
    throw new Error(`Telegram ${method}: ${res.status} ${body.description ?? ''}${hint}`.trim());
  }
  return body.result as T;
}

/** The Bot API calls a deploy and a teardown make, for the bot `token` at `apiRoot`. */
export interface DeployBotApi {
  /** Points Telegram at the webhook function with the secret header and our update kinds. */
  setWebhook(s: WebhookSettings): Promise<void>;
  /** The webhook as Telegram sees it (URL, pending updates, last delivery error). */
  getWebhookInfo(): Promise<WebhookInfo>;
  /** Stops Telegram calling the (soon deleted) webhook; pending updates are kept 24 h. */
  deleteWebhook(): Promise<void>;
  /** Registers the command menu: a default list and one per catalogue language; the count. */
  setCommands(): Promise<number>;
}

/** The deploy's Bot API client; `fetchImpl` is for tests that record the calls. */
export function deployBotApi(
  apiRoot: string,
  token: string,
  fetchImpl: Fetch = fetch,
): DeployBotApi {
  const send = <T>(method: string, params: Record<string, unknown> = {}) =>
    call<T>(apiRoot, token, method, params, fetchImpl);
  return {
    async setWebhook(s) {
      await send<boolean>('setWebhook', {
        url: s.url,
        secret_token: s.secretToken,
        allowed_updates: ALLOWED_UPDATES,
        max_connections: s.maxConnections,
      });
    },
    getWebhookInfo: () => send<WebhookInfo>('getWebhookInfo'),
    async deleteWebhook() {
      await send<boolean>('deleteWebhook');
    },
    async setCommands() {
      const registrations = commandRegistrations();
      for (const r of registrations) await send<boolean>('setMyCommands', r);
      return registrations.length;
    },
  };
}
