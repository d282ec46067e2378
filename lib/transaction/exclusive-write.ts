import { ConfigError } from '../errors';
import { faultAt } from './fault';
import { commitWriteSet, interruptedWrite, recoverInterruptedWrite, TRANSACTION_DIR, type WriteSet } from './journal';
import { acquireRepositoryLock } from './repository-lock';

export interface ExclusiveWriteOptions {
  /** Lines for people (a stale lock taken over, an interrupted write repaired). @default ignored */
  readonly notice?: (line: string) => void;
  /** The value of GITOPS_FAULT (test-only, see fault.ts). @default none */
  readonly fault?: string;
  /** How long to wait for another writing command. @default 60000 */
  readonly lockTimeoutMs?: number;
}

/**
 * Runs `work` holding the repository lock, after repairing whatever an interrupted command left: release,
 * promote and synth read the pins and write them and generated/ one at a time, so none loses another's
 * change. `work` reads the project (after the lock is taken) and calls `commit` with what it writes.
 */
export async function withExclusiveWrite<T>(
  root: string,
  command: string,
  options: ExclusiveWriteOptions,
  work: (commit: (set: WriteSet) => void) => Promise<T>,
): Promise<T> {
  const lock = await acquireRepositoryLock(root, command, { notice: options.notice, timeoutMs: options.lockTimeoutMs });
  try {
    faultAt('locked', options.fault);
    const recovery = recoverInterruptedWrite(root);
    if (recovery?.journal !== undefined) {
      const { journal } = recovery;
      const what = `an interrupted ${journal.command} (pid ${journal.pid}, started ${journal.startedAt})`;
      const files = journal.writes.length + journal.removals.length;
      options.notice?.(
        recovery.completed
          ? `note: completed ${what}: it had committed ${files} file changes but not written them all`
          : `note: rolled back ${what}: it had failed while writing and was putting the old files back`,
      );
    } else if (recovery !== undefined) {
      options.notice?.('note: discarded an unfinished write that had not changed any file (an interrupted command)');
    }
    return await work((set) => commitWriteSet(root, set, { command, fault: options.fault }));
  } finally {
    lock.release();
  }
}

/**
 * For commands that only read (dry runs, `synth --check`): refuses while an interrupted write is pending,
 * since the files on disk are then neither the old state nor the new one.
 */
export function assertNoInterruptedWrite(root: string): void {
  const journal = interruptedWrite(root);
  if (journal === undefined) return;
  throw new ConfigError(
    { file: `${TRANSACTION_DIR}/journal.json` },
    `an interrupted ${journal.command} (pid ${journal.pid}, started ${journal.startedAt}) has not finished writing ` +
      'the pins and generated/; run `npm run synth` to complete it, then run this again',
  );
}
