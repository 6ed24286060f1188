import { parseArgs } from 'node:util';
import { numberFlags } from './number-flags';
import { simulateChain } from './sim/chain';
import { MEASURED, cloudInputs, localInputs, readBench } from './sim/inputs';
import { simulateLocal } from './sim/local';

/**
 * `npm run simulate -- --photos N --users U --over S [--seed K] [--bench FILE]
 * [deploy flags…]`: a discrete-event model of the deployed chain under a burst (photos
 * from `users` users at random times within `over` seconds), fed by a `bench:chain` result
 * (default: sim/measured.json, from a real run) and the deploy's settings; any
 * `npm run deploy` sizing flag (`--matting-max-instances 20`, `--sender-max-instances 5`,
 * `--max-delivery-attempts 20`, `--*-min-instances`) changes them. Seeded: the same
 * arguments give the same answer. The last line is one JSON object.
 *
 * `--local --rate R --photos N [--cores C]`: the local stack as bench:chain drives it
 * (steady rate, all processes on this machine's cores, or C of them when other work shares
 * the machine), to check the model against a real run.
 */
const DEPLOY_FLAGS = [
  'matting-max-instances',
  'webhook-max-instances',
  'sender-max-instances',
  'max-delivery-attempts',
  'webhook-min-instances',
  'matting-min-instances',
  'sender-min-instances',
] as const;

function main(): number {
  const { values } = parseArgs({
    options: {
      ...numberFlags({ photos: 100, users: 20, over: 60, seed: 1, rate: 2 }),
      bench: { type: 'string', default: MEASURED },
      local: { type: 'boolean', default: false },
      cores: { type: 'string' },
      ...Object.fromEntries(DEPLOY_FLAGS.map((f) => [f, { type: 'string' as const }])),
    },
  });
  const n = (k: 'photos' | 'users' | 'over' | 'seed' | 'rate') => Number(values[k]);
  if (!['photos', 'users', 'over', 'rate'].every((k) => n(k as 'photos') > 0)) {
    console.error(
      'usage: npm run simulate -- --photos N --users U --over S [--seed K] [--bench FILE]',
    );
    return 2;
  }
  const bench = readBench(values.bench);
  if (values.local) {
    const local = localInputs(bench);
    // cores the stack had: the machine's, unless other work took part of them (--cores)
    if (values.cores) local.cores = Number(values.cores);
    const r = simulateLocal(local, n('photos'), n('rate'));
    console.log(JSON.stringify({ rate_per_s: n('rate'), ...r }));
    return 0;
  }
  const given = values as Record<string, string | boolean | undefined>;
  const flags = DEPLOY_FLAGS.flatMap((f) => {
    const v = given[f];
    return typeof v === 'string' ? [`--${f}`, v] : [];
  });
  const inputs = cloudInputs(bench, flags);
  const r = simulateChain(inputs, {
    photos: n('photos'),
    users: n('users'),
    overS: n('over'),
    seed: n('seed'),
  });
  console.log(
    [
      `deploy: max instances webhook ${inputs.instances.webhook.max}, matting ${inputs.instances.matting.max}, sender ${inputs.instances.sender.max} × ${inputs.senderPerSecond} msg/s; ${inputs.push.maxDeliveryAttempts} delivery attempts`,
      `${r.photos} photos from ${n('users')} users within ${n('over')} s: drained in ${r.drain_s} s, p50 ${r.p50_ms} ms, p95 ${r.p95_ms} ms`,
      `Telegram: ${r.telegram_429} × 429, at most ${r.max_messages_per_s} messages in a second`,
      `instances at the peak: ${JSON.stringify(r.instances)}; cold starts ${JSON.stringify(r.cold_starts)}`,
      `redelivered pushes ${r.redeliveries}, dead-lettered ${r.dead_lettered}, lost ${r.lost}`,
    ].join('\n'),
  );
  const { photos, drain_s, p50_ms, p95_ms, telegram_429, max_messages_per_s, max_instances, lost } =
    r;
  console.log(
    JSON.stringify({
      photos,
      drain_s,
      p50_ms,
      p95_ms,
      telegram_429,
      max_messages_per_s,
      max_instances,
      lost,
    }),
  );
  return 0;
}

process.exit(main());
