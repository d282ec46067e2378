import { parse, stringify } from 'yaml';
import { ProblemList } from '../errors';

/**
 * The promoted platform state of a gated cluster: the commit of this repository whose generator and platform
 * code (lib/, platform/, package-lock.json...) renders the cluster, and the cluster it was promoted from.
 */
export interface PlatformLock {
  /** A commit of this repository, 40 hex digits. */
  readonly revision: string;
  /** The cluster it was promoted from. */
  readonly from: string;
  /**
   * sha256 of the revision's generator and platform files (paths and git blob ids, see codeDigest). It lets a
   * clone without that commit (a shallow CI checkout) still prove that the code on disk is the revision's and
   * render in process; only a differing code needs the commit itself. @default none: the commit is needed
   */
  readonly codeDigest?: string;
}

const REVISION = /^[0-9a-f]{40}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Parses `clusters/<cluster>.promoted/platform.yaml`: `revision` and `promotedFrom`. */
export function parsePlatformLock(text: string, file: string, cluster: string): PlatformLock {
  const problems = new ProblemList();
  let root: unknown;
  try {
    root = parse(text, { uniqueKeys: true });
  } catch (error) {
    problems.add({ file, cluster }, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    problems.throwIfAny();
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    problems.add({ file, cluster }, 'expected a mapping with "revision" and "promotedFrom"');
    problems.throwIfAny();
  }
  const record = root as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== 'revision' && key !== 'promotedFrom' && key !== 'codeDigest') {
      problems.add({ file, cluster, field: key }, 'unknown key; allowed: revision, promotedFrom, codeDigest');
    }
  }
  if (typeof record.revision !== 'string' || !REVISION.test(record.revision)) {
    problems.add(
      { file, cluster, field: 'revision' },
      `${JSON.stringify(record.revision)} is not a full commit id (40 lower-case hex digits); it is written by npm run promote -- --platform`,
    );
  }
  if (typeof record.promotedFrom !== 'string' || record.promotedFrom === '') {
    problems.add({ file, cluster, field: 'promotedFrom' }, 'missing: the cluster the platform was promoted from');
  }
  if (record.codeDigest !== undefined && (typeof record.codeDigest !== 'string' || !DIGEST.test(record.codeDigest))) {
    problems.add(
      { file, cluster, field: 'codeDigest' },
      `${JSON.stringify(record.codeDigest)} is not "sha256:" and 64 hex digits; it is written by npm run promote -- --platform`,
    );
  }
  problems.throwIfAny();
  return {
    revision: record.revision as string,
    from: record.promotedFrom as string,
    ...(record.codeDigest === undefined ? {} : { codeDigest: record.codeDigest as string }),
  };
}

/** Writes a platform lock: a header for people, then the revision and where it came from. */
export function formatPlatformLock(cluster: string, lock: PlatformLock): string {
  const header = [
    `# Promoted platform of cluster "${cluster}": the generator and platform code that renders it, copied from ${lock.from}.`,
    '# Written by `npm run promote -- --platform`; never edit by hand (docs/promotion.md).',
  ].join('\n');
  const fields = {
    revision: lock.revision,
    promotedFrom: lock.from,
    ...(lock.codeDigest === undefined ? {} : { codeDigest: lock.codeDigest }),
  };
  return `${header}\n${stringify(fields, { lineWidth: 0 })}`;
}

export function samePlatformLock(a: PlatformLock | undefined, b: PlatformLock | undefined): boolean {
  return a?.revision === b?.revision && a?.from === b?.from && a?.codeDigest === b?.codeDigest;
}
