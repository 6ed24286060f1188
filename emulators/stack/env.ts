import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './functions';

/**
 * Loads `.env` from the repository root into process.env (values already set in the
 * environment win), so local settings need no shell exports. Returns the file used.
 */
export function loadDotEnv(file = path.join(ROOT, '.env')): string | undefined {
  if (!existsSync(file)) return undefined;
  process.loadEnvFile(file);
  return file;
}
