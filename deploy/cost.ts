import { parseArgs } from 'node:util';
import {
  CLOUD_ASSUMPTIONS,
  MEASURED,
  cloudInputs,
  deploySpecs,
  readBench,
  vcpuOf,
} from '../emulators/load/sim/inputs';
import { OPERATION_CLASS } from '../emulators/storage/operations';
import { PRICES, PRICES_READ } from './prices';

/**
 * `npm run cost [-- --bench FILE] [deploy sizing flags]`: the cost of 1,000 stickers at
 * list prices (prices.ts, one region, free tiers left out), from a `bench:chain` result
 * (default: the checked-in emulators/load/sim/measured.json) and the deploy's sizing:
 * - Cloud Run: each function's billed time per photo (its time here, the CPU part
 *   stretched to its vCPU, plus Bot API round trips: the same figures `npm run simulate`
 *   uses), rounded up to 100 ms as Cloud Run bills, × its vCPU and memory; one request;
 * - Storage: operations counted at the emulator, by class; stickers kept 7 days;
 * - Pub/Sub and Firestore: counted at the emulators once the stack's recorder is connected
 *   (emulators/load/resources.ts); until then the calls the code makes per photo;
 * - egress: the sticker uploaded to Telegram;
 * and the monthly cost of one warm instance per function (`--*-min-instances`), and of
 * the images at rest in Artifact Registry.
 */
type Fn = 'webhook' | 'matting' | 'sender';
const CHAIN: readonly Fn[] = ['webhook', 'matting', 'sender'];

/** Per photo, read from the code while the emulators cannot count them (see above). */
const CODE_COUNTS = {
  /** Storage notification → Eventarc push; reply publish → push: each billed as ≥ 1 KB */
  pubsubKb: 4,
  /** fair-use transaction (1 read, 1 write), chat settings (1 read) */
  firestore: { reads: 2, writes: 1, deletes: 1 },
};
/**
 * Days a sticker stays in its bucket at most: the sender deletes it once delivered (so
 * in practice seconds), the lifecycle rule (lifecycle-stickers.json) after a day.
 */
const STICKER_DAYS = 1;
/** Images in Artifact Registry, about the size `npm ci` installs per upload (deploy/README.md). */
const IMAGES_GB = (73 + 33 + 235) / 1024;
const HOURS_PER_MONTH = 730;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function main(): number {
  const { values } = parseArgs({
    options: {
      bench: { type: 'string', default: MEASURED },
      'matting-max-instances': { type: 'string' },
      'sender-max-instances': { type: 'string' },
    },
  });
  const flags = (['matting-max-instances', 'sender-max-instances'] as const).flatMap((f) =>
    values[f] ? [`--${f}`, values[f]] : [],
  );
  const bench = readBench(values.bench);
  const specs = deploySpecs(flags);
  const service = cloudInputs(bench, flags).serviceMs;
  const per1000: Record<string, number> = {};
  for (const fn of CHAIN) {
    const billedS = Math.ceil(median(service[fn]) / 100) / 10;
    const memGiB = gib(specs[fn].memory);
    per1000[`${fn} CPU (${vcpuOf(specs[fn])} vCPU × ${billedS} s)`] =
      1000 * vcpuOf(specs[fn]) * billedS * PRICES.cpu.usd;
    per1000[`${fn} memory (${memGiB} GiB × ${billedS} s)`] =
      1000 * memGiB * billedS * PRICES.memory.usd;
  }
  per1000['requests (3 per sticker)'] = (3000 * PRICES.requests.usd) / 1e6;
  Object.assign(per1000, storageCosts(bench), messagingCosts(bench));
  const total = Object.values(per1000).reduce((a, b) => a + b, 0);
  const warm = Object.fromEntries(
    CHAIN.map((fn) => {
      const s = specs[fn];
      const perSecond = vcpuOf(s) * PRICES.idleCpu.usd + gib(s.memory) * PRICES.idleMemory.usd;
      return [fn, round(perSecond * HOURS_PER_MONTH * 3600, 2)] as const;
    }),
  );
  print(per1000, total, warm);
  console.log(
    JSON.stringify({
      prices_read: PRICES_READ,
      region: 'europe-west1',
      usd_per_1000_stickers: round(total, 4),
      parts: Object.fromEntries(Object.entries(per1000).map(([k, v]) => [k, round(v, 5)])),
      usd_per_month_one_warm_instance: warm,
      usd_per_month_images_at_rest: round(IMAGES_GB * PRICES.artifactRegistry.usd, 3),
      background_removal_api_usd_per_1000: PRICES.backgroundRemovalApi.usd * 1000,
    }),
  );
  return 0;
}

