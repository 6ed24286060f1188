import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../shared/log';
import { captureLogs, telegramError } from '../../shared/testing';
import type { FeatureDeps } from './deps';
import { PHOTO_REACTION, reactToPhoto } from './reaction';

const msg = { chat: { id: 5, type: 'private', first_name: 'A' }, message_id: 9 } as const;

function telegramWith(setMessageReaction: (...args: unknown[]) => Promise<true>) {
  return { setMessageReaction } as unknown as FeatureDeps['telegram'];
}

describe('reactToPhoto', () => {
  it('reacts 👀 on the photo', async () => {
    const seen: unknown[][] = [];
    const telegram = telegramWith((...args) => {
      seen.push(args);
      return Promise.resolve(true);
    });
    await reactToPhoto(telegram, msg, createLogger({ function: 'test' }));
    assert.deepEqual(seen, [[5, 9, [{ type: 'emoji', emoji: PHOTO_REACTION }]]]);
  });

  it('a refusal, a synchronous throw or no answer at all is logged and never thrown', async () => {
    const logs = captureLogs();
    try {
      const log = createLogger({ function: 'test' });
      const refused = telegramWith(() => Promise.reject(telegramError(400, 'REACTION_INVALID')));
      await reactToPhoto(refused, msg, log);
      const broken = telegramWith(() => {
        throw new Error('no client');
      });
      await reactToPhoto(broken, msg, log);
      const silent = telegramWith(() => new Promise<true>(() => undefined));
      await reactToPhoto(silent, msg, log, 5);
    } finally {
      logs.restore();
    }
    assert.deepEqual(
      logs.lines.map((l) => l['message']),
      ['setMessageReaction failed', 'setMessageReaction failed', 'setMessageReaction timed out'],
    );
  });
});
