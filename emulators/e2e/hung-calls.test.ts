/**
 * One sticker per photo when Bot API calls hang or the sender dies mid-send, through the
 * Telegram emulator, on the whole local stack with short timeouts (the Bot API call bound
 * and the claim lease derive from them: shared/platform.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { botApiCallBoundMs, claimLeaseMs } from '../../shared/platform';
import { collect, sendPhotos } from '../load/load';
import { startStack, type Stack } from '../stack/stack';

/** The sender's and dead letter's timeout here: a 2 s call bound and a 12 s lease. */
const TIMEOUT_S = 8;

describe('hung and interrupted sends (local stack, short timeouts)', { timeout: 240_000 }, () => {
  let stack: Stack;
  const lines: string[] = [];

  before(async () => {
    stack = await startStack({
      timeouts: { sender: TIMEOUT_S, deadLetter: TIMEOUT_S },
      onLine: (s, l) => lines.push(`${s} ${l}`),
    });
  });
  /** `users` users from `firstUserId` on send a photo each; their answers, tallied. */
  async function onePhotoEach(users: number, firstUserId: number, settleMs: number) {
    const sent = await sendPhotos(stack, { count: users, users, ratePerSec: 2, firstUserId });
    return { sent, tally: await collect(stack, sent, { deadlineMs: 120_000, settleMs }) };
  }

  after(async () => {
    if (process.env.HUNG_LOG)
      (await import('node:fs')).writeFileSync(process.env.HUNG_LOG, lines.join('\n'));
    await stack?.stop();
  });

  test('the first sendSticker of each chat never answered: every photo still gets exactly one sticker', async () => {
    const tg = stack.telegram!;
    tg.setFaults({ hangFirstPerChat: ['sendSticker'] });
    const { tally } = await onePhotoEach(3, 41_000, 3000);
    assert.equal(tg.faultCounts().hung, 3, 'each chat’s first sendSticker hung');
    assert.equal(tally.stickers, 3, 'one sticker each');
    assert.equal(tally.duplicates, 0);
    assert.equal(tally.lost, 0);
    // Each hung call was given up at its bound, far inside the lease, and the claim
    // released: the redelivery did not wait for the lease to run out.
    const bound = botApiCallBoundMs(TIMEOUT_S);
    assert.ok(bound * 4 <= claimLeaseMs(TIMEOUT_S));
    const gaveUp = stack.functions.sender.logs.filter((l) =>
      JSON.stringify(l).includes(`no answer within ${bound} ms`),
    );
    assert.equal(gaveUp.length, 3, 'three calls abandoned at the bound');
    assert.equal(
      lines.filter((l) => l.includes('a delivery died during its Bot API call')).length,
      0,
      'no claim had to be taken over',
    );
  });

  test('the sender killed between sendSticker and recording it: no second sticker', async () => {
    const tg = stack.telegram!;
    const sender = stack.functions.sender;
    let restarted: Promise<void> | undefined;
    tg.setFaults({
      beforeAnswer: {
        method: 'sendSticker',
        // Telegram has put the sticker in the chat; the sender dies before it hears so.
        hook: () => {
          sender.kill();
          restarted = new Promise((r) => setTimeout(r, 500)).then(() => sender.restart());
          return Promise.resolve();
        },
      },
    });
    const { sent, tally } = await onePhotoEach(1, 42_000, 1000);
    assert.equal(tg.faultCounts().beforeAnswer, 1, 'the sender was killed mid-send');
    await restarted;
    // Wait until a redelivery has found the claim (its lease over) and settled it.
    const settled = Date.now() + claimLeaseMs(TIMEOUT_S) + 30_000;
    while (
      Date.now() < settled &&
      !lines.some((l) => l.includes('a delivery died during its Bot API call'))
    ) {
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(lines.some((l) => l.includes('a delivery died during its Bot API call')));
    await new Promise((r) => setTimeout(r, 2000));
    const answers = tg.sentMessages(sent[0]!.userId);
    assert.equal(tally.stickers, 1);
    assert.equal(answers.length, 1, 'exactly one answer, no apology either');
  });
});
