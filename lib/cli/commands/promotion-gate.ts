import { ConfigError } from '../../errors';
import { type BakeResult, BakeVerdict } from '../../promotion/bake';
import { promotionGate } from '../../promotion/gate';
import { EXIT_FINDINGS, parseFlags, type Command } from '../command';

const HELP = {
  command: 'promotion:gate',
  summary:
    "Refuses a promotion the source cluster has not run long enough: every app it covers (and with --platform every platform component) must have reported Synced and Healthy on the source at the commit (Argo CD's commit status argocd/<source>/<app>) for the target's promotion.bakeTimeMinutes without a failure since. Reads the statuses from a file (offline); exit 1 names each app that is not baked.",
  flags: {
    from: {
      type: 'string',
      value: '<cluster>',
      description: "the source cluster (default: the target's promotion.from)",
    },
    to: { type: 'string', value: '<cluster>', description: 'the gated cluster the promotion changes' },
    revision: { type: 'string', value: '<sha>', description: 'the commit the source ran and the promotion copies' },
    statuses: {
      type: 'string',
      value: '<file.json>',
      description: 'the output of gh api repos/{owner}/{repo}/commits/<sha>/statuses (--paginate --slurp too)',
    },
    now: { type: 'string', value: '<iso time>', description: 'the time to judge at (default: now)' },
    app: { type: 'string', multiple: true, value: '<app[,app]>', description: 'the apps the promotion covers' },
    all: { type: 'boolean', default: false, description: 'every app the target runs' },
    platform: { type: 'boolean', default: false, description: 'the platform components of the source' },
  },
  examples: [
    'npm run promotion:gate -- --to production --revision $SHA --statuses statuses.json --app gateway',
    'npm run promotion:gate -- --from staging --to production --revision $SHA --statuses statuses.json --all --platform',
    'gh api repos/acme/platform-gitops/commits/$SHA/statuses --paginate --slurp > statuses.json',
  ],
} as const;

/** What each verdict means for the person who asked, in a line. */
function describe(result: BakeResult, bakeMinutes: number): string {
  switch (result.verdict) {
    case BakeVerdict.BAKED:
      return `baked: Synced and Healthy for ${result.healthyMinutes} min (since ${result.healthySince?.toISOString()})`;
    case BakeVerdict.BAKING:
      return `not baked long enough: Synced and Healthy for ${result.healthyMinutes} of ${bakeMinutes} min (since ${result.healthySince?.toISOString()})`;
    case BakeVerdict.DEGRADED:
      return `degraded: its latest status (${result.lastReported?.toISOString()}) is a failure`;
    case BakeVerdict.SYNC_FAILED:
      return `sync failed: its latest status (${result.lastReported?.toISOString()}) is an error`;
    case BakeVerdict.PENDING:
      return `pending: its latest status (${result.lastReported?.toISOString()}) is pending`;
    case BakeVerdict.NEVER_REPORTED:
      return 'never reported: Argo CD posted no status for it on this commit';
  }
}

/**
 * `npm run promotion:gate -- --to production --revision <sha> --statuses <file.json> (--app a,b | --all) [--platform] [--now <iso>]`
 * Exit 0 with a summary when everything the promotion covers is baked, 1 naming each app that is not.
 */
export const promotionGateCommand: Command = async (io) => {
  const flags = parseFlags(io, HELP);
  const now = flags.now === undefined ? new Date() : new Date(flags.now);
  if (Number.isNaN(now.getTime())) {
    throw new ConfigError({ field: '--now' }, `"${flags.now}" is not an ISO 8601 time such as 2026-12-01T12:00:00Z`);
  }
  for (const [flag, value] of [
    ['--to', flags.to],
    ['--revision', flags.revision],
    ['--statuses', flags.statuses],
  ] as const) {
    if (value === undefined || value === '') throw new ConfigError({ field: flag }, 'is required');
  }
  const result = await promotionGate(io.root, {
    to: flags.to!,
    from: flags.from,
    revision: flags.revision!,
    statusesFile: flags.statuses!,
    now,
    apps: (flags.app ?? [])
      .flatMap((value) => value.split(','))
      .map((app) => app.trim())
      .filter(Boolean),
    all: flags.all,
    platform: flags.platform,
  });
  const heading = `Promotion gate ${result.source} -> ${result.target} at ${result.revision} (bake time ${result.bakeMinutes} min, judged at ${now.toISOString()}):`;
  const failing = result.results.filter((entry) => entry.verdict !== BakeVerdict.BAKED);
  if (result.passed) {
    io.log(heading);
    for (const entry of result.results) io.log(`  ${entry.application}: ${describe(entry, result.bakeMinutes)}`);
    io.log(`Gate passed: ${result.results.length} of ${result.results.length} baked on ${result.source}.`);
    return 0;
  }
  io.error(heading);
  for (const entry of result.results) {
    const line = `  ${entry.application}: ${describe(entry, result.bakeMinutes)}`;
    if (entry.verdict === BakeVerdict.BAKED) io.log(line);
    else io.error(line);
  }
  io.error(
    `Gate refused: ${failing.length} of ${result.results.length} not baked on ${result.source} (${failing.map((entry) => entry.application).join(', ')}). Wait, fix ${result.source}, or promote with force and a written reason.`,
  );
  return EXIT_FINDINGS;
};
