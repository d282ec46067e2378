import { describePin } from '../../release/pin-format';
import { release, removePin } from '../../release/release';
import { FAULT_VARIABLE } from '../../transaction/fault';
import { parseFlags, UsageError, type Command } from '../command';

const HELP = {
  command: 'release',
  summary:
    "What an app's own pipeline calls after pushing an image: pins it in one cluster and regenerates that cluster. The pin file and generated/<cluster>/ change together, or nothing changes.",
  flags: {
    cluster: { type: 'string', value: '<name>', description: 'the cluster to pin the image in' },
    app: { type: 'string', value: '<app>', description: 'the app' },
    tag: { type: 'string', value: '<tag>', description: 'the image tag (a release, never latest)' },
    digest: {
      type: 'string',
      value: '<sha256:...>',
      description: 'the image digest (required where the cluster pins by digest)',
    },
    remove: {
      type: 'boolean',
      default: false,
      description: 'remove the pin of an app the cluster no longer runs (no --tag/--digest)',
    },
    'dry-run': { type: 'boolean', default: false, description: 'report what would change; write nothing' },
  },
  examples: [
    'npm run release -- --cluster staging --app gateway --tag 1.4.2 --digest sha256:<64 hex>',
    'npm run release -- --remove --cluster staging --app old-app',
  ],
} as const;

/**
 * `npm run release -- --cluster staging --app gateway --tag 1.4.2 --digest sha256:<64 hex> [--dry-run]`
 * What an app's own pipeline calls after pushing an image: pins it in one cluster and regenerates that
 * cluster. The pin file and generated/<cluster>/ change together, or nothing changes.
 */
export const releaseCommand: Command = async (io) => {
  const flags = parseFlags(io, HELP);
  if (flags.remove) {
    if (flags.tag !== undefined || flags.digest !== undefined) {
      throw new UsageError(HELP.command, '--remove takes no --tag or --digest: it removes the pin');
    }
    const removed = await removePin(
      io.root,
      { cluster: flags.cluster ?? '', app: flags.app ?? '', dryRun: flags['dry-run'] },
      { notice: io.error, fault: io.env[FAULT_VARIABLE] },
    );
    io.log(`${flags.cluster}: ${removed.written ? 'removed' : 'dry run: would remove'} the pin of ${flags.app}:`);
    for (const path of removed.changedPaths) io.log(`  ${path}`);
    return 0;
  }
  const result = await release(
    io.root,
    {
      cluster: flags.cluster ?? '',
      app: flags.app ?? '',
      tag: flags.tag ?? '',
      digest: flags.digest,
      dryRun: flags['dry-run'],
    },
    { notice: io.error, fault: io.env[FAULT_VARIABLE] },
  );
  const { update } = result;
  if (result.changedPaths.length === 0) {
    io.log(`${flags.cluster}: ${update.app} is already pinned to ${describePin(update.after)}. Nothing written.`);
    return 0;
  }
  io.log(`${flags.cluster}: ${update.app}: ${describePin(update.before)} -> ${describePin(update.after)}`);
  const verb = result.written ? 'Wrote' : 'Dry run: would write';
  io.log(`${verb} ${result.changedPaths.length} files:`);
  for (const path of result.changedPaths) io.log(`  ${path}`);
  return 0;
};
