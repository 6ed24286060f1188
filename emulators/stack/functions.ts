import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TIMEOUT_SETTING } from '../../shared/platform';
import { freePort, waitForPort } from './ports';
import { startRequestTimeoutProxy, type RequestTimeoutProxy } from './request-timeout';

/** Repository root (this file is emulators/stack/functions.ts, or dist/emulators/stack/functions.js). */
export const ROOT = __dirname.includes(`${path.sep}dist${path.sep}`)
  ? path.resolve(__dirname, '..', '..', '..')
  : path.resolve(__dirname, '..', '..');

const FF_MAIN = path.join(ROOT, 'node_modules/@google-cloud/functions-framework/build/src/main.js');

/** Functions Framework targets; `deadLetter` is the sender's second entry point. */
export type FunctionName = 'webhook' | 'matting' | 'sender' | 'deadLetter';
export const SIGNATURE: Record<FunctionName, 'http' | 'cloudevent'> = {
  webhook: 'http',
  matting: 'cloudevent',
  sender: 'cloudevent',
  deadLetter: 'cloudevent',
};
/** Folder under functions/ whose index registers the target. */
export const SOURCE_DIR: Record<FunctionName, string> = {
  webhook: 'webhook',
  matting: 'matting',
  sender: 'sender',
  deadLetter: 'sender',
};

export interface FunctionProcess {
  name: FunctionName;
  url: string;
  port: number;
  /** process spawn → listening for HTTP, in ms */
  startupMs: number;
  /** JSON log lines the function printed (parsed), newest last */
  logs: Record<string, unknown>[];
  pid(): number | undefined;
  /** peak resident set size of the process so far, in MiB (Linux /proc) */
  peakRssMb(): number | undefined;
  stop(): Promise<void>;
  /** SIGKILL, as a crash would: in-flight work is lost */
  kill(): void;
  restart(): Promise<void>;
}

/**
 * Runs one function in its own Functions Framework process, as Cloud Functions does:
 * the compiled code under dist/ (or the TypeScript source with `fromSource`, via tsx),
 * with the target and signature type of that function.
 */
export async function startFunction(opts: {
  name: FunctionName;
  port: number;
  env: NodeJS.ProcessEnv;
  fromSource?: boolean;
  onLine?: (name: FunctionName, line: string) => void;
  timeoutMs?: number;
  /** another Node binary (e.g. Node 22, to measure the deploy runtime's cold start) */
  execPath?: string;
  /** Node flags, replacing the default `--enable-source-maps` (the deploy runs without) */
  nodeArgs?: string[];
  /**
   * The function's request timeout, enforced as Cloud Run does (request-timeout.ts: a
   * 504 in front of the process) and passed to it in FUNCTION_TIMEOUT_SECONDS; none:
   * the process listens on `port` itself, with no limit.
   */
  timeoutSeconds?: number;
}): Promise<FunctionProcess> {
  const { name } = opts;
  const limited = opts.timeoutSeconds !== undefined;
  // With a timeout the framework listens on a private port behind the 504 proxy.
  const port = limited ? await freePort() : opts.port;
  const source = opts.fromSource
    ? path.join(ROOT, 'functions', SOURCE_DIR[name], 'index.ts')
    : path.join(ROOT, 'dist', 'functions', SOURCE_DIR[name], 'main.cjs');
  const nodeArgs = [
    ...(opts.nodeArgs ?? ['--enable-source-maps']),
    ...(opts.fromSource ? ['--import', 'tsx'] : []),
  ];
  const args = [
    ...nodeArgs,
    FF_MAIN,
    `--target=${name}`,
    `--signature-type=${SIGNATURE[name]}`,
    `--port=${port}`,
    `--source=${source}`,
  ];
  const logs: Record<string, unknown>[] = [];
  let child: ChildProcess | undefined;
  let exited = true;
  let startupMs = 0;
  const url = `http://127.0.0.1:${opts.port}`;
  const env: NodeJS.ProcessEnv = {
    ...opts.env,
    ...(limited && { [TIMEOUT_SETTING]: String(opts.timeoutSeconds) }),
    PORT: String(port),
  };

  const launch = async () => {
    const t0 = performance.now();
    const c = spawn(opts.execPath ?? process.execPath, args, {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = c;
    exited = false;
    c.on('exit', () => {
      if (child === c) exited = true;
    });
    let buf = '';
    const onData = (b: Buffer) => {
      buf += b.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.trim()) continue;
        try {
          const parsed: unknown = JSON.parse(line);
          if (parsed && typeof parsed === 'object') logs.push(parsed as Record<string, unknown>);
        } catch {
          /* not a JSON line: framework banner or a crash trace */
        }
        opts.onLine?.(name, line);
      }
    };
    c.stdout?.on('data', onData);
    c.stderr?.on('data', onData);
    await waitForPort(port, opts.timeoutMs ?? 30_000, () => exited);
    startupMs = Math.round(performance.now() - t0);
  };
  await launch();
  let proxy: RequestTimeoutProxy | undefined;
  const openProxy = async (timeoutSeconds: number) => {
    proxy = await startRequestTimeoutProxy({
      port: opts.port,
      upstreamPort: port,
      timeoutMs: timeoutSeconds * 1000,
      onTimeout: (r) =>
        opts.onLine?.(
          name,
          JSON.stringify({
            severity: 'ERROR',
            message: `The request has been terminated because it has reached the maximum request timeout (${timeoutSeconds} s): 504`,
            httpRequest: { requestMethod: r.method, requestUrl: r.url, status: 504 },
          }),
        ),
    });
  };
  if (opts.timeoutSeconds !== undefined) await openProxy(opts.timeoutSeconds);

  const stop = async () => {
    const c = child;
    if (!c || exited) return;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    // Cloud Run allows 10 s after SIGTERM; the functions drain in-flight events within 8 s.
    const timer = setTimeout(() => c.kill('SIGKILL'), 9000);
    await gone;
    clearTimeout(timer);
  };
  const onExit = () => child?.kill('SIGKILL');
  process.on('exit', onExit);

  let peakKb = 0;
  return {
    name,
    url,
    port: opts.port,
    get startupMs() {
      return startupMs;
    },
    logs,
    pid: () => child?.pid,
    peakRssMb() {
      const pid = child?.pid;
      if (!pid || exited) return peakKb ? peakKb / 1024 : undefined;
      try {
        // VmHWM: the process's peak resident set size
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const m = /VmHWM:\s+(\d+)\s+kB/.exec(status);
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        /* not Linux, or the process just ended */
      }
      return peakKb ? Math.round(peakKb / 102.4) / 10 : undefined;
    },
    async stop() {
      // Down, as a whole service: connections to its URL are refused until restart().
      await stop();
      await proxy?.close();
      proxy = undefined;
      process.off('exit', onExit);
    },
    kill() {
      child?.kill('SIGKILL');
    },
    async restart() {
      await stop();
      peakKb = 0;
      await launch();
      if (opts.timeoutSeconds !== undefined && !proxy) await openProxy(opts.timeoutSeconds);
      process.off('exit', onExit);
      process.on('exit', onExit);
    },
  };
}
