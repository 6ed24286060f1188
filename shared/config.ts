import { z } from 'zod';
import { ConfigError } from './errors';
import { MAX_SECRET_TOKEN_LENGTH } from './limits';

/**
 * Validates the settings one function needs, once, at cold start. A function declares
 * only its own settings, so a missing one fails the start with a message naming it
 * instead of surfacing later as a confusing runtime error.
 */
export function loadConfig<S extends z.ZodRawShape>(
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<S>> {
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(shape)) {
    const v = env[key];
    raw[key] = v === undefined || v.trim() === '' ? undefined : v.trim();
  }
  const parsed = z.object(shape).safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const key = i.path.join('.');
      return raw[key] === undefined ? `${key} is not set` : `${key} is invalid: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Reusable setting schemas, so every function reads a setting the same way. */
export const settings = {
  botToken: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]+$/, 'expected a Telegram bot token like 123456:ABC-def'),
  webhookSecret: z
    .string()
    .regex(
      new RegExp(`^[A-Za-z0-9_-]{1,${MAX_SECRET_TOKEN_LENGTH}}$`),
      `expected 1-${MAX_SECRET_TOKEN_LENGTH} characters of A-Z a-z 0-9 _ -`,
    ),
  apiRoot: z.string().url().default('https://api.telegram.org'),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/, 'expected a bucket name'),
  topic: z.string().regex(/^[A-Za-z][A-Za-z0-9._~+%-]{2,254}$/, 'expected a topic id'),
  project: z.string().min(1),
  positiveInt: (def: number) => z.coerce.number().int().positive().default(def),
  nonNegativeInt: (def: number) => z.coerce.number().int().nonnegative().default(def),
  /** Firestore database id: `(default)` or 4-63 of a-z 0-9 - */
  firestoreDatabase: z
    .string()
    .regex(/^(\(default\)|[a-z][a-z0-9-]{2,61}[a-z0-9])$/, 'expected (default) or a database id')
    .default('(default)'),
};
