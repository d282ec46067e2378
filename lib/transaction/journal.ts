import {
  closeSync,
  existsSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { faultAt } from './fault';

/** The suffix of a backup that holds a symbolic link's target rather than a file's content. */
const SYMLINK_BACKUP = '.symlink';

/**
 * `.cache/gitops/transaction/`: where a write of pins and generated/ is staged, with its journal. Git-ignored;
 * it exists only while a command writes, or after one was interrupted.
 */
export const TRANSACTION_DIR = '.cache/gitops/transaction';
const JOURNAL = 'journal.json';
/** The journal of a write being rolled back (an error while applying it). */
const ROLLBACK = 'rollback.json';

/** One file to write, relative to the repository root. */
export interface FileWrite {
  readonly path: string;
  readonly content: string;
}

/** Everything one command changes in the repository: written together, or not at all. */
export interface WriteSet {
  readonly writes: readonly FileWrite[];
  /** Files to delete (relative to the root); folders left empty are removed too, never a top-level one. */
  readonly removals: readonly string[];
}

/** The journal: written once everything is staged; its existence means "roll this forward". */
export interface Journal {
  readonly command: string;
  readonly pid: number;
  readonly startedAt: string;
  /** `staged` is the new content's file under the transaction folder; `backup` the old one's (null: none). */
  readonly writes: readonly { readonly path: string; readonly staged: string; readonly backup: string | null }[];
  readonly removals: readonly { readonly path: string; readonly backup: string | null }[];
}

export interface CommitOptions {
  /** Who writes, for the journal and recovery messages. */
  readonly command: string;
  /** The value of GITOPS_FAULT (test-only, see fault.ts). @default none */
  readonly fault?: string;
}

/**
 * Writes a WriteSet crash-consistently. The new content (and a backup of what it replaces) is staged under
 * TRANSACTION_DIR, then the journal is written with a rename: that is the commit point. Then every file is
 * renamed into place (folders are never moved, so generated/ and generated/<cluster>/ never disappear) and
 * the journal removed. A process killed before the commit point changed nothing; one killed after it is
 * completed by the next writing command (recoverInterruptedWrite). An error while applying puts the old
 * content back before it is rethrown.
 * Must be called with the repository lock held (acquireRepositoryLock).
 */
export function commitWriteSet(root: string, set: WriteSet, options: CommitOptions): void {
  if (set.writes.length + set.removals.length === 0) return;
  const dir = join(root, TRANSACTION_DIR);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'new'), { recursive: true });
  mkdirSync(join(dir, 'old'), { recursive: true });
  let count = 0;
  const backup = (path: string): string | null => {
    const full = join(root, path);
    const stat = lstatSync(full, { throwIfNoEntry: false });
    if (stat === undefined) return null;
    // A symbolic link (never written by synth, but one may be in the way) is kept as the link itself.
    if (stat.isSymbolicLink()) {
      const name = `old/${count++}${SYMLINK_BACKUP}`;
      writeDurable(join(dir, name), readlinkSync(full));
      return name;
    }
    const name = `old/${count++}`;
    writeDurable(join(dir, name), readFileSync(full));
    return name;
  };
  const journal: Journal = {
    command: options.command,
    pid: process.pid,
    startedAt: new Date().toISOString(),
    writes: set.writes.map((write) => {
      const staged = `new/${count++}`;
      writeDurable(join(dir, staged), write.content);
      return { path: write.path, staged, backup: backup(write.path) };
    }),
    removals: set.removals.map((path) => ({ path, backup: backup(path) })),
  };
  faultAt('prepared', options.fault);
  writeDurable(join(dir, `${JOURNAL}.tmp`), `${JSON.stringify(journal, undefined, 2)}\n`);
  renameSync(join(dir, `${JOURNAL}.tmp`), join(dir, JOURNAL));
  syncDirectory(dir);
  faultAt('committed', options.fault);
  try {
    applyJournal(root, journal, options.fault);
    faultAt('applied', options.fault);
  } catch (error) {
    rollBack(root, journal);
    throw error;
  }
  finish(root);
}

