/**
 * Structured logging for Cloud Logging: one JSON line per event on stdout, with
 * `severity` and `message`, and the update id carried as a label so one photo can be
 * followed through webhook, matting and sender. Every line passes through `redact`, so
 * the bot token (which Telegram file URLs contain) never reaches the logs.
 */
export type Severity = 'DEBUG' | 'INFO' | 'NOTICE' | 'WARNING' | 'ERROR' | 'CRITICAL';

export type Fields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  critical(message: string, fields?: Fields): void;
  /** A logger whose lines all carry `fields` too (e.g. the update id of one photo). */
  child(fields: Fields): Logger;
}

const TOKEN_PATTERN = /\d{3,}:[A-Za-z0-9_-]{20,}/g;
const secrets = new Set<string>();

/** Registers a secret value that must never be printed, whatever its shape. */
export function addSecret(value: string | undefined): void {
  if (value && value.length >= 6) secrets.add(value);
}

/** Removes bot tokens and registered secrets from a string. */
export function redact(text: string): string {
  let out = text.replace(TOKEN_PATTERN, '<redacted>');
  for (const s of secrets) out = out.split(s).join('<redacted>');
  return out;
}

function serializeError(err: unknown): Fields | string {
  if (!(err instanceof Error)) return String(err);
  const e = err as Error & { code?: unknown; api?: unknown };
  return {
    name: e.name,
    message: e.message,
    code: e.code,
    api: e.api,
    stack: e.stack,
    cause: e.cause ? serializeError(e.cause) : undefined,
  };
}

/** The process-wide sink; tests replace it to collect lines. */
export let sink: (line: string) => void = (line) => process.stdout.write(line + '\n');
export function setLogSink(fn: (line: string) => void): void {
  sink = fn;
}

const LABEL_KEYS = ['updateId', 'chatId', 'function'];

/** Creates a logger; `base` fields (e.g. `{ function: 'webhook' }`) go on every line. */
export function createLogger(base: Fields = {}): Logger {
  const write = (severity: Severity, message: string, fields?: Fields): void => {
    const all: Fields = { ...base, ...fields };
    const labels: Record<string, string> = {};
    for (const k of LABEL_KEYS) {
      const v = all[k];
      if (typeof v === 'string' || typeof v === 'number') labels[k] = String(v);
    }
    if (all.err !== undefined) all.err = serializeError(all.err);
    const entry: Fields = {
      severity,
      message,
      time: new Date().toISOString(),
      ...all,
      'logging.googleapis.com/labels': labels,
    };
    if (typeof all.trace === 'string') entry['logging.googleapis.com/trace'] = all.trace;
    let line: string;
    try {
      line = JSON.stringify(entry);
    } catch {
      line = JSON.stringify({ severity, message, note: 'unserialisable fields' });
    }
    sink(redact(line));
  };
  return {
    debug: (m, f) => write('DEBUG', m, f),
    info: (m, f) => write('INFO', m, f),
    warn: (m, f) => write('WARNING', m, f),
    error: (m, f) => write('ERROR', m, f),
    critical: (m, f) => write('CRITICAL', m, f),
    child: (fields) => createLogger({ ...base, ...fields }),
  };
}
