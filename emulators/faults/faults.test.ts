import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CI_PROFILE, formatFaultResult, runFaultSuite } from './faults';

/**
 * The fault run's CI profile (every fault, fewer photos than `npm run test:faults`):
 * Storage 503s, Telegram 429/500s, matting killed mid-photo, sender down for a while, the
 * first sendSticker of each chat never answered, the sender killed between a send and its
 * record.
 * Each photo must end with exactly one answer.
 */
test(
  'under faults every photo gets exactly one answer (CI profile)',
  { timeout: 420_000 },
  async () => {
    const r = await runFaultSuite(CI_PROFILE, (l) => console.log(`# ${l}`));
    console.log(
      formatFaultResult(r)
        .split('\n')
        .map((l) => `# ${l}`)
        .join('\n'),
    );
    assert.equal(r.photos, CI_PROFILE.photos);
    assert.equal(r.lost, 0, 'no photo lost');
    assert.equal(r.duplicates, 0, 'no photo answered twice');
    assert.equal(r.stickers + r.apologies + r.otherAnswers, r.photos);
    // IAM enforced throughout: Storage refused nothing, and no recorded Pub/Sub or
    // Firestore call lacked a grant of the deploy plan.
    assert.equal(r.iam.storageRefused, 0, 'Storage refused no request');
    assert.deepEqual(r.iam.callViolations, []);
    assert.ok(
      r.chaos.some((c) => c.startsWith('matting killed')),
      'matting was killed',
    );
    assert.ok(
      r.chaos.some((c) => c.startsWith('sender down')),
      'sender was down',
    );
    // Every fault fired, so the run cannot pass without being shaken.
    assert.ok(r.injected.storage503 > 0, 'Storage 503s');
    assert.ok(r.injected.telegram429 > 0, 'Telegram 429s');
    assert.ok(r.injected.telegram500 > 0, 'Telegram 500s');
    assert.equal(
      r.injected.hungSendSticker,
      CI_PROFILE.users,
      "each chat's first sendSticker hung",
    );
    assert.equal(
      r.injected.senderKilledMidSend,
      1,
      'the sender was killed between send and record',
    );
  },
);
