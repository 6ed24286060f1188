/**
 * IAM on every request, as Cloud Storage applies it: the caller is read from the bearer
 * token (shared/emulator-identity.ts), each JSON API method needs its permissions on the
 * bucket or object it touches, and a refusal is answered with Google's status and body:
 * 401 for a caller without credentials, 403 for one without the permission. Permissions are
 * checked before existence, so a missing object without `get` is a 403, as in GCS.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { emailOfEmulatorToken } from '../../shared/emulator-identity.js';
import type { IamTarget } from '../iam/policy.js';
import { GcsError } from './gcs-error.js';

/** What the emulator asks of a policy (emulators/iam/policy.ts's IamPolicy). */
export interface StorageIam {
  allows(member: string, permission: string, target: IamTarget): boolean;
}

/** Who sent a request: an email, or undefined for a request without credentials. */
export type Caller = string | undefined;

/** Throws the refusal when the caller lacks `permission` on the bucket (or its object). */
export type Guard = (permission: string, bucket: string | undefined, object?: string) => void;

const AUTHORIZATION = { locationType: 'header', location: 'Authorization' } as const;

/** The caller of a request; a token the emulator did not issue is a 401, as Google's. */
export function callerOf(headers: IncomingHttpHeaders): Caller {
  const header = headers.authorization;
  if (header === undefined) return undefined;
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const email = token && emailOfEmulatorToken(token);
  if (!email) throw new GcsError(401, 'authError', 'Invalid Credentials', AUTHORIZATION);
  return email;
}

/** The IAM member a caller's email stands for. */
export function memberOf(email: string): string {
  return email.endsWith('.iam.gserviceaccount.com') ? `serviceAccount:${email}` : `user:${email}`;
}

/** Google's refusal: 401 (reason `required`) for no credentials, else 403 `forbidden`. */
export function accessDenied(
  caller: Caller,
  permission: string,
  bucket: string | undefined,
  object?: string,
): GcsError {
  const what =
    bucket === undefined
      ? 'Google Cloud project'
      : object === undefined
        ? 'Google Cloud Storage bucket'
        : 'Google Cloud Storage object';
  const message =
    `${caller ?? 'Anonymous caller'} does not have ${permission} access to the ${what}. ` +
    `Permission '${permission}' denied on resource (or it may not exist).`;
  return caller === undefined
    ? new GcsError(401, 'required', message, AUTHORIZATION)
    : new GcsError(403, 'forbidden', message);
}

/** The check every handler of one request calls before it touches a bucket or object. */
export function guardFor(iam: StorageIam, caller: Caller): Guard {
  return (permission, bucket, object) => {
    const allowed =
      caller !== undefined &&
      iam.allows(memberOf(caller), permission, { service: 'storage', bucket, object });
    if (!allowed) throw accessDenied(caller, permission, bucket, object);
  };
}
