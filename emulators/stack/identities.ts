import { Storage, type StorageOptions } from '@google-cloud/storage';
import { emulatorAuthClient, emulatorInterceptor } from '../../shared/emulator-identity';
import { LOCAL_OPERATOR } from '../iam/local-plan';

/**
 * A Storage client that calls the local emulator as `email`, the way the functions' own
 * client does (shared/storage.ts): the stack's setup, seeding and tests act as the local
 * operator; a test can also act as any account of the deploy plan.
 */
export function storageAs(url: string, projectId: string, email = LOCAL_OPERATOR): Storage {
  const storage = new Storage({
    apiEndpoint: url,
    projectId,
    useAuthWithCustomEndpoint: true,
    authClient: emulatorAuthClient(email) as unknown as StorageOptions['authClient'],
  });
  // Resumable uploads (seeding large samples) carry the identity through this one.
  storage.interceptors.push(asInterceptor(emulatorInterceptor(email)));
  return storage;
}

/** An interceptor as `Storage.interceptors` types it (its request options type is narrower). */
export function asInterceptor(i: { request<T>(opts: T): T }): Storage['interceptors'][number] {
  return i as unknown as Storage['interceptors'][number];
}
