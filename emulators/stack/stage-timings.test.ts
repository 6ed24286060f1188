import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stageTimingsFromLog } from './stage-timings';

const line = (o: object) => JSON.stringify({ severity: 'INFO', ...o });

describe('stageTimingsFromLog', () => {
  type Case = [string, string, string, object[]];
  // The line that ends each function's stage: [function, message, update id, ms].
  const closing = [
    ['webhook', 'update handled', 800000001, 41],
    ['matting', 'reply published', 7, 180],
    ['sender', 'reply delivered', 7, 22],
  ] as const;
  const cases: Case[] = [
    ...closing.map(([fn, message, updateId, ms]): Case => [
      `${fn}: ${message} closes its stage`,
      fn,
      line({ message, updateId, ms }),
      [{ updateId, stage: fn, ms }],
    ]),
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
