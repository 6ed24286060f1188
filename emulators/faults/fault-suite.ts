import { parseArgs } from 'node:util';
import { CI_PROFILE, FULL_PROFILE, formatFaultResult, runFaultSuite } from './faults';

/**
 * `npm run test:faults [-- --profile ci|full] [--photos N] [--users U]`: the fault run
 * on the local stack. Exit 0 only when no photo was lost and none was answered twice.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string', default: 'full' },
      photos: { type: 'string' },
      users: { type: 'string' },
    },
  });
  const base = values.profile === 'ci' ? CI_PROFILE : FULL_PROFILE;
  const profile = {
    ...base,
    ...(values.photos ? { photos: Number(values.photos) } : {}),
    ...(values.users ? { users: Number(values.users) } : {}),
  };
  console.log(
    `fault run: ${profile.photos} photos from ${profile.users} users at ${profile.ratePerSec}/s`,
  );
  const t0 = Date.now();
  const r = await runFaultSuite(profile, (l) => console.log(`  ${l}`));
  console.log(formatFaultResult(r));
  console.log(`took ${Math.round((Date.now() - t0) / 1000)} s`);
  const refusals = r.iam.storageRefused + r.iam.callViolations.length;
  const fired = Object.entries(r.injected).filter(([, n]) => n === 0);
  for (const [fault] of fired) console.log(`fault never fired: ${fault}`);
  const ok = r.lost === 0 && r.duplicates === 0 && refusals === 0 && fired.length === 0;
  console.log(
    ok ? 'PASS: 0 lost, 0 duplicates, every fault fired, IAM enforced with 0 refusals' : 'FAIL',
  );
  console.log(
    JSON.stringify({
      photos: r.photos,
      stickers: r.stickers,
      apologies: r.apologies,
      other: r.otherAnswers,
      duplicates: r.duplicates,
      lost: r.lost,
      iamRefusals: refusals,
    }),
  );
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`fault run failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
