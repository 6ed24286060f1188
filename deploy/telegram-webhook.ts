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

/** Points Telegram at the webhook function with the secret header and our update kinds. */
export async function setWebhook(
  apiRoot: string,
  token: string,
  s: WebhookSettings,
  fetchImpl: Fetch = fetch,
): Promise<void> {
  await call<boolean>(
    apiRoot,
    token,
    'setWebhook',
    {
      url: s.url,
      secret_token: s.secretToken,
      allowed_updates: ALLOWED_UPDATES,
      max_connections: s.maxConnections,
    },
    fetchImpl,
  );
}

/** The webhook as Telegram sees it (URL, pending updates, last delivery error). */
export function getWebhookInfo(
  apiRoot: string,
  token: string,
  fetchImpl: Fetch = fetch,
): Promise<WebhookInfo> {
  return call<WebhookInfo>(apiRoot, token, 'getWebhookInfo', {}, fetchImpl);
}

/** Stops Telegram calling the (soon deleted) webhook; pending updates are kept 24 h. */
export async function deleteWebhook(
  apiRoot: string,
  token: string,
  fetchImpl: Fetch = fetch,
): Promise<void> {
  await call<boolean>(apiRoot, token, 'deleteWebhook', {}, fetchImpl);
}

/** Registers the command menu: a default list and one per catalogue language. */
export async function setCommands(
  apiRoot: string,
  token: string,
  fetchImpl: Fetch = fetch,
): Promise<number> {
  const registrations = commandRegistrations();
  for (const r of registrations) {
    await call<boolean>(apiRoot, token, 'setMyCommands', r, fetchImpl);
  }
  return registrations.length;
}
