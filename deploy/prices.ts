/**
 * List prices, USD, for one region: europe-west1 (Belgium; Cloud Run tier 1), as read on
 * PRICES_READ. Each line names its source; a price marked `confirmed: false` could not be
 * read from Google's page when this table was written and is the commonly quoted value:
 * check it before relying on it. Free tiers are left out on purpose (`npm run cost`
 * reports the cost of the traffic itself, as if the free tier were already used up).
 */
export const PRICES_READ = '2026-12-02';

export interface Price {
  usd: number;
  per: string;
  source: string;
  confirmed: boolean;
}

const RUN = 'cloud.google.com/run/pricing (Cloud Run functions are billed as Cloud Run)';
const GCS = 'cloud.google.com/storage/pricing, /storage/pricing-examples';

export const PRICES = {
  /** request-based billing ("CPU only allocated during request processing"), tier 1 */
  cpu: { usd: 0.000024, per: 'vCPU-second', source: RUN, confirmed: true },
  memory: { usd: 0.0000025, per: 'GiB-second', source: RUN, confirmed: true },
  requests: { usd: 0.4, per: 'million requests', source: RUN, confirmed: true },
  /** an idle instance kept by --min-instances, request-based billing */
  idleCpu: { usd: 0.0000025, per: 'vCPU-second idle', source: RUN, confirmed: false },
  idleMemory: { usd: 0.0000025, per: 'GiB-second idle', source: RUN, confirmed: false },
  /** Standard storage, regional bucket */
  storageClassA: { usd: 0.005, per: '1,000 class A operations', source: GCS, confirmed: true },
  storageClassB: { usd: 0.0004, per: '1,000 class B operations', source: GCS, confirmed: true },
  storageAtRest: { usd: 0.02, per: 'GB-month', source: GCS, confirmed: true },
  /** message delivery: publish and each push, billed at least 1 KB each */
  pubsub: {
    usd: 40,
    per: 'TiB of throughput',
    source: 'cloud.google.com/pubsub/pricing',
    confirmed: false,
  },
  /**
   * Firestore Native, Standard edition. Google's page lists these per location; the
   * multi-region values ($0.06 / $0.18 / $0.02) were read, the regional ones (half)
   * were not. A named database has no free quota.
   */
  firestoreRead: {
    usd: 0.03,
    per: '100,000 document reads',
    source: 'cloud.google.com/firestore/pricing',
    confirmed: false,
  },
  firestoreWrite: {
    usd: 0.09,
    per: '100,000 document writes',
    source: 'cloud.google.com/firestore/pricing',
    confirmed: false,
  },
  firestoreDelete: {
    usd: 0.01,
    per: '100,000 document deletes',
    source: 'cloud.google.com/firestore/pricing',
    confirmed: false,
  },
  artifactRegistry: {
    usd: 0.1,
    per: 'GB-month (first 0.5 GB free)',
    source: 'cloud.google.com/artifact-registry/pricing',
    confirmed: false,
  },
  /** Premium tier internet egress from Europe, first TB */
  egress: {
    usd: 0.12,
    per: 'GB to the internet',
    source: 'cloud.google.com/vpc/network-pricing',
    confirmed: false,
  },
  /** what a paid API charges to cut one image out, for comparison */
  backgroundRemovalApi: {
    usd: 0.02,
    per: 'image (Photoroom Remove Background API, Basic plan)',
    source: 'docs.photoroom.com/getting-started/pricing, photoroom.com/api/pricing',
    confirmed: true,
  },
} satisfies Record<string, Price>;
