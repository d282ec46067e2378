import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { SCHEMA_DIR, sharedRegistry } from '../support/schemas';
import type { ClusterTarget, Finding, ValidationReport } from '../../lib/validate/types';
import { validateTree } from '../../lib/validate/validate-tree';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '..', '..');
export const PASSING_FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'validate', 'passing');
export { SCHEMA_DIR } from '../support/schemas';
export const FIXTURE_CLUSTER: ClusterTarget = { name: 'fixture', environment: 'production', kubernetesVersion: '1.34' };

/** Shared by the tests of every file of a worker: compiled validators are reused, as in one CLI run. */
export const registry = sharedRegistry();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Editable = any;

/** A change to one file of the passing fixture: edit the parsed object, replace the text, or delete (null). */
export type FileChange = ((object: Editable) => void) | string | null;

const created: string[] = [];

/** Copies the passing fixture to a temporary repository and applies changes (paths below generated/fixture/). */
export async function fixtureRepo(changes: Record<string, FileChange> = {}): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'validate-fixture-'));
  created.push(root);
  await cp(PASSING_FIXTURE, root, { recursive: true });
  for (const [file, change] of Object.entries(changes)) {
    const target = path.join(root, 'generated', 'fixture', file);
    if (change === null) await rm(target);
    else if (typeof change === 'string') await writeFile(target, change);
    else {
      const { readFile } = await import('node:fs/promises');
      const object: Editable = parse(await readFile(target, 'utf8'));
      change(object);
      await writeFile(target, stringify(object));
    }
  }
  return root;
}

export async function removeFixtureRepos(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

export async function validateFixture(
  changes: Record<string, FileChange> = {},
  cluster: Partial<ClusterTarget> = {},
  skipKinds: string[] = [],
): Promise<ValidationReport> {
  const root = await fixtureRepo(changes);
  return validateTree({
    repoRoot: root,
    clusters: [{ ...FIXTURE_CLUSTER, ...cluster }],
    schemaDir: SCHEMA_DIR,
    registry,
    skipKinds,
  });
}

/** Every finding of a report, flattened, for `toContainEqual` checks. */
export function findingsOf(report: ValidationReport): Finding[] {
  return report.clusters.flatMap((cluster) => [...cluster.findings]);
}

/** Findings of one rule, reduced to where they point, for exact assertions. */
export function locations(report: ValidationReport, rule: string): { file: string; path: string }[] {
  return findingsOf(report)
    .filter((finding) => finding.rule === rule)
    .map((finding) => ({ file: finding.file, path: finding.path }));
}

/** One failing change to the passing fixture and the single finding it must produce. */
export interface OnlyFindingCase {
  readonly name: string;
  readonly rule: string;
  readonly changes: Record<string, FileChange>;
  /** Path below generated/fixture/. */
  readonly file: string;
  readonly path: string;
  readonly message: string;
  /** Other findings the same defect rightly causes, as `<rule> <file below generated/fixture/> <path>`. */
  readonly also?: readonly string[];
}

/** Validates the fixture with the case's changes: the report holds exactly the case's finding (and `also`), with a line. */
export async function expectOnlyFinding(testCase: OnlyFindingCase): Promise<Finding> {
  const findings = findingsOf(await validateFixture(testCase.changes));
  const where = (f: Finding) => `${f.rule} ${f.file.replace(/^generated\/fixture\//, '')} ${f.path}`;
  const expected = `${testCase.rule} ${testCase.file} ${testCase.path}`;
  const wanted = [expected, ...(testCase.also ?? [])].sort();
  const got = findings.map(where).sort();
  if (JSON.stringify(got) !== JSON.stringify(wanted))
    throw new Error(
      `expected exactly:\n${wanted.join('\n')}\ngot:\n${findings.map((f) => `${where(f)}: ${f.message}`).join('\n') || '(no findings)'}`,
    );
  const finding = findings.find((f) => where(f) === expected) as Finding;
  if (!finding.message.includes(testCase.message))
    throw new Error(`message ${JSON.stringify(finding.message)} does not contain ${JSON.stringify(testCase.message)}`);
  if (typeof finding.line !== 'number') throw new Error(`finding ${expected} has no line`);
  return finding;
}
