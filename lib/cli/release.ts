import { describePin } from '../release/pin-format';
import { release } from '../release/release';
import { parseFlags, repositoryRoot, runCommand } from './run-command';

/**
 * `npm run release -- --cluster staging --app gateway --tag 1.4.2 --digest sha256:<64 hex> [--dry-run]`
 * What an app's own pipeline calls after pushing an image: pins it in one cluster and regenerates that
 * cluster. The pin file and generated/<cluster>/ change together, or nothing changes.
 */
runCommand(async () => {
  const flags = parseFlags('release', {
    cluster: { type: 'string' },
    app: { type: 'string' },
    tag: { type: 'string' },
    digest: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  });
  const result = await release(repositoryRoot(), {
    cluster: flags.cluster ?? '',
    app: flags.app ?? '',
    tag: flags.tag ?? '',
    digest: flags.digest,
    dryRun: flags['dry-run'],
  });
  const { update } = result;
  if (result.changedPaths.length === 0) {
    console.log(`${flags.cluster}: ${update.app} is already pinned to ${describePin(update.after)}. Nothing written.`);
    return 0;
  }
  console.log(`${flags.cluster}: ${update.app}: ${describePin(update.before)} -> ${describePin(update.after)}`);
  const verb = result.written ? 'Wrote' : 'Dry run: would write';
  console.log(`${verb} ${result.changedPaths.length} files:`);
  for (const path of result.changedPaths) console.log(`  ${path}`);
  return 0;
});
