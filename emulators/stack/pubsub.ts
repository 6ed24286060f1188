import { PubSub } from '@google-cloud/pubsub';
import { gcloudEmulatorProblem, startGcloudEmulator } from './gcloud-emulator';

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
  return gcloudEmulatorProblem('pubsub-emulator', 'google-cloud-cli-pubsub-emulator');
}

/** Starts `gcloud beta emulators pubsub start` and waits until it answers. */
export async function startPubSubEmulator(opts: {
  port: number;
  projectId: string;
  log?: (line: string) => void;
  timeoutMs?: number;
}): Promise<PubSubEmulator> {
  const problem = pubsubEmulatorProblem();
  if (problem) throw new Error(problem);
  const emulator = await startGcloudEmulator({
    name: 'Pub/Sub emulator',
    args: ['beta', 'emulators', 'pubsub', 'start', `--project=${opts.projectId}`],
    ...opts,
  });
  const host = emulator.host;
  const client = new PubSub({ projectId: opts.projectId, apiEndpoint: host, emulatorMode: true });
  return {
    host,
    projectId: opts.projectId,
    client,
    async stop() {
      await client.close().catch(() => undefined);
      await emulator.stop();
    },
  };
}
