import type { Request } from '@google-cloud/functions-framework';
import type { Update } from 'telegraf/types';
import type { Fields } from '../../shared/log';
import type { WebhookConfig } from './deps';
import { skippedBody } from './body-guard';
import { isUpdate } from './parse-update';
import { isValidSecret } from './secret';

/** A request the gate turns away, with the status and text Telegram (or a forger) gets. */
export interface Turned {
  status: number;
  body: string;
  headers?: Record<string, string>;
  /** the warning logged for it; none for a wrong method */
  warning?: { message: string; fields?: Fields };
}

type Check = (req: Request, config: GateConfig) => Turned | undefined;

export type GateConfig = Pick<WebhookConfig, 'webhookSecret' | 'maxBodyBytes'>;

/** The checks, in order: nothing of the body is looked at before the secret matched. */
const CHECKS: readonly Check[] = [
  (req) =>
    req.method === 'POST'
      ? undefined
      : { status: 405, body: 'Method Not Allowed', headers: { Allow: 'POST' } },
  (req, config) =>
    isValidSecret(req.get('x-telegram-bot-api-secret-token'), config.webhookSecret)
      ? undefined
      : {
          status: 401,
          body: 'Unauthorized',
          warning: { message: 'rejected: missing or wrong secret token', fields: { ip: req.ip } },
        },
  (req, config) =>
    skippedBody(req) !== 'too large' && (req.rawBody?.length ?? 0) <= config.maxBodyBytes
      ? undefined
      : {
          status: 413,
          body: 'Payload Too Large',
          warning: { message: 'rejected: body too large', fields: { bytes: req.rawBody?.length } },
        },
];

/** What the gate decided: the update to hand to the bot, or how the request is turned away. */
export type GateVerdict = { ok: true; update: Update } | { ok: false; turned: Turned };

/**
 * The webhook's gate: method, secret (compared in constant time), size and shape. The bot
 * never sees a request that did not come from Telegram.
 */
export function checkRequest(req: Request, config: GateConfig): GateVerdict {
  for (const check of CHECKS) {
    const turned = check(req, config);
    if (turned) return { ok: false, turned };
  }
  const body: unknown = req.body;
  if (isUpdate(body)) return { ok: true, update: body };
  const warning = { message: 'rejected: body is not a Telegram update' };
  return {
    ok: false,
    turned: { status: 400, body: 'Bad Request: expected a Telegram Update', warning },
  };
}
