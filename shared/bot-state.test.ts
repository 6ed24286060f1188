import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFirestoreEmulator, type FirestoreEmulator } from '../emulators/stack/firestore';
import { freePort } from '../emulators/stack/ports';
import {
  createMemoryBotState,
  decidePackAdd,
  decidePhotoSlot,
  fairUseKey,
  type BotState,
  type FairUseRule,
} from './bot-state';
import { createFirestoreBotState } from './bot-state-firestore';
import type { AddedSticker } from './pack-state';

const MINUTE: FairUseRule = { limit: 10, windowMs: 60_000 };

describe('decidePhotoSlot', () => {
  const t0 = 1_000_000;
  const full = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i), t0 + i * 1000]));
  const cases: {
    name: string;
    stored?: Record<string, number>;
    updateId: number;
    now: number;
    rule?: FairUseRule;
    allowed: boolean;
    retryAfterMs?: number;
  }[] = [
    { name: 'first photo', updateId: 1, now: t0, allowed: true },
    {
      name: '10 in the window: the 11th waits',
      stored: full,
      updateId: 99,
      now: t0 + 10_000,
      allowed: false,
      retryAfterMs: 50_000,
    },
    {
      name: 'a redelivered update is not counted again',
      stored: full,
      updateId: 3,
      now: t0 + 10_000,
      allowed: true,
    },
    {
      name: 'the oldest left the window',
      stored: full,
      updateId: 99,
      now: t0 + 60_000,
      allowed: true,
    },
    {
      name: 'limit 0 turns the rule off',
      stored: full,
      updateId: 99,
      now: t0,
      rule: { limit: 0, windowMs: 60_000 },
      allowed: true,
    },
    {
      name: 'wait is at least a second',
      stored: full,
      updateId: 99,
      now: t0 + 59_900,
      allowed: false,
      retryAfterMs: 1000,
    },
    {
      name: 'garbage in stored hits is dropped',
      stored: { a: 'x' as unknown as number, ...full },
      updateId: 99,
      now: t0 + 60_000,
      allowed: true,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { slot, hits } = decidePhotoSlot(c.stored, c.updateId, c.rule ?? MINUTE, c.now);
      assert.equal(slot.allowed, c.allowed);
      if (!slot.allowed) assert.equal(slot.retryAfterMs, c.retryAfterMs);
      if (slot.allowed && (c.rule ?? MINUTE).limit > 0) assert.ok(String(c.updateId) in hits);
      for (const at of Object.values(hits)) assert.ok(c.now - at < 60_000);
    });
  }
});

describe('decidePackAdd', () => {
  const adding = { state: 'adding', at: 0 } as const;
  const cases = [
    { record: undefined, now: 0, want: 'go' },
    { record: { state: 'added', at: 0, set: 's' } as const, now: 10 ** 9, want: 'already' },
    { record: adding, now: 5_000, want: 'busy' },
    { record: adding, now: 60_000, want: 'go' },
    // another sticker of the user being added: wait while its claim lives
    { record: undefined, others: [adding], now: 5_000, want: 'wait' },
    { record: undefined, others: [adding], now: 60_000, want: 'go' },
    { record: undefined, others: [{ state: 'added', at: 4_000 } as const], now: 5_000, want: 'go' },
    { record: adding, others: [adding], now: 5_000, want: 'busy' },
  ];
  for (const c of cases) {
    const others = c.others?.map((o) => o.state).join('+') ?? 'none';
    it(`${c.record?.state ?? 'none'}, others ${others}, at +${c.now} ms → ${c.want}`, () => {
      assert.equal(decidePackAdd(c.record, c.others ?? [], 60_000, c.now), c.want);
    });
  }
});

/** A sticker as the pack flow records it, added from the sticker message `src<id>`. */
function sticker(id: string, set: string): AddedSticker {
  return { set, fileId: `f${id}`, uniqueId: `u${id}`, source: `src${id}`, chatId: 1, messageId: 2 };
}