function gib(memory: string): number {
  const m = /^(\d+)(Mi|Gi)$/.exec(memory);
  if (!m) throw new Error(`unknown memory size ${memory}`);
  return Number(m[1]) / (m[2] === 'Mi' ? 1024 : 1);
}

function storageCosts(bench: ReturnType<typeof readBench>): Record<string, number> {
  const ops = bench.ops_per_sticker?.storage ?? {};
  let a = 0;
  let b = 0;
  for (const [op, n] of Object.entries(ops)) {
    if (OPERATION_CLASS[op] === 'A') a += n;
    if (OPERATION_CLASS[op] === 'B') b += n;
  }
  const stickerGb = (bench.sticker_bytes ?? 0) / 1e9;
  return {
    [`Storage class A (${a} per sticker)`]: a * PRICES.storageClassA.usd,
    [`Storage class B (${b} per sticker)`]: b * PRICES.storageClassB.usd,
    [`Storage at rest (sticker kept at most ${STICKER_DAYS} day)`]:
      1000 * stickerGb * (STICKER_DAYS / 30) * PRICES.storageAtRest.usd,
  };
}

function messagingCosts(bench: ReturnType<typeof readBench>): Record<string, number> {
  const fs = CODE_COUNTS.firestore;
  const tib = (CODE_COUNTS.pubsubKb * 1024) / 2 ** 40;
  return {
    [`Pub/Sub (${CODE_COUNTS.pubsubKb} KB billed per sticker, from the code)`]:
      1000 * tib * PRICES.pubsub.usd,
    [`Firestore (${fs.reads} reads, ${fs.writes} write, ≤ ${fs.deletes} TTL delete, from the code)`]:
      (1000 / 100_000) *
      (fs.reads * PRICES.firestoreRead.usd +
        fs.writes * PRICES.firestoreWrite.usd +
        fs.deletes * PRICES.firestoreDelete.usd),
    [`egress to Telegram (${Math.round((bench.sticker_bytes ?? 0) / 1024)} KB sticker)`]:
      1000 * ((bench.sticker_bytes ?? 0) / 1e9) * PRICES.egress.usd,
  };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

function print(per1000: Record<string, number>, total: number, warm: Record<string, number>): void {
  console.log(
    `Cost of 1,000 stickers, europe-west1 list prices of ${PRICES_READ}, free tiers left out:`,
  );
  for (const [k, v] of Object.entries(per1000)) console.log(`  ${k.padEnd(72)} $${v.toFixed(5)}`);
  console.log(`  ${'total'.padEnd(72)} $${total.toFixed(4)}`);
  console.log(
    `A paid background-removal API: $${(PRICES.backgroundRemovalApi.usd * 1000).toFixed(2)} per 1,000 images (${PRICES.backgroundRemovalApi.per}).`,
  );
  console.log(
    `One instance kept warm (--*-min-instances 1), per month: ${Object.entries(warm)
      .map(([k, v]) => `${k} $${v}`)
      .join(', ')}.`,
  );
  console.log(
    `Assumed: a Bot API call takes ${CLOUD_ASSUMPTIONS.telegramCallMs} ms from the region, a Google API call ${CLOUD_ASSUMPTIONS.googleCallMs} ms.`,
  );
}

process.exit(main());
