import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temporary folder the suites make (repository copies, cdktn test outdirs, fixtures) goes into one
 * folder per run, removed when the run ends, so tests leave nothing behind in the machine's /tmp.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'gitops-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
