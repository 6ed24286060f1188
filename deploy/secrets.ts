import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import type { z } from 'zod';
import { settings } from '../shared/config';
import type { Gcloud } from './gcloud';

/** One Secret Manager secret the deploy owns. */
export interface SecretSpec {
  name: string;
  /** environment variable that may hold its value */
  env: 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_WEBHOOK_SECRET';
  schema: z.ZodString;
  /** makes a value when none is given (the webhook secret); absent: the value is required */
  generate?: () => string;
}

/** The bot token and the webhook secret; a fresh webhook secret is 43 URL-safe characters. */
export function secretSpecs(names: { botToken: string; webhookSecret: string }): SecretSpec[] {
  return [
    { name: names.botToken, env: 'TELEGRAM_BOT_TOKEN', schema: settings.botToken },
    {
      name: names.webhookSecret,
      env: 'TELEGRAM_WEBHOOK_SECRET',
      schema: settings.webhookSecret,
      generate: () => randomBytes(32).toString('base64url'),
    },
  ];
}

/**
 * The two values from the environment, else from `.env` at the repository root (the
 * environment wins). Read into memory only: never into process.env, never onto disk.
 */
export function secretInputs(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): Partial<Record<SecretSpec['env'], string>> {
  const file = path.join(root, '.env');
  // util.parseEnv needs Node ≥ 20.12; older Nodes just do not read .env.
  const fromFile: Record<string, string | undefined> =
    existsSync(file) && typeof parseEnv === 'function' ? parseEnv(readFileSync(file, 'utf8')) : {};
  const pick = (k: SecretSpec['env']) => env[k]?.trim() || fromFile[k]?.trim() || undefined;
  const out: Partial<Record<SecretSpec['env'], string>> = {};
  for (const k of ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET'] as const) {
    const v = pick(k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

const scoped = (project: string, ...args: string[]) => [...args, `--project=${project}`];

/**
 * Makes sure the secret exists and returns the version number the functions will pin.
 * The value travels on gcloud's stdin (`--data-file=-`); it is compared with the stored
 * one only in memory. An existing secret is replaced only with `rotate`.
 */
export async function ensureSecret(
  gc: Gcloud,
  project: string,
  spec: SecretSpec,
  given: string | undefined,
  rotate: boolean,
): Promise<string> {
  const check = given === undefined ? undefined : spec.schema.safeParse(given);
  if (check && !check.success) {
    // The message names the rule, never the value.
    throw new Error(`${spec.env} is not valid: ${check.error.issues[0]?.message ?? 'bad format'}`);
  }
  const exists = await gc.read(
    scoped(project, 'secrets', 'describe', spec.name, '--format=value(name)'),
  );
  if (exists === undefined) {
    const value = given ?? spec.generate?.();
    if (value === undefined && !gc.dryRun) {
      throw new Error(`secret ${spec.name} does not exist: set ${spec.env} (environment or .env)`);
    }
    if (gc.dryRun) {
      const source = given !== undefined ? 'given' : spec.generate ? 'generated' : 'NOT SET';
      gc.note(`stdin of the next command: the value of ${spec.env} (${source})`);
    }
    await gc.run(
      scoped(
        project,
        'secrets',
        'create',
        spec.name,
        '--replication-policy=automatic',
        '--data-file=-',
      ),
      { stdin: value },
    );
  } else if (given !== undefined) {
    const current = await readSecret(gc, project, spec.name, 'latest');
    if (current.trim() !== given) {
      if (!rotate) {
        gc.note(`${spec.env} differs from secret ${spec.name}; kept (pass --rotate-secrets)`);
      } else {
        await gc.run(scoped(project, 'secrets', 'versions', 'add', spec.name, '--data-file=-'), {
          stdin: given,
        });
      }
    }
  }
  const latest = await gc.run(
    scoped(
      project,
      'secrets',
      'versions',
      'describe',
      'latest',
      `--secret=${spec.name}`,
      '--format=value(name)',
    ),
    { dry: `projects/PROJECT_NUMBER/secrets/${spec.name}/versions/1` },
  );
  const version = /\/versions\/(\d+)\s*$/.exec(latest)?.[1];
  if (!version) throw new Error(`cannot read the latest version of secret ${spec.name}`);
  return version;
}

/** A secret's value, held in memory only (gcloud prints it to a pipe, not a terminal). */
export async function readSecret(
  gc: Gcloud,
  project: string,
  name: string,
  version: string,
): Promise<string> {
  const value = await gc.run(
    scoped(project, 'secrets', 'versions', 'access', version, `--secret=${name}`),
  );
  return value.trim();
}
