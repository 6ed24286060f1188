import { Storage, type StorageOptions } from '@google-cloud/storage';
import { emulatorAuthClient } from '../../shared/emulator-identity';
import { LOCAL_OPERATOR } from '../iam/local-plan';

/**
 * A Storage client that calls the local emulator as `email`, the way the functions' own
 * client does (shared/storage.ts): the stack's setup, seeding and tests act as the local
 * operator; a test can also act as any account of the deploy plan.
 */
export function storageAs(url: string, projectId: string, email = LOCAL_OPERATOR): Storage {
  return new Storage({
    apiEndpoint: url,
    projectId,
    useAuthWithCustomEndpoint: true,
    authClient: emulatorAuthClient(email) as unknown as StorageOptions['authClient'],
  });
}
