import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOptions, resourceNames, UsageError } from './options';

const base = ['--project', 'my-proj-123', '--region', 'europe-west1'];

describe('parseOptions', () => {
  it('derives every name from project and prefix', () => {
    const o = parseOptions([...base, '--prefix', 'bot-2']);
    assert.equal(o.uploadsBucket, 'my-proj-123-bot-2-uploads');
    const n = resourceNames(o);
    assert.equal(n.accounts.deadLetter, 'bot-2-dead-letter@my-proj-123.iam.gserviceaccount.com');
    assert.equal(n.topics.replies, 'bot-2-replies');
    assert.equal(n.uploadsConsumerRole, 'bot_2_uploads_consumer');
  });

  it('keeps the documented names with the default prefix', () => {
    const n = resourceNames(parseOptions(base));
    assert.deepEqual(n.topics, { replies: 'sticker-replies', deadLetter: 'sticker-dead-letter' });
    assert.deepEqual(Object.values(n.functions), [
      'sticker-webhook',
      'sticker-matting',
      'sticker-sender',
      'sticker-dead-letter',
    ]);
  });

  const bad: [string, string[]][] = [
    ['no project', ['--region', 'europe-west1']],
    ['bad project', ['--project', 'My_Proj', '--region', 'europe-west1']],
    ['bad region', ['--project', 'my-proj-123', '--region', 'europe']],
    ['prefix too long for an account id', [...base, '--prefix', 'abcdefghijklmnopqrs']],
    ['same bucket twice', [...base, '--uploads-bucket', 'b-1', '--stickers-bucket', 'b-1']],
    ['too few delivery attempts', [...base, '--max-delivery-attempts', '4']],
    ['unknown flag', [...base, '--nope']],
    ['teardown flag on deploy', [...base, '--delete-data']],
    ['bad Firestore database id', [...base, '--firestore-database', 'Bot_State']],
    ['too short a Firestore database id', [...base, '--firestore-database', 'abc']],
    ['negative fair use', [...base, '--fair-use-photos-per-minute', '-1']],
  ];
  for (const [why, argv] of bad) {
    it(`rejects: ${why}`, () => assert.throws(() => parseOptions(argv), UsageError));
  }

  it('takes the Firestore database and fair-use limit, with the webhook defaults', () => {
    const d = parseOptions(base);
    assert.equal(d.firestoreDatabase, '(default)');
    assert.equal(d.fairUsePhotosPerMinute, 10);
    assert.equal(resourceNames(d).database, '(default)');
    const o = parseOptions([
      ...base,
      '--firestore-database=bot-state',
      '--fair-use-photos-per-minute=0',
    ]);
    assert.equal(resourceNames(o).database, 'bot-state');
    assert.equal(o.fairUsePhotosPerMinute, 0);
    const t = parseOptions([...base, '--firestore-database=bot-state'], 'teardown');
    assert.equal(t.firestoreDatabase, 'bot-state');
  });

  it('rejects deploy-only flags on teardown', () => {
    assert.throws(
      () => parseOptions([...base, '--force'], 'teardown'),
      /not an option of teardown/,
    );
    assert.throws(
      () => parseOptions([...base, '--fair-use-photos-per-minute=3'], 'teardown'),
      /not an option of teardown/,
    );
    assert.equal(parseOptions([...base, '--delete-data'], 'teardown').deleteData, true);
  });
});
