import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stageTimingsFromLog } from './stage-timings';

const line = (o: object) => JSON.stringify({ severity: 'INFO', ...o });

describe('stageTimingsFromLog', () => {
  const cases: [string, string, string, object[]][] = [
    [
      'webhook: update handled',
      'webhook',
      line({ message: 'update handled', updateId: 800000001, ms: 41 }),
      [{ updateId: 800000001, stage: 'webhook', ms: 41 }],
    ],
    [
      'matting: sticker made carries the finer steps',
      'matting',
      line({ message: 'sticker made', updateId: '7', decodeMs: 9, segmentMs: 52, composeMs: 30 }),
      [
        { updateId: 7, stage: 'decode', ms: 9 },
        { updateId: 7, stage: 'segment', ms: 52 },
        { updateId: 7, stage: 'compose', ms: 30 },
      ],
    ],
    [
      'matting: reply published closes the stage',
      'matting',
      line({ message: 'reply published', updateId: 7, ms: 180 }),
      [{ updateId: 7, stage: 'matting', ms: 180 }],
    ],
    [
      'sender: reply delivered',
      'sender',
      line({ message: 'reply delivered', updateId: 7, ms: 22 }),
      [{ updateId: 7, stage: 'sender', ms: 22 }],
    ],
    [
      'a line of another function',
      'sender',
      line({ message: 'update handled', updateId: 7, ms: 1 }),
      [],
    ],
    ['no update id', 'webhook', line({ message: 'update handled', ms: 3 }), []],
    ['no ms', 'webhook', line({ message: 'update handled', updateId: 7 }), []],
    ['not JSON', 'webhook', 'Serving function...', []],
    ['JSON but not an object', 'webhook', '{', []],
  ];
  for (const [name, source, input, expected] of cases) {
    it(name, () => assert.deepEqual(stageTimingsFromLog(source, input), expected));
  }
});
