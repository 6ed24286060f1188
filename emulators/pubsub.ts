import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { PubSub } from '@google-cloud/pubsub';
import { waitForHttp } from './ports';

/** The official Pub/Sub emulator, run as a child process for the local stack. */
export interface PubSubEmulator {
  /** host:port, the value of PUBSUB_EMULATOR_HOST */
  host: string;
  projectId: string;
  client: PubSub;
  stop(): Promise<void>;
}

/** Explains what to install when the emulator cannot run here; null when it can. */
export function pubsubEmulatorProblem(): string | null {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) {
    return 'Java is not installed, and the Pub/Sub emulator needs it: install a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless).';
  }
  const gcloud = spawnSync('gcloud', ['--version'], { encoding: 'utf8' });
  if (gcloud.error || gcloud.status !== 0) {
    return 'gcloud is not installed: install the Google Cloud CLI and its Pub/Sub emulator (Debian: apt-get install google-cloud-cli google-cloud-cli-pubsub-emulator).';
  }
  if (!/pubsub-emulator/.test(gcloud.stdout)) {
    return 'The Pub/Sub emulator component is missing: apt-get install google-cloud-cli-pubsub-emulator (or gcloud components install pubsub-emulator).';
  }
  return null;
}

/**
 * Starts `gcloud beta emulators pubsub start` in its own process group (gcloud starts
 * Java as a grandchild, and stopping must take both down), waits until it answers.
 */
export async function startPubSubEmulator(opts: {
  port: number;
  projectId: string;
  log?: (line: string) => void;
  timeoutMs?: number;
}): Promise<PubSubEmulator> {
  const problem = pubsubEmulatorProblem();
  if (problem) throw new Error(problem);
  // Off Google Cloud, the auth library would probe the GCE metadata server and warn.
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  const host = `127.0.0.1:${opts.port}`;
  const child: ChildProcess = spawn(
    'gcloud',
    [
      'beta',
      'emulators',
      'pubsub',
      'start',
      `--host-port=${host}`,
      `--project=${opts.projectId}`,
      '--quiet',
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  const onData = (b: Buffer) => {
    for (const line of b.toString().split('\n')) {
      if (!line.trim()) continue;
      output.push(line);
      if (output.length > 200) output.shift();
      opts.log?.(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let exited = false;
  child.on('exit', () => (exited = true));
  const kill = (signal: NodeJS.Signals) => {
    if (child.pid === undefined || exited) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  const onExit = () => kill('SIGKILL');
  process.on('exit', onExit);
  try {
    await waitForHttp(`http://${host}/`, opts.timeoutMs ?? 60_000, () => exited);
  } catch (err) {
    kill('SIGKILL');
    throw new Error(
      `Pub/Sub emulator did not start: ${(err as Error).message}\n${output.slice(-20).join('\n')}`,
    );
  }
  const client = new PubSub({ projectId: opts.projectId, apiEndpoint: host, emulatorMode: true });
  return {
    host,
    projectId: opts.projectId,
    client,
    async stop() {
      await client.close().catch(() => undefined);
      kill('SIGTERM');
      const deadline = Date.now() + 5000;
      while (!exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      kill('SIGKILL');
      process.off('exit', onExit);
    },
  };
}
