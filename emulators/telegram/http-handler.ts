/**
 * HTTP front of the emulator: routes `/bot<token>/<method>` and
 * `/file/bot<token>/<path>` like api.telegram.org, answers in Telegram's
 * envelope, and records every call. Paths carry the token, so they are never
 * logged; only method names, statuses and file paths are.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findMethod, type Method } from './bot-api.js';
import { BotApiError, methodNotFound, unauthorized } from './errors.js';
import type { FaultInjector } from './faults.js';
import type { Recorder } from './recorder.js';
import { readApiRequest, type ApiRequest } from './request-body.js';
import type { Store } from './store.js';
import type { ApiResponse } from './types.js';

/** What the HTTP layer dispatches to. */
export interface HandlerDeps {
  token: string;
  methods: Map<string, Method>;
  faults: FaultInjector;
  recorder: Recorder;
  store: Store;
  log: (line: Record<string, unknown>) => void;
  /** Serves paths outside the Bot API (the chat page); undefined for paths it does not own. */
  otherRoutes?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | undefined;
}

const API_PATH = /^\/bot([^/]+)\/([^/]*)$/;
const FILE_PATH = /^\/file\/bot([^/]+)\/(.+)$/;

/** The request listener for the emulator's HTTP server. */
export function createRequestHandler(
  deps: HandlerDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const api = API_PATH.exec(url.pathname);
    const file = FILE_PATH.exec(url.pathname);
    const done = api
      ? handleApiCall(deps, req, res, api[1] ?? '', api[2] ?? '', url.searchParams)
      : file
        ? handleDownload(deps, req, res, file[1] ?? '', file[2] ?? '')
        : (deps.otherRoutes?.(req, res, url) ??
          Promise.resolve(req.resume()).then(() =>
            reply(res, new BotApiError(404, 'Not Found').toResponse()),
          ));
    done.catch((err: unknown) => {
      deps.log({ severity: 'ERROR', message: 'request failed', error: String(err) });
      if (!res.headersSent) reply(res, new BotApiError(500, 'Internal Server Error').toResponse());
      else res.destroy();
    });
  };
}

/**
 * Runs a Bot API method carried by a webhook response body, as Telegram does
 * when a bot answers an update with `{"method": ...}`. Failures are only
 * recorded: Telegram cannot report them to anyone either.
 */
export async function handleWebhookReply(
  deps: HandlerDeps,
  response: IncomingMessage,
): Promise<void> {
  let request: ApiRequest;
  try {
    request = await readApiRequest(response.headers, response);
  } catch {
    return;
  }
  const name = request.params.method;
  const method = typeof name === 'string' ? findMethod(deps.methods, name) : undefined;
  if (!method) return;
  await runMethod(deps, method, request, true);
}

async function handleApiCall(
  deps: HandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
  name: string,
  query: URLSearchParams,
): Promise<void> {
  const method = findMethod(deps.methods, name);
  const failure = !tokenMatches(deps.token, token)
    ? unauthorized()
    : !method
      ? name === ''
        ? new BotApiError(404, 'Not Found')
        : methodNotFound()
      : undefined;
  if (failure || !method) {
    req.resume();
    const response = (failure ?? methodNotFound()).toResponse();
    deps.recorder.call({ method: name, params: {}, files: [], at: Date.now(), response });
    logCall(deps, name, response);
    reply(res, response);
    return;
  }
  let request: ApiRequest;
  try {
    request = await readApiRequest(req.headers, req, query);
  } catch (err) {
    req.resume();
    const response = toResponse(err, deps);
    deps.recorder.call({ method: method.name, params: {}, files: [], at: Date.now(), response });
    logCall(deps, method.name, response);
    reply(res, response);
    return;
  }
  if (deps.faults.hang(method.name, request.params.chat_id, res)) {
    logCall(deps, method.name, { ok: false, error_code: 0, description: 'fault: no answer' });
    return;
  }
  const response = await runMethod(deps, method, request, false);
  if (response.ok) await deps.faults.beforeAnswer(method.name, request.params.chat_id);
  reply(res, response);
}

async function runMethod(
  deps: HandlerDeps,
  method: Method,
  request: ApiRequest,
  viaWebhookReply: boolean,
): Promise<ApiResponse> {
  const at = Date.now();
  let response: ApiResponse;
  try {
    const fault = viaWebhookReply ? undefined : deps.faults.draw(method.name);
    if (fault) throw fault;
    const outcome = await method.run(request);
    response = { ok: true, result: outcome.result };
    if (outcome.description !== undefined) response.description = outcome.description;
  } catch (err) {
    response = toResponse(err, deps);
  }
  deps.recorder.call({
    method: method.name,
    params: request.params,
    files: [...request.files.values()],
    at,
    response,
    ...(viaWebhookReply && { viaWebhookReply }),
  });
  logCall(deps, method.name, response, viaWebhookReply);
  return response;
}

async function handleDownload(
  deps: HandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
  filePath: string,
): Promise<void> {
  req.resume();
  if (!tokenMatches(deps.token, token)) return reply(res, unauthorized().toResponse());
  const file = deps.store.fileByPath(decodeURIComponent(filePath));
  if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
    return reply(res, new BotApiError(404, 'Not Found').toResponse());
  }
  deps.log({
    severity: 'INFO',
    message: 'file downloaded',
    filePath: file.filePath,
    bytes: file.data.length,
  });
  res.writeHead(200, { 'content-type': file.mimeType, 'content-length': file.data.length });
  await new Promise<void>((resolve) =>
    res.end(req.method === 'HEAD' ? undefined : file.data, resolve),
  );
}

function toResponse(err: unknown, deps: HandlerDeps): ApiResponse {
  if (err instanceof BotApiError) return err.toResponse();
  deps.log({
    severity: 'ERROR',
    message: 'method crashed',
    error: err instanceof Error ? err.stack : String(err),
  });
  return new BotApiError(500, 'Internal Server Error').toResponse();
}

function reply(res: ServerResponse, body: ApiResponse): void {
  const json = JSON.stringify(body);
  res.writeHead(body.ok ? 200 : (body.error_code ?? 500), {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

function tokenMatches(expected: string, given: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(given);
  } catch {
    return false;
  }
  const a = Buffer.from(expected);
  const b = Buffer.from(decoded);
  return a.length === b.length && timingSafeEqual(a, b);
}

function logCall(
  deps: HandlerDeps,
  method: string,
  response: ApiResponse,
  viaWebhookReply = false,
): void {
  deps.log({
    severity: response.ok ? 'INFO' : 'WARNING',
    message: 'bot api call',
    method,
    status: response.ok ? 200 : response.error_code,
    ...(response.ok ? {} : { description: response.description }),
    ...(viaWebhookReply && { viaWebhookReply }),
  });
}
