import { afterAll, describe, expect, it } from 'vitest';
import { parseManifests } from '../../../lib/validate/load-documents';
import { withoutNulls } from '../../../lib/validate/read/without-nulls';
import { findingsOf, removeFixtureRepos, validateFixture } from '../fixture-tree';

afterAll(removeFixtureRepos);

const CONFIG_MAP = 'web/configmap-web-config.yaml';
const CONFIG_MAP_FILE = 'generated/fixture/web/configmap-web-config.yaml';
const HEADER = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: web
  labels: { app.kubernetes.io/name: web, app.kubernetes.io/managed-by: cdk8s }
`;

describe('reading manifests as kubectl and Argo CD do', () => {
  it('reads plain scalars as YAML 1.1 (go-yaml v2): yes/on/y are booleans, 0755 is octal, quoted stays a string', () => {
    const text = 'a: yes\nb: on\nc: "yes"\nd: 0755\ne: 1_000\nf: y\ng: off\nh: 1e3\ni: 3.0.1\nj: NO\n';
    const { documents } = parseManifests(text, 'c', 'f.yaml');
    expect(documents[0]?.object).toEqual({
      a: true,
      b: true,
      c: 'yes',
      d: 493,
      e: 1000,
      f: true,
      g: false,
      h: 1000,
      i: '3.0.1',
      j: false,
    });
  });

  it('fails a ConfigMap value that YAML 1.1 reads as a boolean or a number, with file, line and path', async () => {
    const report = await validateFixture({
      [CONFIG_MAP]: `${HEADER}data:\n  FEATURE: yes\n  MODE: on\n  VERSION: "1.0"\n  UMASK: 0755\n`,
    });
    const schema = findingsOf(report).filter((f) => f.rule === 'schema');
    expect(schema.map((f) => [f.file, f.path, f.line])).toEqual([
      [CONFIG_MAP_FILE, '$.data.FEATURE', 8],
      [CONFIG_MAP_FILE, '$.data.MODE', 9],
      [CONFIG_MAP_FILE, '$.data.UMASK', 11],
    ]);
    expect(schema[0]?.message).toContain('kubectl and Argo CD read YAML 1.1');
    expect(schema[0]?.expected).toBe('a quoted string');
  });

  it('passes the same ConfigMap with quoted values', async () => {
    const report = await validateFixture({
      [CONFIG_MAP]: `${HEADER}data:\n  FEATURE: "yes"\n  MODE: 'on'\n  UMASK: "0755"\n`,
    });
    expect(findingsOf(report)).toEqual([]);
  });

  it('fails duplicate keys with their line', async () => {
    const report = await validateFixture({ [CONFIG_MAP]: `${HEADER}data:\n  A: "1"\n  A: "2"\n` });
    expect(findingsOf(report).filter((f) => f.rule === 'yaml')).toEqual([
      expect.objectContaining({
        rule: 'yaml',
        file: CONFIG_MAP_FILE,
        path: '$',
        line: 9,
        message: expect.stringContaining('YAML does not parse'),
      }),
    ]);
  });

  it('reads .json files', async () => {
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'extra',
        namespace: 'web',
        labels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/managed-by': 'cdk8s' },
      },
      data: { PORT: 8080 },
    });
    const report = await validateFixture({ 'web/configmap-extra.json': json });
    expect(report.clusters[0]?.documents).toBe(15);
    expect(findingsOf(report)).toEqual([
      expect.objectContaining({
        rule: 'schema',
        file: 'generated/fixture/web/configmap-extra.json',
        path: '$.data.PORT',
      }),
    ]);
  });

  it('expands kind: List into its items, with paths and lines inside the list', async () => {
    const list = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: one, namespace: web, labels: { app.kubernetes.io/name: web, app.kubernetes.io/managed-by: cdk8s } }
    data: { A: "1" }
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: two, namespace: web, labels: { app.kubernetes.io/name: web, app.kubernetes.io/managed-by: cdk8s } }
    data: { B: true }
`;
    const report = await validateFixture({ 'web/list.yaml': list });
    expect(report.clusters[0]?.documents).toBe(16);
    expect(findingsOf(report)).toEqual([
      expect.objectContaining({
        rule: 'schema',
        file: 'generated/fixture/web/list.yaml',
        item: 1,
        path: '$.items[1].data.B',
        line: 11,
      }),
    ]);
  });

  it('treats null values as absent, as the API server and kubeconform do', async () => {
    expect(withoutNulls({ a: null, b: { c: null, d: 1 }, e: [null, { f: null }] })).toEqual({
      b: { d: 1 },
      e: [null, {}],
    });
    const report = await validateFixture({
      'web/deployment-web.yaml': (d) => {
        d.spec.strategy = null;
        d.spec.template.spec.containers[0].args = null;
      },
    });
    expect(findingsOf(report)).toEqual([]);
  });
});
