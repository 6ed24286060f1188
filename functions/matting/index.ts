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

// Settings are checked before listening; the handler, its clients (Storage, Pub/Sub),
// sharp and TF.js load right after it, and the model then loads in the background, so
// the first event's download overlaps it (shared/deferred.ts).
const handler = deferred(async () => {
  const [{ createMattingHandler }, { createSegmenter }, { DEFAULT_OUTLINE_PX }, storage, pubsub] =
    await Promise.all([
      import('./handler.js'),
      import('./segment.js'),
      import('./compose.js'),
      import('../../shared/storage.js'),
      import('../../shared/pubsub.js'),
    ]);
  const segmenter = deferred(async () => {
    const s = await createSegmenter({ backend: config.TFJS_BACKEND });
    log.info('model loaded', { backend: s.backend, msSinceStart: Math.round(performance.now()) });
    return s;
  });
  segmenter().catch((err: unknown) => log.error('model failed to load', { err }));
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
    log,
  });
  log.info('handler ready', { msSinceStart: Math.round(performance.now()) });
  return handle;
});
loadAfterListening(handler);

cloudEvent<StorageObjectData>('matting', async (event: CloudEvent<StorageObjectData>) =>
  (await handler())(event),
);
