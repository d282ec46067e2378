import { mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedRegistry } from '../../support/schemas';
import { fieldPathSegments } from '../../../lib/validate/structural/structural-check';
import type { ValidationReport } from '../../../lib/validate/types';
import { validateTree } from '../../../lib/validate/validate-tree';
import {
  type Editable,
  type FileChange,
  FIXTURE_CLUSTER,
  findingsOf,
  fixtureRepo,
  REPO_ROOT,
  removeFixtureRepos,
  SCHEMA_DIR,
} from '../fixture-tree';

/** A schema folder with the shared schemas plus the fixture CRDs of test/fixtures/validate/schemas. */
let schemaDir = '';
const FIXTURE_SCHEMAS = path.join(REPO_ROOT, 'test', 'fixtures', 'validate', 'schemas', 'crds');

beforeAll(async () => {
  schemaDir = await mkdtemp(path.join(tmpdir(), 'validate-schemas-'));
  await symlink(path.join(SCHEMA_DIR, 'kubernetes'), path.join(schemaDir, 'kubernetes'));
  const crds = path.join(schemaDir, 'crds');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(crds);
  for (const group of await readdir(path.join(SCHEMA_DIR, 'crds'))) {
    await symlink(path.join(SCHEMA_DIR, 'crds', group), path.join(crds, group));
  }
  await symlink(path.join(FIXTURE_SCHEMAS, 'example.com'), path.join(crds, 'example.com'));
});

afterAll(async () => {
  await removeFixtureRepos();
  await rm(schemaDir, { recursive: true, force: true });
});

const LABELS = '{ app.kubernetes.io/name: web, app.kubernetes.io/managed-by: cdk8s }';

function widget(spec: string): string {
  return `apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w, namespace: web, labels: ${LABELS} }\nspec:\n${spec}`;
}

async function validate(files: Record<string, FileChange>): Promise<ValidationReport> {
  const root = await fixtureRepo(files);
  const registry = sharedRegistry(schemaDir);
  return validateTree({ repoRoot: root, clusters: [FIXTURE_CLUSTER], schemaDir, registry });
}

describe('CRD rules beyond JSON Schema', () => {
  it('passes a Widget that meets its CEL rules, and lists the rules it could not evaluate', async () => {
    const report = await validate({
      'web/widget.yaml': widget('  minReplicas: 1\n  maxReplicas: 3\n  namespace: abc\n  size: 2Gi\n  mode: fast\n'),
    });
    expect(findingsOf(report)).toEqual([]);
    expect(report.clusters[0]?.unchecked.map((u) => [u.schema, u.rule, u.reason.split(':')[0], u.objects])).toEqual([
      [
        'crds/example.com/widget_v1.json',
        "!has(self.size) || quantity(self.size).isGreaterThan(quantity('1Gi'))",
        'unbound function',
        1,
      ],
      ['crds/example.com/widget_v1.json', 'self == oldSelf', 'transition rule (oldSelf)', 1],
    ]);
  });

  it('fails a CEL rule with its message at its fieldPath, reading escaped property names', async () => {
    const report = await validate({
      'web/widget.yaml': widget('  minReplicas: 5\n  maxReplicas: 3\n  namespace: ABC\n'),
    });
    expect(findingsOf(report).map((f) => [f.rule, f.path, f.message, f.line])).toEqual([
      ['cel', '$.spec', 'namespace must be lower case', 5],
      ['cel', '$.spec.minReplicas', 'minReplicas must not exceed maxReplicas', 5],
    ]);
  });

  it('builds the message of a failed rule from its messageExpression', async () => {
    const report = await validate({ 'web/widget.yaml': widget('  maxReplicas: 101\n') });
    expect(findingsOf(report).map((f) => [f.rule, f.message])).toEqual([['cel', 'maxReplicas 101 exceeds 100']]);
  });

  it('fails duplicate keys of a CRD list-map', async () => {
    const report = await validate({
      'web/widget.yaml': widget('  targets:\n    - { name: a, port: 1 }\n    - { name: a, port: 2 }\n'),
    });
    expect(findingsOf(report).map((f) => [f.rule, f.path])).toEqual([['api-list-map-keys', '$.spec.targets[1]']]);
  });

  it('reports a schema that does not compile once, naming the objects it leaves unchecked, and checks the rest', async () => {
    const gadget = (name: string) =>
      `apiVersion: example.com/v1\nkind: Gadget\nmetadata: { name: ${name}, namespace: web, labels: ${LABELS} }\nspec: { ratio: 0.5 }\n`;
    const report = await validate({
      'web/gadget-a.yaml': gadget('a'),
      'web/gadget-b.yaml': gadget('b'),
      'web/service-web.yaml': (d: Editable) => (d.spec.ports[0].port = 0),
    });
    const findings = findingsOf(report);
    expect(findings.filter((f) => f.rule === 'schema-broken')).toEqual([
      expect.objectContaining({
        file: 'generated/fixture/web/gadget-a.yaml',
        message: expect.stringMatching(
          /^schema crds\/example.com\/gadget_v1.json does not compile \(.*exclusiveMaximum.*\); 2 object\(s\) left unchecked: Gadget web\/a \(generated\/fixture\/web\/gadget-a.yaml\), Gadget web\/b/,
        ),
      }),
    ]);
    expect(findings.map((f) => f.rule)).toContain('api-ports');
  });

  it('reads CEL fieldPaths', () => {
    expect(fieldPathSegments(".spec.ports[0]['x.y']")).toEqual(['spec', 'ports', 0, 'x.y']);
  });
});
