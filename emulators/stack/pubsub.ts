import { PubSub } from '@google-cloud/pubsub';
import {
  gcloudEmulatorProblem,
  startGcloudEmulator,
  type GcloudEmulatorKind,
  type GcloudEmulatorOptions,
} from './gcloud-emulator';

const PUBSUB: GcloudEmulatorKind = {
  name: 'Pub/Sub emulator',
  component: 'pubsub-emulator',
  debianPackage: 'google-cloud-cli-pubsub-emulator',
  args: (projectId) => ['beta', 'emulators', 'pubsub', 'start', `--project=${projectId}`],
};

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
  return gcloudEmulatorProblem(PUBSUB);
}

/** Starts `gcloud beta emulators pubsub start` and waits until it answers. */
export async function startPubSubEmulator(opts: GcloudEmulatorOptions): Promise<PubSubEmulator> {
  const emulator = await startGcloudEmulator(PUBSUB, opts);
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