/** The contract both implementations keep; run against memory and the Firestore emulator. */
function contract(name: string, make: () => BotState, reset: () => Promise<void>) {
  describe(`BotState contract: ${name}`, () => {
    let state: BotState;
    before(() => {
      state = make();
    });

    it('chat settings default to outline on; /outline flips and sets per chat', async () => {
      await reset();
      assert.deepEqual(await state.chatSettings(1), { outline: true });
      assert.equal(await state.setOutline(1), false);
      assert.deepEqual(await state.chatSettings(1), { outline: false });
      assert.deepEqual(await state.chatSettings(2), { outline: true });
      assert.equal(await state.setOutline(1), true);
      assert.equal(await state.setOutline(1, true), true);
      assert.equal(await state.setOutline(2, false), false);
      assert.deepEqual(await state.chatSettings(2), { outline: false });
    });

    it('fair use: 10 photos a minute per user, redeliveries free, other users apart', async () => {
      await reset();
      const t = Date.now();
      for (let i = 0; i < 10; i++) {
        assert.deepEqual(await state.takePhotoSlot('u1', 100 + i, MINUTE, t + i), {
          allowed: true,
        });
      }
      const refused = await state.takePhotoSlot('u1', 200, MINUTE, t + 20);
      assert.equal(refused.allowed, false);
      assert.ok(!refused.allowed && refused.retryAfterMs > 59_000);
      assert.deepEqual(await state.takePhotoSlot('u1', 105, MINUTE, t + 30), { allowed: true });
      assert.deepEqual(await state.takePhotoSlot('u2', 200, MINUTE, t + 30), { allowed: true });
      assert.deepEqual(await state.takePhotoSlot('u1', 201, MINUTE, t + 60_001), { allowed: true });
    });

    it('fair use under concurrency: a burst of 14 at once lets exactly 10 through', async () => {
      await reset();
      const t = Date.now();
      const slots = await Promise.all(
        Array.from({ length: 14 }, (_, i) => state.takePhotoSlot('burst', 500 + i, MINUTE, t)),
      );
      assert.equal(slots.filter((s) => s.allowed).length, 10);
    });

    it('packs: claim, finish, already; abort releases; a stale claim is taken over', async () => {
      await reset();
      assert.deepEqual(await state.packs(7), []);
      assert.deepEqual(await state.beginPackAdd(7, 'stk1', 60_000), { status: 'go', packs: [] });
      assert.deepEqual(await state.beginPackAdd(7, 'stk1', 60_000), { status: 'busy' });
      const packs = [{ name: 'u7_by_bot', title: 'Ann: stickers', count: 1 }];
      await state.finishPackAdd(7, 'stk1', 'u7_by_bot', packs);
      assert.deepEqual(await state.packs(7), packs);
      assert.deepEqual(await state.beginPackAdd(7, 'stk1', 60_000), {
        status: 'already',
        set: 'u7_by_bot',
      });
      assert.deepEqual(await state.beginPackAdd(7, 'stk2', 60_000), { status: 'go', packs });
      await state.abortPackAdd(7, 'stk2');
      assert.equal((await state.beginPackAdd(7, 'stk2', 60_000)).status, 'go');
      const later = Date.now() + 61_000;
      assert.equal((await state.beginPackAdd(7, 'stk2', 60_000, later)).status, 'go');
      assert.deepEqual(await state.packs(8), []);
    });

    it('added stickers: newest last; forgetting one frees its source and lowers the count', async () => {
      await reset();
      const packs = [{ name: 'p1', title: 'P', count: 2 }];
      const a = sticker('a', 'p1');
      const b = sticker('b', 'p1');
      await state.beginPackAdd(5, a.source, 60_000);
      await state.finishPackAdd(5, a.source, 'p1', [{ ...packs[0]!, count: 1 }], a);
      await state.beginPackAdd(5, b.source, 60_000);
      await state.finishPackAdd(5, b.source, 'p1', packs, b);
      assert.deepEqual((await state.userPacks(5)).added, [a, b]);
      assert.deepEqual(await state.addedFrom(5, b.source), b);
      assert.deepEqual(await state.forgetSticker(5, 'p1', b.uniqueId), b);
      const after = await state.userPacks(5);
      assert.deepEqual(after.added, [a]);
      assert.equal(after.packs[0]?.count, 1);
      assert.equal(await state.addedFrom(5, b.source), undefined);
      assert.equal((await state.beginPackAdd(5, b.source, 60_000)).status, 'go');
      assert.equal(await state.forgetSticker(5, 'p1', 'never-added'), undefined);
      assert.equal((await state.userPacks(5)).packs[0]?.count, 0);
    });

    it('packs: current, rename, pending question, delete forgets all of the pack', async () => {
      await reset();
      const packs = [
        { name: 'p1', title: 'One', count: 1 },
        { name: 'p2', title: 'Two', count: 1 },
      ];
      await state.finishPackAdd(6, 's1', 'p1', packs, sticker('1', 'p1'));
      await state.finishPackAdd(6, 's2', 'p2', packs, sticker('2', 'p2'));
      await state.setCurrentPack(6, 'p1');
      assert.deepEqual(await state.beginPackAdd(6, 's3', 60_000), {
        status: 'go',
        packs,
        current: 'p1',
      });
      // while s3 is being added, another sticker of the user waits; s3 given up, it goes
      assert.equal((await state.beginPackAdd(6, 's4', 60_000)).status, 'wait');
      await state.abortPackAdd(6, 's3');
      await state.renamePack(6, 'p2', 'Deux');
      const pending = { kind: 'emoji' as const, set: 'p1', fileId: 'f1', at: 1 };
      await state.setPending(6, pending);
      assert.deepEqual((await state.userPacks(6)).pending, pending);
      await state.forgetPack(6, 'p1');
      const doc = await state.userPacks(6);
      assert.deepEqual(doc.packs, [{ name: 'p2', title: 'Deux', count: 1 }]);
      assert.deepEqual(
        doc.added.map((a) => a.set),
        ['p2'],
      );
      assert.equal(doc.current, undefined, 'the current pack was the deleted one');
      assert.equal(doc.pending, undefined, 'its question is void');
      assert.deepEqual(await state.beginPackAdd(6, 's1', 60_000), {
        status: 'go',
        packs: doc.packs,
        retired: ['p1'],
      });
      assert.equal((await state.beginPackAdd(6, 's2', 60_000)).status, 'already');
      await state.setPending(6, { kind: 'title', set: 'p2', at: 2 });
      await state.setPending(6, undefined);
      assert.equal((await state.userPacks(6)).pending, undefined);
    });

    it("forgetUser deletes the user's packs, pack claims, private settings and counter only", async () => {
      await reset();
      const packs = [{ name: 'sabc_by_bot', title: 'Ann', count: 1 }];
      await state.finishPackAdd(11, 'stk', 'sabc_by_bot', packs);
      await state.setOutline(11, false);
      await state.setOutline(-100, false); // a group the user is in: the group's setting
      await state.takePhotoSlot(fairUseKey(11), 1, { limit: 1, windowMs: 60_000 });
      await state.finishPackAdd(12, 'stk', 'other_by_bot', packs); // someone else
      await state.forgetUser(11);
      assert.deepEqual(await state.packs(11), []);
      assert.equal((await state.beginPackAdd(11, 'stk', 60_000)).status, 'go');
      assert.deepEqual(await state.chatSettings(11), { outline: true });
      assert.deepEqual(await state.chatSettings(-100), { outline: false });
      const slot = await state.takePhotoSlot(fairUseKey(11), 2, { limit: 1, windowMs: 60_000 });
      assert.equal(slot.allowed, true, 'the counter started again');
      assert.deepEqual(await state.packs(12), packs);
    });

    it('a double tap: of two concurrent claims exactly one goes', async () => {
      await reset();
      const results = await Promise.all([
        state.beginPackAdd(9, 'same', 60_000),
        state.beginPackAdd(9, 'same', 60_000),
      ]);
      assert.deepEqual(results.map((r) => r.status).sort(), ['busy', 'go']);
    });
  });
}

const memory = createMemoryBotState();
contract(
  'memory',
  () => memory,
  () => Promise.resolve(memory.reset()),
);

let emulator: FirestoreEmulator | undefined;
let firestore: ReturnType<typeof createFirestoreBotState> | undefined;
before(async () => {
  emulator = await startFirestoreEmulator({ port: await freePort(), projectId: 'bot-state-test' });
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  firestore = createFirestoreBotState({ projectId: emulator.projectId });
});
after(async () => {
  await firestore?.client.terminate();
  await emulator?.stop();
});
contract(
  'Firestore emulator',
  () => firestore!,
  () => emulator!.clear(),
);
