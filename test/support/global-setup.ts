import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureReferenceData } from './reference-data';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

/**
 * Every temporary folder the suites make (repository copies, cdktn test outdirs, fixtures) goes into one
 * folder per run, removed when the run ends, so tests leave nothing behind in the machine's /tmp. The
 * reference data the suites read is there, or fetched once, before any test runs.
 */
export default async function setup(): Promise<() => void> {
  for (const note of await ensureReferenceData(REPO_ROOT, process.env)) console.log(`test setup: ${note}`);
  const root = mkdtempSync(join(tmpdir(), 'gitops-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
