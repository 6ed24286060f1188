/**
 * Errors in the JSON shape Cloud Storage answers with. The client builds its `ApiError`
 * (`code`, `errors[].reason`) from this body, and callers branch on those fields (a 412 on
 * `ifGenerationMatch: 0` is how a duplicate upload is recognised), so the shape matters.
 */
export class GcsError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    /** further fields of `errors[0]`, e.g. `{ locationType: 'header', location: 'Authorization' }` */
    readonly details: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'GcsError';
  }

  /** The response body, as the JSON API writes it. */
  toJSON(): Record<string, unknown> {
    return {
      error: {
        code: this.status,
        message: this.message,
        errors: [{ message: this.message, domain: 'global', reason: this.reason, ...this.details }],
      },
    };
  }
}

/** 400 with GCS's reason for a malformed request. */
export function badRequest(message: string, reason = 'invalid'): GcsError {
  return new GcsError(400, reason, message);
}

/** 404 for a bucket, as GCS words it. */
export function noSuchBucket(): GcsError {
  return new GcsError(404, 'notFound', 'The specified bucket does not exist.');
}

/** 404 for an object, as GCS words it. */
export function noSuchObject(bucket: string, name: string): GcsError {
  return new GcsError(404, 'notFound', `No such object: ${bucket}/${name}`);
}

/** 412 for a failed `if*Match` precondition. */
export function conditionNotMet(): GcsError {
  return new GcsError(
    412,
    'conditionNotMet',
    'At least one of the pre-conditions you specified did not hold.',
  );
}

/** 304 for a failed `if*NotMatch` precondition on a read, as GCS does for GETs. */
export function notModified(): GcsError {
  return new GcsError(304, 'notModified', 'Not Modified');
}
