import type { HttpFunction } from '@google-cloud/functions-framework';
import { reportFailure } from '../../shared/failure';
import { botInfoLoader, createBot } from './bot';
import type { WebhookDeps } from './deps';
import { downloadFile } from './download';
import { checkRequest } from './gate';
import { createRejectionLog } from './rejections';

/**
 * Builds the `webhook` HTTP function: the gate (./gate.ts) turns away what did not come
 * from Telegram, the bot (./bot.ts) handles the update, and the answer tells Telegram
 * what to do: 200 = done (including permanent failures the user was told about), 500 =
 * please redeliver, as decideFailure (shared/failure.ts) says for any failure.
 */
export function createWebhookHandler(deps: WebhookDeps): HttpFunction {
  const { config, log } = deps;
  const bot = createBot({ ...deps, download: deps.download ?? downloadFile });
  const ensureBotInfo = botInfoLoader(bot, deps.telegram);
  const logRejection = createRejectionLog(log, deps.rejectionLogIntervalMs);

  return async (req, res) => {
    const verdict = checkRequest(req, config);
    if (!verdict.ok) {
      const { status, body, headers, warning } = verdict.turned;
      if (warning) logRejection(warning.message, warning.fields);
      res
        .status(status)
        .set(headers ?? {})
        .send(body);
      return;
    }
    const { update } = verdict;
    const ulog = log.child({ updateId: update.update_id });
    const started = Date.now();
    try {
      await ensureBotInfo();
      await bot.handleUpdate(update);
      ulog.info('update handled', { ms: Date.now() - started, kinds: Object.keys(update) });
      res.status(200).json({ ok: true });
    } catch (err) {
      const { action } = reportFailure(ulog, err, { ms: Date.now() - started });
      if (action === 'ack') res.status(200).json({ ok: true });
      else res.status(500).send('Internal Server Error');
    }
  };
}
