import { z } from 'zod';

/** Backend names as registered with TF.js. */
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/**
 * The `TFJS_BACKEND` setting, for the config of whatever loads the model (the matting
 * function, the CLIs): unset picks the best available backend; any other value than the
 * three names fails the config check at cold start, naming the setting. Kept apart from
 * tf-backend.ts so that checking it before listening does not load TensorFlow.js.
 */
export const backendSetting = z.string().toLowerCase().pipe(z.enum(BACKENDS)).optional();
