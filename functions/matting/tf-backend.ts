/**
 * Picks the TensorFlow.js backend once per process.
 *
 * `@tensorflow/tfjs-node` (native libtensorflow) is used when it is installed: it is an
 * optionalDependency because its install script downloads libtensorflow, which fails offline.
 * Otherwise the WebAssembly backend runs, loading its `.wasm` binaries from the copy shipped in
 * node_modules (never from the network). `TFJS_BACKEND` (`tensorflow` | `wasm` | `cpu`) forces one.
 */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '../../shared/errors';
import { BACKENDS, type BackendName } from './backend-setting';

/** Why the backend was chosen, for the cold-start log line. */
export interface BackendInfo {
  name: BackendName;
  /** Which `.wasm` binary the wasm backend loaded (SIMD or not); undefined for other backends. */
  wasmBinary?: string;
  /** Milliseconds spent requiring and initialising the backend. */
  initMs: number;
}

let pending: Promise<BackendInfo> | undefined;

/**
 * Initialises TF.js with the best available backend, once per process; later calls return the
 * same promise, so the handler, the CLIs and the tests can all call it freely.
 *
 * @param forced the validated `TFJS_BACKEND` setting; undefined picks the best available.
 * @throws ConfigError naming `TFJS_BACKEND` when it forces a backend that cannot load (fail
 *   at cold start, do not fall back silently).
 */
export function initBackend(forced?: BackendName): Promise<BackendInfo> {
  pending ??= chooseBackend(forced);
  return pending;
}

/** The active backend name; throws if {@link initBackend} has not completed. */
export function backendName(): BackendName {
  const name = tf.getBackend();
  if (!(BACKENDS as readonly string[]).includes(name)) {
    throw new Error('TF.js backend not initialised: await initBackend() first');
  }
  return name as BackendName;
}

async function chooseBackend(wanted: BackendName | undefined): Promise<BackendInfo> {
  const started = performance.now();
  if (wanted === 'tensorflow' || wanted === undefined) {
    if (tryRequireNode()) {
      await activate('tensorflow');
      return { name: 'tensorflow', initMs: performance.now() - started };
    }
    if (wanted === 'tensorflow') {
      throw new ConfigError('TFJS_BACKEND=tensorflow but @tensorflow/tfjs-node cannot be loaded');
    }
  }
  if (wanted === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
    await activate('cpu');
    return { name: 'cpu', initMs: performance.now() - started };
  }
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const files = localWasmFiles();
  wasm.setWasmPaths(files);
  await withoutNewProcessListeners(() => activate('wasm'));
  // Threads are never enabled in Node (the backend reports no multithread support there), so
  // the binary is the SIMD one when the runtime validates SIMD, else the plain one.
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return {
    name: 'wasm',
    wasmBinary: simd ? files['tfjs-backend-wasm-simd.wasm'] : files['tfjs-backend-wasm.wasm'],
    initMs: performance.now() - started,
  };
}

/** True when the optional native binding is installed and loads (it registers 'tensorflow'). */
function tryRequireNode(): boolean {
  try {
    // A plain require keeps TypeScript from needing the (absent) package's types.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-node');
    return tf.findBackend('tensorflow') != null || tf.findBackendFactory('tensorflow') != null;
  } catch {
    return false;
  }
}

async function activate(name: BackendName): Promise<void> {
  if (!(await tf.setBackend(name))) {
    throw new Error(`TF.js backend "${name}" failed to initialise`);
  }
  await tf.ready();
}

/**
 * Runs `fn` and removes the `uncaughtException` / `unhandledRejection` listeners it added. The
 * Emscripten glue of the wasm backend installs listeners that rethrow every error, which
 * replaces Node's (and the Functions Framework's) handling and prints the whole minified glue
 * source with each crash.
 */
async function withoutNewProcessListeners(fn: () => Promise<void>): Promise<void> {
  const uncaught = new Set(process.listeners('uncaughtException'));
  const unhandled = new Set(process.listeners('unhandledRejection'));
  try {
    await fn();
  } finally {
    for (const l of process.listeners('uncaughtException')) {
      if (!uncaught.has(l)) process.removeListener('uncaughtException', l);
    }
    for (const l of process.listeners('unhandledRejection')) {
      if (!unhandled.has(l)) process.removeListener('unhandledRejection', l);
    }
  }
}

/** Absolute paths of the three binaries shipped in @tensorflow/tfjs-backend-wasm/dist. */
function localWasmFiles(): Record<string, string> {
  const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  const names = [
    'tfjs-backend-wasm.wasm',
    'tfjs-backend-wasm-simd.wasm',
    'tfjs-backend-wasm-threaded-simd.wasm',
  ];
  return Object.fromEntries(names.map((n) => [n, path.join(dist, n)]));
}
