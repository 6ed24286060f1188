import {
  gcloudEmulatorProblem,
  startGcloudEmulator,
  type GcloudEmulatorKind,
  type GcloudEmulatorOptions,
} from './gcloud-emulator';

const FIRESTORE: GcloudEmulatorKind = {
  name: 'Firestore emulator',
  component: 'cloud-firestore-emulator',
  debianPackage: 'google-cloud-cli-firestore-emulator',
  args: () => ['emulators', 'firestore', 'start', '--database-mode=firestore-native'],
};

/** The official Firestore emulator, run as a child process for the local stack and tests. */
export interface FirestoreEmulator {
  /** host:port, the value of FIRESTORE_EMULATOR_HOST */
  host: string;
  projectId: string;
  /** Deletes every document of the project's default database (between tests). */
  clear(): Promise<void>;
  stop(): Promise<void>;
}

/** Explains what to install when the emulator cannot run here; null when it can. */
export function firestoreEmulatorProblem(): string | null {
  return gcloudEmulatorProblem(FIRESTORE);
}

/** Starts `gcloud emulators firestore start` (Native mode) and waits until it answers. */
export async function startFirestoreEmulator(
  opts: GcloudEmulatorOptions,
): Promise<FirestoreEmulator> {
  const emulator = await startGcloudEmulator(FIRESTORE, opts);
  const { host } = emulator;
  return {
    host,
    projectId: opts.projectId,
    async clear() {
      // The emulator's own reset endpoint (documented for the Firebase emulator suite).
      const res = await fetch(
        `http://${host}/emulator/v1/projects/${opts.projectId}/databases/(default)/documents`,
        { method: 'DELETE' },
      );
      if (!res.ok) throw new Error(`Firestore emulator reset failed: ${res.status}`);
    },
    stop: () => emulator.stop(),
  };
}
