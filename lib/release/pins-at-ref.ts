import { execFileSync } from 'node:child_process';
import { ConfigError } from '../errors';
import { parseReleasePins, type ReleasePins } from '../model/release-pins';
import { parsePromotedSpec, type PromotedSpec } from '../model/promoted-spec';
import { promotedSpecPath, releasePinsPath } from '../project/load';

/** A cluster's release pins as they were at a git ref (`git show <ref>:clusters/<cluster>.releases.yaml`). */
export function pinsAtRef(root: string, cluster: string, ref: string): ReleasePins {
  const file = releasePinsPath(cluster);
  if (ref.startsWith('-') || /\s/.test(ref)) {
    throw new ConfigError({ field: '--from-ref' }, `"${ref}" is not a git ref (for example "HEAD~1", "v42", a commit)`);
  }
  let text: string;
  try {
    text = execFileSync('git', ['show', `${ref}:${file}`], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    const reason = stderr.split('\n')[0] || (error as Error).message;
    throw new ConfigError({ file, cluster }, `cannot read the pins at git ref "${ref}": ${reason}`);
  }
  return parseReleasePins(text, `${file}@${ref}`, cluster);
}

/**
 * A gated cluster's promoted spec of one app at a git ref, or undefined when the file did not exist there.
 */
export function promotedSpecAtRef(root: string, cluster: string, app: string, ref: string): PromotedSpec | undefined {
  const file = promotedSpecPath(cluster, app);
  let text: string;
  try {
    text = execFileSync('git', ['show', `${ref}:${file}`], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch {
    return undefined; // the ref itself was checked when its pins were read
  }
  return parsePromotedSpec(text, `${file}@${ref}`, cluster, app);
}
