import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReleasePins } from '../../lib/model/release-pins';
import { FAULT_POINTS } from '../../lib/transaction/fault';
import { runCli, spawnCliAsync } from '../support/repo-copy';
import { changedBetween, fixturePin, snapshot, tempRepos, workloadPath } from '../release/temp-repo';

const repo = tempRepos();

const DIGEST = `sha256:${'cd'.repeat(32)}`;
const PINS = 'clusters/staging.releases.yaml';
const stagingPins = (root: string) => parseReleasePins(readFileSync(join(root, PINS), 'utf8'), PINS, 'staging');
/** Anything but the generated files themselves under generated/ (a temporary or retired folder). */
const strayEntries = (root: string) =>
  readdirSync(join(root, 'generated'), { recursive: true, withFileTypes: true })
    .filter((entry) => (entry.isFile() ? !entry.name.endsWith('.yaml') : /\.(tmp|old)-/.test(entry.name)))
    .map((entry) => join(entry.parentPath, entry.name));

/** Points before the journal is written: the killed release changed nothing. After it: it is completed. */
const COMMITTED = new Set(['committed', 'applying', 'applied']);

describe('a release killed at each write point (GITOPS_FAULT)', () => {
  it.each(FAULT_POINTS)('killed at "%s": the next run repairs it to a consistent state', async (point) => {
    const root = await repo();
    const before = snapshot(root);
    const env = { ...process.env, GITOPS_FAULT: point };

    const killed = await spawnCliAsync(
      root,
      'release',
      ['--cluster', 'staging', '--app', 'gateway', '--tag', '3.0.0', '--digest', DIGEST],
      env,
    );
    expect(killed.status).not.toBe(0);
    expect(killed.stdout).not.toContain('Wrote');
    expect(existsSync(join(root, 'generated/staging'))).toBe(true);

    if (COMMITTED.has(point)) {
      const check = await runCli(root, 'synth', ['--check']);
      expect(check.status).toBe(1);
      expect(check.stderr).toMatch(
        /^error: \.cache\/gitops\/transaction\/journal\.json: an interrupted release \(pid \d+, started [^)]+\) has not finished writing the pins and generated\/; run `npm run synth` to complete it, then run this again\n$/,
      );
    }

    if (COMMITTED.has(point)) {
      for (const reader of ['validate', 'diff']) {
        const refused = await runCli(root, reader);
        expect({ reader, status: refused.status }).toEqual({ reader, status: 1 });
        expect(refused.stderr).toContain('has not finished writing the pins and generated/; run `npm run synth`');
      }
    }

    const next = await runCli(root, 'synth');
    expect(next.status).toBe(0);
    if (point === 'locked')
      expect(next.stderr).toMatch(
        /^note: took over a stale repository lock \(\.cache\/gitops\/lock\) of release \(pid \d+ on /,
      );
    if (COMMITTED.has(point)) expect(next.stderr).toMatch(/note: completed an interrupted release \(pid \d+, started /);
    if (point === 'prepared')
      expect(next.stderr).toContain('note: discarded an unfinished write that had not changed any file');

    expect((await runCli(root, 'synth', ['--check'])).status).toBe(0);
    expect(existsSync(join(root, '.cache/gitops/transaction'))).toBe(false);
    expect(existsSync(join(root, '.cache/gitops/lock'))).toBe(false);
    expect(strayEntries(root)).toEqual([]);
    if (COMMITTED.has(point)) {
      const DEPLOYMENT = workloadPath(root, 'staging', 'gateway');
      expect(stagingPins(root).gateway).toEqual({ tag: '3.0.0', digest: DIGEST });
      expect(readFileSync(join(root, DEPLOYMENT), 'utf8')).toContain(`gateway:3.0.0@${DIGEST}`);
      expect(changedBetween(before, snapshot(root))).toEqual([PINS, DEPLOYMENT]);
    } else {
      expect(stagingPins(root).gateway).toEqual(fixturePin('staging', 'gateway'));
      expect(changedBetween(before, snapshot(root))).toEqual([]);
    }
  });
});
