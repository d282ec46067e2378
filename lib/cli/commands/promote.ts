import { writeFileSync } from 'node:fs';
import { formatMarkdownSummary, formatUpdateTable } from '../../release/pin-format';
import { promote } from '../../release/promote';
import { formatDetailLines, formatDetailMarkdown } from '../../release/promotion-format';
import { FAULT_VARIABLE } from '../../transaction/fault';
import { parseFlags, type Command } from '../command';
import { checkOutputFile } from '../output-file';

const HELP = {
  command: 'promote',
  summary:
    "Copies what one cluster runs (per app the image and, for a gated target, the app's spec; with --platform the generator revision) from another cluster, an earlier git ref or an explicit tag and digest into a target cluster and regenerates it; writes the target's pin file, promoted files and generated/<target>/ only, and nothing at all when any check fails.",
  flags: {
    from: { type: 'string', value: '<cluster>', description: 'the cluster whose pins, specs and platform to copy' },
    to: { type: 'string', value: '<cluster>', description: 'the cluster to change' },
    app: { type: 'string', multiple: true, value: '<app[,app]>', description: 'the apps to promote' },
    all: {
      type: 'boolean',
      default: false,
      description: 'every app the target runs and, for a gated target, its platform revision',
    },
    platform: {
      type: 'boolean',
      default: false,
      description: "a gated target's platform revision: the commit whose lib/ and platform/ render it",
    },
    'from-ref': {
      type: 'string',
      value: '<git ref>',
      description: "rollback: take the target's pins, specs and platform revision as they were at this ref",
    },
    tag: { type: 'string', value: '<tag>', description: 'rollback: pin this tag (with --digest)' },
    digest: { type: 'string', value: '<sha256:...>', description: 'the image digest for --tag' },
    'dry-run': { type: 'boolean', default: false, description: 'report what would change; write nothing' },
    'summary-file': { type: 'string', value: '<path>', description: 'also write a Markdown summary there' },
  },
  examples: [
    'npm run promote -- --from staging --to production --app gateway,web',
    'npm run promote -- --from staging --to production --all --dry-run',
    'npm run promote -- --from staging --to production --platform',
    'npm run promote -- --to production --app gateway --from-ref HEAD~1',
  ],
} as const;

/**
 * `npm run promote -- --from staging --to production --app gateway,web [--dry-run] [--summary-file <path>]`
 * `npm run promote -- --from staging --to production --all`
 * Rollback: `--to production --app gateway --from-ref <git ref>` or `--tag 1.4.2 --digest sha256:...`.
 * Copies release pins into the target cluster and regenerates it; writes the target's pin file and
 * generated/<target>/ only, and nothing at all when any check fails.
 */
export const promoteCommand: Command = async (io) => {
  const flags = parseFlags(io, HELP);
  // Checked before any work: a bad path fails with nothing written, and never a file of the repository.
  const summaryFile =
    flags['summary-file'] === undefined ? undefined : checkOutputFile(io.root, '--summary-file', flags['summary-file']);
  const apps = (flags.app ?? [])
    .flatMap((value) => value.split(','))
    .map((app) => app.trim())
    .filter(Boolean);
  const result = await promote(
    io.root,
    {
      to: flags.to ?? '',
      from: flags.from,
      fromRef: flags['from-ref'],
      tag: flags.tag,
      digest: flags.digest,
      apps,
      all: flags.all,
      platform: flags.platform,
      dryRun: flags['dry-run'],
    },
    { notice: io.error, fault: io.env[FAULT_VARIABLE] },
  );

  const title = `Promote ${result.source} -> ${result.target}`;
  io.log(`${title}${flags['dry-run'] ? ' (dry run)' : ''}:`);
  for (const line of formatUpdateTable(result.updates, result.platform)) io.log(line);
  for (const line of formatDetailLines(result)) io.log(line);
  if (result.changedPaths.length === 0) {
    io.log(`Nothing to promote: ${result.target} already runs these versions. Nothing written.`);
  } else {
    const verb = result.written ? 'Wrote' : 'Dry run: would write';
    io.log(`${verb} ${result.changedPaths.length} files:`);
    for (const path of result.changedPaths) io.log(`  ${path}`);
  }
  if (summaryFile !== undefined && flags['dry-run']) {
    io.log(`Dry run: the summary was not written to ${flags['summary-file']}.`);
  } else if (summaryFile !== undefined) {
    // Also when there is nothing to promote: the workflow reads it either way.
    writeFileSync(
      summaryFile,
      formatMarkdownSummary(title, result.updates, result.changedPaths, result.platform, formatDetailMarkdown(result)),
    );
  }
  return 0;
};
