import { cloudEvent, type CloudEvent } from '@google-cloud/functions-framework';
import { z } from 'zod';
import { loadConfig, settings } from '../../shared/config';
import { deferred, loadAfterListening } from '../../shared/deferred';
import { createLogger } from '../../shared/log';
import { REPLIES_TOPIC } from '../../shared/topics';
import { backendSetting } from './backend-setting';
import type { StorageObjectData } from './handler';

const config = loadConfig({
  STICKERS_BUCKET: settings.bucket,
  REPLIES_TOPIC: settings.topic.default(REPLIES_TOPIC),
  GOOGLE_CLOUD_PROJECT: settings.project.optional(),
  // default: DEFAULT_OUTLINE_PX of compose.ts, read with the handler (it loads sharp)
  STICKER_OUTLINE_PX: z.coerce.number().int().min(0).max(32).optional(),
  MATTING_WORKING_SIZE: z.coerce.number().int().min(256).max(4096).default(1024),
  TFJS_BACKEND: backendSetting,
});
const log = createLogger({ function: 'matting' });

// Settings are checked before listening. Right after it, TF.js and the model start to
// load first: their slow parts (reading the weights and the .wasm, compiling it) are I/O
// and V8 background work, which then overlaps loading the handler and its clients
// (sharp, Storage, Pub/Sub: plain CPU on this thread) and the first event's download
// (shared/deferred.ts).
let modelLoaded = false;
const segmenter = deferred(async () => {
  const { createSegmenter } = await import('./segment.js');
  const s = await createSegmenter({ backend: config.TFJS_BACKEND });
  modelLoaded = true;
  log.info('model loaded', { backend: s.backend, msSinceStart: Math.round(performance.now()) });
  return s;
});
const handler = deferred(async () => {
  segmenter().catch((err: unknown) => log.error('model failed to load', { err }));
  // A turn of the event loop first: the model's load runs (TF.js, then the backend's
  // .wasm read) up to its first wait on I/O before the handler's modules take the thread.
  await new Promise((resolve) => setImmediate(resolve));
  const [{ createMattingHandler }, { DEFAULT_OUTLINE_PX }, storage, pubsub] = await Promise.all([
    import('./handler.js'),
    import('./compose.js'),
    import('../../shared/storage.js'),
    import('../../shared/pubsub.js'),
  ]);
  const handle = createMattingHandler({
    config: {
      stickersBucket: config.STICKERS_BUCKET,
      workingSize: config.MATTING_WORKING_SIZE,
      outline: config.STICKER_OUTLINE_PX ?? DEFAULT_OUTLINE_PX,
    },
    store: storage.createObjectStore(),
    publish: pubsub.createReplyPublisher({
      projectId: config.GOOGLE_CLOUD_PROJECT,
      topic: config.REPLIES_TOPIC,
    }),
    segmenter,
    modelLoading: () => !modelLoaded,
    log,
  });
  log.info('handler ready', { msSinceStart: Math.round(performance.now()) });
  return handle;
});
loadAfterListening(handler);

cloudEvent<StorageObjectData>('matting', async (event: CloudEvent<StorageObjectData>) =>
  (await handler())(event),
);
