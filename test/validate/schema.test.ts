import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SchemaRegistry } from '../../lib/validate/schema/schema-registry';
import {
  FIXTURE_CLUSTER,
  findingsOf,
  fixtureRepo,
  removeFixtureRepos,
  SCHEMA_DIR,
  validateFixture,
} from './fixture-tree';
import { validateTree } from '../../lib/validate/validate-tree';

afterAll(removeFixtureRepos);

const DEPLOYMENT = 'web/deployment-web.yaml';
const FILE = 'generated/fixture/web/deployment-web.yaml';

describe('strict schema validation', () => {
  it('passes the passing fixture with no findings at all', async () => {
    const report = await validateFixture();
    expect(findingsOf(report)).toEqual([]);
    expect(report.clusters[0]?.documents).toBe(14);
  });

  it('rejects an unknown field in a built-in kind and names the fields that exist', async () => {
    const report = await validateFixture({
      [DEPLOYMENT]: (d) => {
        d.spec.template.spec.containers[0].livenessProbe.httpGett = { path: '/' };
      },
    });
    const finding = findingsOf(report).find((f) => f.rule === 'schema');
    expect(finding).toMatchObject({
      file: FILE,
      documentIndex: 0,
      path: '$.spec.template.spec.containers[0].livenessProbe.httpGett',
      message: 'unknown field "httpGett"',
    });
    expect(finding?.expected).toContain('httpGet');
    expect(finding?.line).toBeGreaterThan(1);
  });

  it('rejects a wrong type with the expected type', async () => {
    const report = await validateFixture({ [DEPLOYMENT]: (d) => (d.spec.replicas = 'two') });
    expect(findingsOf(report)).toContainEqual(
      expect.objectContaining({
        rule: 'schema',
        path: '$.spec.replicas',
        message: 'wrong type: "two" (string)',
        expected: 'a value of type integer',
      }),
    );
  });

  it('reports an int-or-string field once, with both allowed forms', async () => {
    const report = await validateFixture({
      [DEPLOYMENT]: (d) => (d.spec.template.spec.containers[0].readinessProbe.httpGet.port = [80]),
    });
    expect(findingsOf(report).filter((f) => f.rule === 'schema')).toEqual([
      expect.objectContaining({
        path: '$.spec.template.spec.containers[0].readinessProbe.httpGet.port',
        expected: 'a string or integer',
      }),
    ]);
  });

  it('rejects an unknown field at the root of a CRD kind and in its nested objects', async () => {
    const report = await validateFixture({
      'web/servicemonitor-web.yaml': (d) => {
        d.spec.endpoints[0].scrapeEvery = '30s';
        d.extra = true;
      },
    });
    expect(findingsOf(report).map((f) => [f.rule, f.path])).toEqual([
      ['schema', '$.extra'],
      ['schema', '$.spec.endpoints[0].scrapeEvery'],
    ]);
  });

  it('translates the RE2 (?i) patterns of the Prometheus operator schemas', async () => {
    const rule = (strategy: string) =>
      [
        'apiVersion: monitoring.coreos.com/v1',
        'kind: PrometheusRule',
        'metadata: { name: web, namespace: web, labels: { app.kubernetes.io/name: web, app.kubernetes.io/managed-by: cdk8s } }',
        `spec: { groups: [{ name: web, partial_response_strategy: ${strategy}, rules: [{ alert: Down, expr: up == 0 }] }] }`,
      ].join('\n');
    expect(findingsOf(await validateFixture({ 'web/prometheusrule-web.yaml': rule('WARN') }))).toEqual([]);
    expect(findingsOf(await validateFixture({ 'web/prometheusrule-web.yaml': rule('retry') }))).toEqual([
      expect.objectContaining({ rule: 'schema', path: '$.spec.groups[0].partial_response_strategy' }),
    ]);
  });

  it('fails a kind with no schema unless it is listed as skipped', async () => {
    const workflow = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Workflow',
      'metadata: { name: nightly, namespace: web, labels: { app.kubernetes.io/name: web, app.kubernetes.io/managed-by: cdk8s } }',
      'spec: {}',
    ].join('\n');
    const failing = await validateFixture({ 'web/workflow-nightly.yaml': workflow });
    expect(findingsOf(failing)).toEqual([
      expect.objectContaining({
        rule: 'schema-missing',
        file: 'generated/fixture/web/workflow-nightly.yaml',
        path: '$.apiVersion',
      }),
    ]);
    const skipped = await validateFixture({ 'web/workflow-nightly.yaml': workflow }, {}, [
      'argoproj.io/v1alpha1/Workflow',
    ]);
    expect(findingsOf(skipped)).toEqual([]);
  });

  it('points a CRD version without a schema at the versions that have one', async () => {
    const report = await validateFixture({
      'web/externalsecret-web-secrets.yaml': (d) => (d.apiVersion = 'external-secrets.io/v2'),
    });
    expect(findingsOf(report)).toContainEqual(
      expect.objectContaining({
        rule: 'schema-missing',
        expected:
          'a version with a schema: external-secrets.io/v1, external-secrets.io/v1beta1, external-secrets.io/v1alpha1',
      }),
    );
  });

  it('fails an API version removed when the cluster moves to a newer Kubernetes, naming the replacement', async () => {
    const vac = [
      'apiVersion: storage.k8s.io/v1alpha1',
      'kind: VolumeAttributesClass',
      'metadata: { name: fast, labels: { app.kubernetes.io/name: web, app.kubernetes.io/managed-by: cdk8s } }',
      'driverName: ebs.csi.aws.com',
    ].join('\n');
    const on134 = await validateFixture({ 'web/volumeattributesclass-fast.yaml': vac }, { kubernetesVersion: '1.34' });
    expect(findingsOf(on134)).toEqual([]);
    const on135 = await validateFixture({ 'web/volumeattributesclass-fast.yaml': vac }, { kubernetesVersion: '1.35' });
    expect(findingsOf(on135)).toEqual([
      expect.objectContaining({
        rule: 'api-removed',
        file: 'generated/fixture/web/volumeattributesclass-fast.yaml',
        path: '$.apiVersion',
        message: 'storage.k8s.io/v1alpha1 VolumeAttributesClass is not served by Kubernetes 1.35 (removed in 1.35)',
        expected: 'apiVersion: storage.k8s.io/v1',
      }),
    ]);
  });

  it('names autoscaling/v2 as the replacement of autoscaling/v2beta2', async () => {
    const report = await validateFixture({
      'web/horizontalpodautoscaler-web.yaml': (d) => (d.apiVersion = 'autoscaling/v2beta2'),
    });
    expect(findingsOf(report)).toContainEqual(
      expect.objectContaining({
        rule: 'api-removed',
        message: 'autoscaling/v2beta2 HorizontalPodAutoscaler is not served by Kubernetes 1.34 (removed in 1.26)',
        expected: 'apiVersion: autoscaling/v2',
      }),
    );
  });

  it('reports YAML that does not parse with its file and line', async () => {
    const report = await validateFixture({
      'web/configmap-web-config.yaml': 'apiVersion: v1\nkind: ConfigMap\ndata: [\n',
    });
    expect(findingsOf(report)).toContainEqual(
      expect.objectContaining({
        rule: 'yaml',
        file: 'generated/fixture/web/configmap-web-config.yaml',
        documentIndex: 0,
      }),
    );
  });

  it('reports a missing kind', async () => {
    const report = await validateFixture({ 'web/configmap-web-config.yaml': (d) => delete d.kind });
    expect(findingsOf(report)).toContainEqual(
      expect.objectContaining({ rule: 'schema', path: '$.kind', message: 'missing kind' }),
    );
  });

  it('rejects a schema directory without the cluster version before checking anything', async () => {
    const root = await fixtureRepo();
    await expect(
      validateTree({ repoRoot: root, clusters: [FIXTURE_CLUSTER], schemaDir: path.join(root, 'nowhere') }),
    ).rejects.toThrow(/no Kubernetes 1\.34 schemas in schema directory/);
  });

  it('rejects a cluster without generated manifests', async () => {
    const root = await fixtureRepo();
    await expect(
      validateTree({ repoRoot: root, clusters: [{ ...FIXTURE_CLUSTER, name: 'missing' }], schemaDir: SCHEMA_DIR }),
    ).rejects.toThrow(
      'generated/missing: cluster "missing": no generated manifests for this cluster; run `npm run synth` first',
    );
  });

  it('caches compiled validators on disk so the next run compiles nothing', async () => {
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'validate-cache-'));
    try {
      const root = await fixtureRepo();
      const cold = new SchemaRegistry({ schemaDir: SCHEMA_DIR, cacheDir });
      const first = await validateTree({
        repoRoot: root,
        clusters: [FIXTURE_CLUSTER],
        schemaDir: SCHEMA_DIR,
        registry: cold,
      });
      expect(cold.stats.compiled).toBeGreaterThan(5);
      expect((await readdir(cacheDir)).filter((name) => name.endsWith('.cjs'))).toHaveLength(cold.stats.compiled);
      // Without the run cache (per-document results, test/validate/read/document-cache.test.ts) the validators load.
      await rm(path.join(cacheDir, 'run-cache-v1.json'));
      const warm = new SchemaRegistry({ schemaDir: SCHEMA_DIR, cacheDir });
      const second = await validateTree({
        repoRoot: root,
        clusters: [FIXTURE_CLUSTER],
        schemaDir: SCHEMA_DIR,
        registry: warm,
      });
      expect(warm.stats).toEqual({ compiled: 0, loadedFromDisk: cold.stats.compiled });
      expect(second).toEqual(first);
      const broken = await validateTree({
        repoRoot: await fixtureRepo({ 'web/service-web.yaml': (d) => (d.spec.bogus = 1) }),
        clusters: [FIXTURE_CLUSTER],
        schemaDir: SCHEMA_DIR,
        registry: new SchemaRegistry({ schemaDir: SCHEMA_DIR, cacheDir }),
      });
      expect(findingsOf(broken)).toEqual([expect.objectContaining({ rule: 'schema', path: '$.spec.bogus' })]);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
