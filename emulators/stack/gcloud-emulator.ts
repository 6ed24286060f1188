import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { waitForHttp } from './ports';

/** A Google Cloud emulator (`gcloud ... emulators X start`) running as a child process. */
export interface GcloudEmulatorProcess {
  /** host:port it listens on, the value of its *_EMULATOR_HOST variable */
  host: string;
  stop(): Promise<void>;
}

/** One of the emulators gcloud starts: what it is called, how it is installed and started. */
export interface GcloudEmulatorKind {
  /** for messages, e.g. 'Pub/Sub emulator' */
  name: string;
  /** the gcloud component, as `gcloud --version` lists it */
  component: string;
  /** the Debian package that installs the component */
  debianPackage: string;
  /** gcloud's arguments for the project, before `--host-port` */
  args: (projectId: string) => string[];
}

/** Where the emulator listens, for which project, and how long it may take to start. */
export interface GcloudEmulatorOptions {
  port: number;
  projectId: string;
  log?: (line: string) => void;
  timeoutMs?: number;
}

/**
 * Explains what to install when `gcloud` with the emulator's component cannot run here;
 * null when it can. Both emulators are Java programs started by gcloud.
 */
export function gcloudEmulatorProblem(kind: GcloudEmulatorKind): string | null {
  const { component, debianPackage } = kind;
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) {
    return `Java is not installed, and the ${component} needs it: install a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless).`;
  }
  const gcloud = spawnSync('gcloud', ['--version'], { encoding: 'utf8' });
  if (gcloud.error || gcloud.status !== 0) {
    return `gcloud is not installed: install the Google Cloud CLI and the ${component} (Debian: apt-get install google-cloud-cli ${debianPackage}).`;
  }
  if (!gcloud.stdout.includes(component)) {
    return `The ${component} component is missing: apt-get install ${debianPackage} (or gcloud components install ${component}).`;
  }
  return null;
}

/**
 * Starts `gcloud <args> --host-port=127.0.0.1:<port>` in its own process group (gcloud
 * starts Java as a grandchild, and stopping must take both down) and waits until it
 * answers HTTP on that port.
 *
 * @throws Error saying what to install when the emulator cannot run here
 */
export async function startGcloudEmulator(
  kind: GcloudEmulatorKind,
  opts: GcloudEmulatorOptions,
): Promise<GcloudEmulatorProcess> {
  const problem = gcloudEmulatorProblem(kind);
  if (problem) throw new Error(problem);
  // Off Google Cloud, the auth library would probe the GCE metadata server and warn.
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  const host = `127.0.0.1:${opts.port}`;
  const args = [...kind.args(opts.projectId), `--host-port=${host}`, '--quiet'];
  const child: ChildProcess = spawn('gcloud', args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
      `${kind.name} did not start: ${(err as Error).message}\n${output.slice(-20).join('\n')}`,
    );
  }
  return {
    host,
    async stop() {
      kill('SIGTERM');
      const deadline = Date.now() + 5000;
      while (!exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      kill('SIGKILL');
      process.off('exit', onExit);
    },
  };
}
