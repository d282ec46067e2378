import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseReleasePins } from '../../lib/model/release-pins';
import { release } from '../../lib/release/release';
import { acquireRepositoryLock, LOCK_FILE } from '../../lib/transaction/repository-lock';
import { runCli, spawnCliAsync } from '../support/repo-copy';
import { snapshot, tempRepo, changedBetween, workloadPath } from '../release/temp-repo';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-lock-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
async function repo(): Promise<string> {
  const { root, cleanup } = await tempRepo();
  cleanups.push(cleanup);
  return root;
}
/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
    .stdout as unknown as number;
}

describe('the repository lock', () => {
  it('makes a second holder wait until the first releases it', async () => {
    const root = folder();
    const first = await acquireRepositoryLock(root, 'release');
    const order: string[] = [];
    const second = acquireRepositoryLock(root, 'synth').then((lock) => {
      order.push('second');
      return lock;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    order.push('first done');
    first.release();
    (await second).release();
    expect(order).toEqual(['first done', 'second']);
    expect(existsSync(join(root, LOCK_FILE))).toBe(false);
  });

  it('fails with the holder named when it waits too long', async () => {
    const root = folder();
    const held = await acquireRepositoryLock(root, 'promote');
    await expect(acquireRepositoryLock(root, 'release', { timeoutMs: 100 })).rejects.toThrow(
      `.cache/gitops/lock: the repository is locked by promote (pid ${process.pid} on ${hostname()}, since ${held.owner.startedAt}); waited 0 s for it to finish. Run this again when it is done; if no such process runs any more, delete the lock file`,
    );
    held.release();
  });

  it('takes over a lock whose process no longer runs, and says so', async () => {
    const root = folder();
    const pid = Number(deadPid());
    mkdirSync(join(root, '.cache/gitops'), { recursive: true });
    const stale = { pid, host: hostname(), command: 'release', startedAt: '2026-01-01T00:00:00.000Z' };
    writeFileSync(join(root, LOCK_FILE), JSON.stringify(stale));
    const notices: string[] = [];
    const lock = await acquireRepositoryLock(root, 'synth', { notice: (line) => notices.push(line), timeoutMs: 1000 });
    expect(notices).toEqual([
      `note: took over a stale repository lock (.cache/gitops/lock) of release (pid ${pid} on ${hostname()}, since 2026-01-01T00:00:00.000Z): that process no longer runs`,
    ]);
    expect(JSON.parse(readFileSync(join(root, LOCK_FILE), 'utf8'))).toMatchObject({
      pid: process.pid,
      command: 'synth',
    });
    lock.release();
  });

  it('a release that cannot get the lock writes nothing and says who holds it', async () => {
    const root = await repo();
    const before = snapshot(root);
    const held = await acquireRepositoryLock(root, 'promote');
    await expect(
      release(
        root,
        { cluster: 'staging', app: 'gateway', tag: '3.0.0', digest: `sha256:${'e'.repeat(64)}` },
        { lockTimeoutMs: 100 },
      ),
    ).rejects.toThrow('.cache/gitops/lock: the repository is locked by promote (pid');
    held.release();
    expect(changedBetween(before, snapshot(root))).toEqual([]);
  });
});

describe('commands at the same time (real processes)', () => {
  it('two releases of different apps and a synth keep both pins and generated/ in step', async () => {
    const root = await repo();
    const digest = (c: string) => `sha256:${c.repeat(64)}`;
    const results = await Promise.all([
      spawnCliAsync(root, 'release', [
        '--cluster',
        'staging',
        '--app',
        'gateway',
        '--tag',
        '3.0.0',
        '--digest',
        digest('1'),
      ]),
      spawnCliAsync(root, 'release', [
        '--cluster',
        'staging',
        '--app',
        'web',
        '--tag',
        '4.0.0',
        '--digest',
        digest('2'),
      ]),
      spawnCliAsync(root, 'synth'),
    ]);
    for (const result of results)
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    const file = 'clusters/staging.releases.yaml';
    const pins = parseReleasePins(readFileSync(join(root, file), 'utf8'), file, 'staging');
    expect(pins.gateway).toEqual({ tag: '3.0.0', digest: digest('1') });
    expect(pins.web).toEqual({ tag: '4.0.0', digest: digest('2') });
    expect(readFileSync(join(root, workloadPath(root, 'staging', 'gateway')), 'utf8')).toContain(
      `gateway:3.0.0@${digest('1')}`,
    );
    expect(readFileSync(join(root, workloadPath(root, 'staging', 'web')), 'utf8')).toContain(
      `web:4.0.0@${digest('2')}`,
    );
    expect((await runCli(root, 'synth', ['--check'])).status).toBe(0);
  });
});
