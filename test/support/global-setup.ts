import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureReferenceData } from './reference-data';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** Room the suites need at most at once (repository copies, templates, cdktn outdirs), with a wide margin. */
const RAM_FOLDER_MIN_FREE_BYTES = 2 * 1024 ** 3;

/**
 * Where the run's temporary folder goes: GITOPS_TEST_TMPDIR if set, else the RAM-backed /dev/shm when it has
 * room and allows running scripts (some tests run stub tools from their folder), else the system's. The
 * suites copy and delete many thousands of small files (a repository copy per test); on a journaling disk
 * shared with other work that dominated their time (measured here: 20 repository copies 13 s on ext4 and
 * 4.7 s on tmpfs, deleting them 3.6 s and 0.2 s).
 */
function temporaryBase(env: NodeJS.ProcessEnv): string {
  if (env.GITOPS_TEST_TMPDIR) return env.GITOPS_TEST_TMPDIR;
  const ram = '/dev/shm';
  try {
    const { bavail, bsize } = statfsSync(ram);
    if (bavail * bsize < RAM_FOLDER_MIN_FREE_BYTES) return tmpdir();
    const probe = mkdtempSync(join(ram, 'gitops-probe-'));
    try {
      writeFileSync(join(probe, 'run'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
      if (spawnSync(join(probe, 'run')).status === 0) return ram;
    } finally {
      rmSync(probe, { recursive: true, force: true });
    }
  } catch {
    // No /dev/shm (macOS, some containers): the system's temporary folder.
  }
  return tmpdir();
}

/**
 * Every temporary folder the suites make (repository copies, cdktn test outdirs, fixtures) goes into one
 * folder per run, removed when the run ends, so tests leave nothing behind in the machine's /tmp. The
 * reference data the suites read is there, or fetched once, before any test runs.
 */
export default async function setup(): Promise<() => void> {
  for (const note of await ensureReferenceData(REPO_ROOT, process.env)) console.log(`test setup: ${note}`);
  const root = mkdtempSync(join(temporaryBase(process.env), 'gitops-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
