/**
 * Permissions of the predefined roles that deploy grants, in one table, for the local IAM
 * checks (Storage emulator, Pub/Sub and Firestore call checks). Each entry cites the page
 * its list comes from; lists are limited to the permissions of the services the local
 * stack checks (storage, pubsub, datastore) plus the role's own core permissions, because
 * nothing here can check the others. A role deploy uses that is missing here stops the
 * local stack (see policy.ts): an unknown role is never guessed.
 */

/** Where a role's permissions were read, and what it holds. */
export interface RoleDefinition {
  source: string;
  permissions: readonly string[];
}

const STORAGE_ROLES = 'https://cloud.google.com/iam/docs/roles-permissions/storage';
const PUBSUB_ROLES = 'https://cloud.google.com/iam/docs/roles-permissions/pubsub';
const FIRESTORE_ROLES = 'https://cloud.google.com/iam/docs/roles-permissions/firestore';

/** Every `storage.objects.*` permission (Storage Object Admin holds all of them). */
const ALL_OBJECT_PERMISSIONS = [
  'storage.objects.create',
  'storage.objects.delete',
  'storage.objects.get',
  'storage.objects.getIamPolicy',
  'storage.objects.list',
  'storage.objects.restore',
  'storage.objects.setIamPolicy',
  'storage.objects.setRetention',
  'storage.objects.update',
];

/** Predefined role → permissions. */
export const PREDEFINED_ROLES: Readonly<Record<string, RoleDefinition>> = {
  'roles/storage.objectCreator': {
    source: `${STORAGE_ROLES} (also storage/docs/access-control/iam-roles): no get, list, delete`,
    permissions: [
      'storage.objects.create',
      'storage.managedFolders.create',
      'storage.multipartUploads.create',
      'storage.multipartUploads.abort',
      'storage.multipartUploads.listParts',
    ],
  },
  'roles/storage.objectViewer': {
    source: STORAGE_ROLES,
    permissions: [
      'storage.objects.get',
      'storage.objects.list',
      'storage.managedFolders.get',
      'storage.managedFolders.list',
    ],
  },
  'roles/storage.objectUser': {
    source: STORAGE_ROLES,
    permissions: [
      'storage.objects.create',
      'storage.objects.delete',
      'storage.objects.get',
      'storage.objects.list',
      'storage.objects.restore',
      'storage.objects.update',
      'storage.multipartUploads.create',
      'storage.multipartUploads.abort',
      'storage.multipartUploads.list',
      'storage.multipartUploads.listParts',
    ],
  },
  'roles/storage.objectAdmin': {
    source: STORAGE_ROLES,
    permissions: [
      ...ALL_OBJECT_PERMISSIONS,
      'storage.multipartUploads.create',
      'storage.multipartUploads.abort',
      'storage.multipartUploads.list',
      'storage.multipartUploads.listParts',
    ],
  },
  'roles/storage.admin': {
    source: STORAGE_ROLES,
    permissions: [
      ...ALL_OBJECT_PERMISSIONS,
      'storage.buckets.create',
      'storage.buckets.delete',
      'storage.buckets.get',
      'storage.buckets.getIamPolicy',
      'storage.buckets.list',
      'storage.buckets.setIamPolicy',
      'storage.buckets.update',
    ],
  },
  'roles/pubsub.publisher': {
    source: PUBSUB_ROLES,
    permissions: ['pubsub.topics.publish'],
  },
  'roles/pubsub.subscriber': {
    source: PUBSUB_ROLES,
    permissions: [
      'pubsub.snapshots.seek',
      'pubsub.subscriptions.consume',
      'pubsub.topics.attachSubscription',
    ],
  },
  'roles/datastore.user': {
    source: `${FIRESTORE_ROLES} (datastore.databases.get: begin or roll back a transaction)`,
    permissions: [
      'datastore.databases.get',
      'datastore.databases.getMetadata',
      'datastore.entities.allocateIds',
      'datastore.entities.create',
      'datastore.entities.delete',
      'datastore.entities.get',
      'datastore.entities.list',
      'datastore.entities.update',
      'datastore.indexes.list',
      'datastore.namespaces.get',
      'datastore.namespaces.list',
      'datastore.statistics.get',
      'datastore.statistics.list',
    ],
  },
  'roles/secretmanager.secretAccessor': {
    source: 'https://cloud.google.com/iam/docs/roles-permissions/secretmanager',
    permissions: ['secretmanager.versions.access'],
  },
  'roles/iam.serviceAccountTokenCreator': {
    source: 'https://cloud.google.com/iam/docs/roles-permissions/iam',
    permissions: [
      'iam.serviceAccounts.getAccessToken',
      'iam.serviceAccounts.getOpenIdToken',
      'iam.serviceAccounts.implicitDelegation',
      'iam.serviceAccounts.signBlob',
      'iam.serviceAccounts.signJwt',
    ],
  },
  'roles/eventarc.eventReceiver': {
    source: 'https://cloud.google.com/iam/docs/roles-permissions/eventarc',
    permissions: ['eventarc.events.receiveAuditLogWritten', 'eventarc.events.receiveEvent'],
  },
  'roles/run.invoker': {
    source: 'https://cloud.google.com/iam/docs/roles-permissions/run',
    permissions: ['run.routes.invoke'],
  },
  'roles/logging.logWriter': {
    source: 'https://cloud.google.com/iam/docs/roles-permissions/logging',
    permissions: ['logging.logEntries.create', 'logging.logEntries.route'],
  },
  'roles/artifactregistry.writer': {
    source: 'https://cloud.google.com/iam/docs/roles-permissions/artifactregistry',
    permissions: [
      'artifactregistry.repositories.downloadArtifacts',
      'artifactregistry.repositories.uploadArtifacts',
    ],
  },
};
