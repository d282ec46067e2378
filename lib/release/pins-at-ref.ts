import { execFileSync } from 'node:child_process';
import { ConfigError } from '../errors';
import { parseReleasePins, type ReleasePins } from '../model/release-pins';
import { parsePromotedSpec, type PromotedSpec } from '../model/promoted-spec';
import { parsePlatformLock, type PlatformLock } from '../model/platform-lock';
import { platformLockPath, promotedSpecPath, releasePinsPath } from '../project/load';

/** A cluster's release pins as they were at a git ref (`git show <ref>:clusters/<cluster>.releases.yaml`). */
export function pinsAtRef(root: string, cluster: string, ref: string): ReleasePins {
  const file = releasePinsPath(cluster);
  if (ref.startsWith('-') || /\s/.test(ref)) {
    throw new ConfigError({ field: '--from-ref' }, `"${ref}" is not a git ref (for example "HEAD~1", "v42", a commit)`);
  }
  const shown = showAtRef(root, ref, file);
  if ('reason' in shown) {
    throw new ConfigError({ file, cluster }, `cannot read the pins at git ref "${ref}": ${shown.reason}`);
  }
  return parseReleasePins(shown.text, `${file}@${ref}`, cluster);
}

/**
 * A gated cluster's promoted spec of one app at a git ref, or undefined when the file did not exist there.
 */
export function promotedSpecAtRef(root: string, cluster: string, app: string, ref: string): PromotedSpec | undefined {
  const file = promotedSpecPath(cluster, app);
  const shown = showAtRef(root, ref, file);
  // A missing file means the app had no promoted spec then; the ref itself was checked with its pins.
  if ('reason' in shown) return undefined;
  return parsePromotedSpec(shown.text, `${file}@${ref}`, cluster, app);
}

/** A gated cluster's platform lock at a git ref, or undefined when it had none there. */
export function platformLockAtRef(root: string, cluster: string, ref: string): PlatformLock | undefined {
  const file = platformLockPath(cluster);
  const shown = showAtRef(root, ref, file);
  if ('reason' in shown) return undefined;
  return parsePlatformLock(shown.text, `${file}@${ref}`, cluster);
}

/** A file's text at a git ref (`git show <ref>:<file>`), or the first line of git's reason why not. */
function showAtRef(root: string, ref: string, file: string): { readonly text: string } | { readonly reason: string } {
  try {
    const text = execFileSync('git', ['show', `${ref}:${file}`], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { text };
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    return { reason: stderr.split('\n')[0] || (error as Error).message };
  }
}
