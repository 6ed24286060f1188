import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PermanentError } from '../../shared/errors';
import { createLogger } from '../../shared/log';
import { ReplyMessageSchema, type ReplyMessage } from '../../shared/reply-message';
import { createMemoryObjectStore, type ObjectStore } from '../../shared/storage';
import {
  captureLogsInSuite,
  cloudEventTestServer,
  postFinalized,
  solidJpeg,
  withServer,
} from '../../shared/testing';
import { createMattingHandler, type StorageObjectData } from './handler';
import type { PersonSegmenter } from './make-sticker';

/**
 * Issue 13, item 8: every failure of matting ends with the upload deleted and the user
 * told, or with a redelivery (500) that ends in the dead-letter path's apology. Nothing
 * is acknowledged while the photo is kept and nobody is told.
 */
const UPLOADS = 'uploads-test';
const STICKERS = 'stickers-test';
const forbidden = (what: string) => new PermanentError(`${what}: 403 Forbidden`);

const person: PersonSegmenter = {
  segment: ({ width, height }) => Promise.resolve(new Uint8Array(width * height).fill(255)),
};

type Faults = Partial<Record<'read' | 'create' | 'remove' | 'publish', boolean>>;

function setup(faults: Faults = {}) {
  const memory = createMemoryObjectStore();
  const store: ObjectStore = {
    ...memory,
    read: (b, n) => (faults.read ? Promise.reject(forbidden('read')) : memory.read(b, n)),
    create: (b, n, d, o) =>
      faults.create && b === STICKERS
        ? Promise.reject(forbidden('create'))
        : memory.create(b, n, d, o),
    remove: (b, n, o) =>
      faults.remove ? Promise.reject(forbidden('remove')) : memory.remove(b, n, o),
  };
  const published: ReplyMessage[] = [];
  const server = cloudEventTestServer<StorageObjectData>(
    'matting-hostile',
    createMattingHandler({
      config: { stickersBucket: STICKERS, workingSize: 512, outline: 8 },
      store,
      publish: (reply) => {
        if (faults.publish) return Promise.reject(forbidden('publish'));
        published.push(ReplyMessageSchema.parse(reply));
        return Promise.resolve(String(published.length));
      },
      segmenter: () => Promise.resolve(person),
      log: createLogger({ function: 'matting' }),
    }),
  );
  return { memory, published, server };
}

const GOOD = { chatId: '42', messageId: '7', updateId: '9', source: 'photo', languageCode: 'de' };

interface Case {
  name: string;
  metadata: Record<string, string>;
  faults?: Faults;
  status: 204 | 500;
  /** the text key published to chat 42, or null when nothing may be published */
  told: string | null;
  uploadKept: boolean;
}

const cases: Case[] = [
  {
    name: 'metadata with an unknown source (not ours)',
    metadata: { ...GOOD, source: 'fax' },
    status: 204,
    told: 'failed',
    uploadKept: false,
  },
  {
    name: 'metadata without messageId',
    metadata: { chatId: '42', updateId: '9', source: 'photo' },
    status: 204,
    told: 'failed',
    uploadKept: false,
  },
  {
    name: 'metadata with malformed options',
    metadata: { ...GOOD, options: '{not json' },
    status: 204,
    told: 'failed',
    uploadKept: false,
  },
  {
    name: 'metadata naming no chat',
    metadata: { updateId: '9', source: 'photo' },
    status: 204,
    told: null,
    uploadKept: false,
  },
  {
    name: 'stickers bucket refuses the write (403)',
    metadata: GOOD,
    faults: { create: true },
    status: 204,
    told: 'failed',
    uploadKept: false,
  },
  {
    name: 'upload unreadable (403): answered from the event metadata',
    metadata: GOOD,
    faults: { read: true },
    status: 204,
    told: 'failed',
    uploadKept: false,
  },
  {
    name: 'reply refused by Pub/Sub (403): redelivered, dead-lettered in the end',
    metadata: GOOD,
    faults: { publish: true },
    status: 500,
    told: null,
    uploadKept: true,
  },
  {
    name: 'upload cannot be deleted (403): redelivered, not acknowledged with the photo kept',
    metadata: GOOD,
    faults: { remove: true },
    status: 500,
    told: 'sticker',
    uploadKept: true,
  },
];

describe('matting: every failure tells the user or is redelivered', () => {
  captureLogsInSuite();
  for (const c of cases) {
    test(`${c.name} → ${c.status}${c.told ? `, ${c.told}` : ''}`, async () => {
      const { memory, published, server } = setup(c.faults);
      const name = '42/9';
      await memory.create(UPLOADS, name, await solidJpeg(64, 64), {
        contentType: 'image/jpeg',
        metadata: c.metadata,
      });
      await withServer(server, async (url) => {
        const res = await postFinalized(url, { bucket: UPLOADS, name, metadata: c.metadata });
        assert.equal(res.status, c.status);
      });
      if (c.told === null) assert.deepEqual(published, []);
      else {
        assert.equal(published.length, 1);
        const reply = published[0]!;
        assert.equal(reply.chatId, 42);
        assert.equal(reply.updateId, 9);
        assert.equal(reply.kind === 'text' ? reply.key : reply.kind, c.told);
      }
      assert.equal(await memory.exists(UPLOADS, name), c.uploadKept);
    });
  }
});
