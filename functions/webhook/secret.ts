import { createHash, timingSafeEqual } from 'node:crypto';
import { MAX_SECRET_TOKEN_LENGTH } from '../../shared/limits';

/**
 * Compares the X-Telegram-Bot-Api-Secret-Token header with the configured secret in
 * constant time. Both sides are hashed first so that neither the length nor a common
 * prefix of the secret leaks through timing.
 */
export function isValidSecret(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== 'string' || header.length === 0 || header.length > MAX_SECRET_TOKEN_LENGTH)
    return false;
  const a = createHash('sha256').update(header).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b);
}