/** The journal of a write that was committed (or was being rolled back) but not completed, or undefined. */
export function interruptedWrite(root: string): Journal | undefined {
  for (const name of [JOURNAL, ROLLBACK]) {
    const file = join(root, TRANSACTION_DIR, name);
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Journal;
  }
  return undefined;
}

/** What recovery did, for people. */
export interface Recovery {
  readonly journal?: Journal;
  readonly completed: boolean;
}

/**
 * Repairs what an interrupted command left: a committed write is completed (rolled forward), a write staged
 * but never committed is discarded (nothing of it had reached the repository). Returns undefined when
 * there was nothing to repair. Must be called with the repository lock held.
 */
export function recoverInterruptedWrite(root: string): Recovery | undefined {
  const dir = join(root, TRANSACTION_DIR);
  if (!existsSync(dir)) return undefined;
  if (existsSync(join(dir, ROLLBACK))) {
    const journal = JSON.parse(readFileSync(join(dir, ROLLBACK), 'utf8')) as Journal;
    rollBack(root, journal);
    return { journal, completed: false };
  }
  const journal = interruptedWrite(root);
  if (journal === undefined) {
    rmSync(dir, { recursive: true, force: true });
    return { completed: false };
  }
  applyJournal(root, journal, undefined);
  finish(root);
  return { journal, completed: true };
}

/** Renames every staged file into place and deletes the removals; safe to run again after a crash. */
function applyJournal(root: string, journal: Journal, fault: string | undefined): void {
  const dir = join(root, TRANSACTION_DIR);
  journal.writes.forEach((write, index) => {
    const staged = join(dir, write.staged);
    if (!existsSync(staged)) return; // moved in before the interruption
    const target = join(root, write.path);
    mkdirSync(dirname(target), { recursive: true });
    renameSync(staged, target);
    if (index === 0) faultAt('applying', fault);
  });
  for (const removal of journal.removals) rmSync(join(root, removal.path), { force: true });
  pruneEmptyFolders(
    root,
    journal.removals.map((removal) => removal.path),
  );
}

/**
 * Puts back what a half-applied journal replaced, from its backups. The journal is renamed to ROLLBACK first,
 * so a rollback that is itself interrupted is continued by the next run, not rolled forward.
 */
function rollBack(root: string, journal: Journal): void {
  const dir = join(root, TRANSACTION_DIR);
  if (existsSync(join(dir, JOURNAL))) renameSync(join(dir, JOURNAL), join(dir, ROLLBACK));
  for (const entry of [...journal.writes, ...journal.removals]) {
    const target = join(root, entry.path);
    if (entry.backup === null) {
      // Only a file this write created; whatever else is in the way (a folder) was there before.
      if (existsSync(target) && statSync(target).isFile()) rmSync(target);
    } else if (existsSync(join(dir, entry.backup))) {
      mkdirSync(dirname(target), { recursive: true });
      if (entry.backup.endsWith(SYMLINK_BACKUP)) {
        rmSync(target, { force: true });
        symlinkSync(readFileSync(join(dir, entry.backup), 'utf8'), target);
      } else renameSync(join(dir, entry.backup), target);
    }
  }
  pruneEmptyFolders(
    root,
    journal.writes.filter((write) => write.backup === null).map((write) => write.path),
  );
  finish(root);
}

/** Removes the journal first (the write is complete), then the staging area. */
function finish(root: string): void {
  const dir = join(root, TRANSACTION_DIR);
  rmSync(join(dir, JOURNAL), { force: true });
  rmSync(join(dir, ROLLBACK), { force: true });
  rmSync(dir, { recursive: true, force: true });
}

/** Removes the folders of `paths` that are now empty, bottom-up, never a top-level folder of the repository. */
function pruneEmptyFolders(root: string, paths: readonly string[]): void {
  const folders = new Set<string>();
  for (const path of paths) {
    const parts = path.split('/').slice(0, -1);
    for (let depth = parts.length; depth >= 2; depth--) folders.add(parts.slice(0, depth).join('/'));
  }
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) {
    const full = join(root, folder);
    if (existsSync(full) && readdirSync(full).length === 0) rmdirSync(full);
  }
}

function writeDurable(path: string, content: string | Buffer): void {
  const fd = openSync(path, 'w');
  try {
    writeFileSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDirectory(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
