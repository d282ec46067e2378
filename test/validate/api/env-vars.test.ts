import { afterAll, describe, expect, it } from 'vitest';
import { relaxedEnvVarNames } from '../../../lib/validate/api/env-vars';
import { envVarName } from '../../../lib/validate/api/name-syntax';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../../../lib/model/cluster';
import {
  type Editable,
  expectOnlyFinding,
  findingsOf,
  type OnlyFindingCase,
  removeFixtureRepos,
  validateFixture,
} from '../fixture-tree';

afterAll(removeFixtureRepos);

const DEPLOYMENT = 'web/deployment-web.yaml';
const CONTAINER = '$.spec.template.spec.containers[0]';
const container = (d: Editable) => d.spec.template.spec.containers[0];

const CASES: readonly OnlyFindingCase[] = [
  {
    name: 'an env var name with "="',
    rule: 'api-env',
    changes: { [DEPLOYMENT]: (d) => (container(d).env[0].name = 'LOG=LEVEL') },
    file: DEPLOYMENT,
    path: `${CONTAINER}.env[0].name`,
    message: `env var name "LOG=LEVEL": a valid environment variable name must consist only of printable ASCII characters other than '='`,
  },
  {
    name: 'an env var name with a non-ASCII character',
    rule: 'api-env',
    changes: { [DEPLOYMENT]: (d) => (container(d).env[0].name = 'NIVEAU_É') },
    file: DEPLOYMENT,
    path: `${CONTAINER}.env[0].name`,
    message: 'printable ASCII characters',
  },
  {
    name: 'an empty env var name',
    rule: 'api-env',
    changes: { [DEPLOYMENT]: (d) => (container(d).env[0].name = '') },
    file: DEPLOYMENT,
    path: `${CONTAINER}.env[0].name`,
    message: 'env var name "": Required value',
  },
  {
    name: 'an envFrom prefix with "="',
    rule: 'api-env',
    changes: { [DEPLOYMENT]: (d) => (container(d).envFrom[0].prefix = 'WEB=') },
    file: DEPLOYMENT,
    path: `${CONTAINER}.envFrom[0].prefix`,
    message: 'envFrom prefix "WEB="',
  },
  {
    name: 'envFrom with both a ConfigMap and a Secret',
    rule: 'api-env',
    changes: { [DEPLOYMENT]: (d) => (container(d).envFrom[0].secretRef = { name: 'web-secrets' }) },
    file: DEPLOYMENT,
    path: `${CONTAINER}.envFrom[0]`,
    message: 'envFrom may not have more than one field specified at a time',
  },
  {
    name: 'a value next to valueFrom',
    rule: 'api-env',
    changes: {
      [DEPLOYMENT]: (d) =>
        container(d).env.push({
          name: 'MODE',
          value: 'a',
          valueFrom: { configMapKeyRef: { name: 'web-config', key: 'MODE' } },
        }),
    },
    file: DEPLOYMENT,
    path: `${CONTAINER}.env[2].valueFrom`,
    message: 'valueFrom may not be specified when `value` is not empty',
  },
  {
    name: 'valueFrom with two sources',
    rule: 'api-env',
    changes: {
      [DEPLOYMENT]: (d) => (container(d).env[1].valueFrom.fieldRef = { fieldPath: 'metadata.name' }),
    },
    file: DEPLOYMENT,
    path: `${CONTAINER}.env[1].valueFrom`,
    message: 'may not have more than one field specified at a time (has fieldRef, secretKeyRef)',
  },
  {
    name: 'a downward API field that env vars cannot read',
    rule: 'api-env',
    changes: {
      [DEPLOYMENT]: (d) =>
        container(d).env.push({ name: 'POLICY', valueFrom: { fieldRef: { fieldPath: 'spec.restartPolicy' } } }),
    },
    file: DEPLOYMENT,
    path: `${CONTAINER}.env[2].valueFrom.fieldRef.fieldPath`,
    message: 'fieldRef fieldPath "spec.restartPolicy" is not supported for env vars',
  },
  {
    name: 'a secret key that is not a valid key',
    rule: 'api-env',
    changes: { [DEPLOYMENT]: (d) => (container(d).env[1].valueFrom.secretKeyRef.key = 'database/password') },
    file: DEPLOYMENT,
    path: `${CONTAINER}.env[1].valueFrom.secretKeyRef.key`,
    message: `secretKeyRef key "database/password": a valid config key must consist of alphanumeric characters, '-', '_' or '.'`,
  },
];

describe('api-env', () => {
  for (const testCase of CASES) {
    it(`fails ${testCase.name}`, async () => {
      await expectOnlyFinding(testCase);
    });
  }

  it('passes names the relaxed rule allows, prefixes, labels read through the downward API', async () => {
    const report = await validateFixture({
      [DEPLOYMENT]: (d) => {
        container(d).env.push(
          { name: '1ST-SETTING.value', value: 'x' },
          { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app.kubernetes.io/name']" } } },
          { name: 'MEMORY', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } },
        );
        container(d).envFrom[0].prefix = 'WEB_';
      },
    });
    expect(findingsOf(report)).toEqual([]);
  });

  it('applies the relaxed names on every supported version (beta from 1.32, GA in 1.34), C-like names before', () => {
    expect(SUPPORTED_KUBERNETES_VERSIONS.every(relaxedEnvVarNames)).toBe(true);
    expect([relaxedEnvVarNames('1.31'), relaxedEnvVarNames('1.32')]).toEqual([false, true]);
    expect(envVarName('1ST', false)).toEqual([
      "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
    ]);
    expect(envVarName('..CONFIG', false)).toEqual(["must not start with '..'"]);
    expect(envVarName('my.env-name_1', false)).toEqual([]);
    expect(envVarName('1ST SETTING', true)).toEqual([]);
  });
});
