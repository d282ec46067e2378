import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError } from '../errors';

/** `.cache/gitops/lock`: held by the command that writes pins or generated/ (git-ignored, never committed). */
export const LOCK_FILE = '.cache/gitops/lock';

/** Who holds the lock: written into the lock file when it is created. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** What holds it, for people: `release`, `promote`, `synth`. */
  readonly command: string;
  /** ISO time the lock was taken. */
  readonly startedAt: string;
}

export interface LockOptions {
  /** How long to wait for another command to finish. @default 60000 */
  readonly timeoutMs?: number;
  /** Told when a lock left by a process that no longer runs is taken over. @default ignored */
  readonly notice?: (line: string) => void;
  /** Another lock file, relative to root, for a resource other than the repository. @default LOCK_FILE */
  readonly file?: string;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;
const POLL_MS = 50;
/** A lock file without a readable owner younger than this is being written by its creator, not stale. */
const UNREADABLE_GRACE_MS = 2_000;

/** A held lock; `release` removes the lock file if it is still this one's. */
export interface RepositoryLock {
  readonly owner: LockOwner;
  release(): void;
}

/**
 * Takes the repository lock (a file created with O_EXCL, holding the owner's pid, host, command and start
 * time), waiting while another command holds it. A lock whose process no longer runs on this host is stale
 * and taken over. Fails with a ConfigError naming the holder when the wait times out.
 */
export async function acquireRepositoryLock(
  root: string,
  command: string,
  options: LockOptions = {},
): Promise<RepositoryLock> {
  const lockFile = options.file ?? LOCK_FILE;
  const path = join(root, lockFile);
  mkdirSync(dirname(path), { recursive: true });
  const owner: LockOwner = { pid: process.pid, host: hostname(), command, startedAt: new Date().toISOString() };
  const text = `${JSON.stringify(owner)}\n`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (tryCreate(path, text)) return { owner, release: () => releaseIfOurs(path, text) };
    const holder = readHolder(path);
    if (holder !== undefined && isStale(path, holder)) {
      if (takeOver(path, holder.text) && holder.owner !== undefined) {
        options.notice?.(
          `note: took over a stale ${lockFile === LOCK_FILE ? 'repository ' : ''}lock (${lockFile}) of ${describeOwner(holder.owner)}: that process no longer runs`,
        );
      }
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder?.owner === undefined ? 'another command' : describeOwner(holder.owner);
      throw new ConfigError(
        { file: lockFile },
        `${lockFile === LOCK_FILE ? 'the repository' : lockFile} is locked by ${who}; waited ${Math.round(timeoutMs / 1000)} s for it to finish. ` +
          'Run this again when it is done; if no such process runs any more, delete the lock file',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export function describeOwner(owner: LockOwner): string {
  return `${owner.command} (pid ${owner.pid} on ${owner.host}, since ${owner.startedAt})`;
}

function tryCreate(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

interface Holder {
  readonly text: string;
  readonly owner?: LockOwner;
}

function readHolder(path: string): Holder | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    return typeof owner.pid === 'number' ? { text, owner } : { text };
  } catch {
    return { text };
  }
}

function isStale(path: string, holder: Holder): boolean {
  if (holder.owner === undefined) {
    try {
      return Date.now() - statSync(path).mtimeMs > UNREADABLE_GRACE_MS;
    } catch {
      return false;
    }
  }
  if (holder.owner.host !== hostname()) return false;
  return !processRuns(holder.owner.pid);
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes a stale lock: renamed away first (only one of several waiting processes succeeds), then checked to
 * be the very lock judged stale; a live lock taken by mistake is put back with link (which never overwrites).
 */
function takeOver(path: string, staleText: string): boolean {
  const tomb = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, tomb);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  let taken = true;
  if (readFileSync(tomb, 'utf8') !== staleText) {
    taken = false;
    try {
      linkSync(tomb, path);
    } catch {
      // Someone else holds the lock by now; the lock we moved belonged to a process that finished meanwhile.
    }
  }
  rmSync(tomb, { force: true });
  return taken;
}

function releaseIfOurs(path: string, text: string): void {
  try {
    if (readFileSync(path, 'utf8') === text) rmSync(path, { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
