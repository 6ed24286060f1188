import { cloudEvent } from '@google-cloud/functions-framework';
import { z } from 'zod';
import { loadConfig, settings } from '../../shared/config';
import { createLogger } from '../../shared/log';
import { createReplyPublisher } from '../../shared/pubsub';
import { createObjectStore } from '../../shared/storage';
import { REPLIES_TOPIC } from '../../shared/topics';
import { DEFAULT_OUTLINE_PX } from './compose';
import { createMattingHandler, type StorageObjectData } from './handler';
import { createSegmenter, type Segmenter } from './segment';
import { backendSetting } from './tf-backend';

const config = loadConfig({
  STICKERS_BUCKET: settings.bucket,
  REPLIES_TOPIC: settings.topic.default(REPLIES_TOPIC),
  GOOGLE_CLOUD_PROJECT: settings.project.optional(),
  STICKER_OUTLINE_PX: z.coerce.number().int().min(0).max(32).default(DEFAULT_OUTLINE_PX),
  MATTING_WORKING_SIZE: z.coerce.number().int().min(256).max(4096).default(1024),
  TFJS_BACKEND: backendSetting,
});
const log = createLogger({ function: 'matting' });

// The model loads at cold start, in the background, so the first event finds it ready.
let segmenter: Promise<Segmenter> | undefined;
const getSegmenter = (): Promise<Segmenter> =>
  (segmenter ??= createSegmenter({ backend: config.TFJS_BACKEND }).then(
    (s) => {
      log.info('model loaded', { backend: s.backend });
      return s;
    },
    (err: unknown) => {
      segmenter = undefined;
      throw err;
    },
  ));
getSegmenter().catch((err: unknown) => log.error('model failed to load', { err }));

cloudEvent<StorageObjectData>(
  'matting',
  createMattingHandler({
    config: {
      stickersBucket: config.STICKERS_BUCKET,
      workingSize: config.MATTING_WORKING_SIZE,
      outline: config.STICKER_OUTLINE_PX,
    },
    store: createObjectStore(),
    publish: createReplyPublisher({
      projectId: config.GOOGLE_CLOUD_PROJECT,
      topic: config.REPLIES_TOPIC,
    }),
    segmenter: getSegmenter,
    log,
  }),
);
