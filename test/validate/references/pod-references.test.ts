import { afterAll, describe, expect, it } from 'vitest';
import { namesCredential } from '../../../lib/validate/policies/no-credential-literals';
import { type Editable, findingsOf, removeFixtureRepos, validateFixture } from '../fixture-tree';

afterAll(removeFixtureRepos);

const DEPLOYMENT = 'web/deployment-web.yaml';
const DEPLOYMENT_FILE = 'generated/fixture/web/deployment-web.yaml';
const SPEC = '$.spec.template.spec';
const CONTAINER = `${SPEC}.containers[0]`;
const container0 = (d: Editable) => d.spec.template.spec.containers[0];

describe('ref-pod-dependencies', () => {
  it('fails a missing ServiceAccount, ConfigMap, Secret and PVC, each at its reference', async () => {
    const report = await validateFixture({
      [DEPLOYMENT]: (d) => {
        const spec = d.spec.template.spec;
        spec.serviceAccountName = 'web';
        spec.volumes.push({ name: 'data', persistentVolumeClaim: { claimName: 'web-data' } });
        spec.volumes.push({ name: 'certs', secret: { secretName: 'web-tls' } });
        spec.containers[0].env.push({
          name: 'MODE',
          valueFrom: { configMapKeyRef: { name: 'web-flags', key: 'MODE' } },
        });
      },
    });
    expect(
      findingsOf(report)
        .filter((f) => f.rule === 'ref-pod-dependencies')
        .map((f) => [f.path, f.message]),
    ).toEqual([
      [`${CONTAINER}.env[2].valueFrom.configMapKeyRef.name`, 'ConfigMap "web-flags" does not exist in namespace "web"'],
      [`${SPEC}.serviceAccountName`, 'ServiceAccount "web" does not exist in namespace "web"'],
      [
        `${SPEC}.volumes[1].persistentVolumeClaim.claimName`,
        'PersistentVolumeClaim "web-data" does not exist in namespace "web"',
      ],
      [`${SPEC}.volumes[2].secret.secretName`, 'Secret "web-tls" does not exist in namespace "web"'],
    ]);
  });

  it('passes optional references, built-ins and a Secret an ExternalSecret creates', async () => {
    const report = await validateFixture({
      [DEPLOYMENT]: (d) => {
        const spec = d.spec.template.spec;
        spec.serviceAccountName = 'default';
        spec.volumes.push({ name: 'ca', configMap: { name: 'kube-root-ca.crt' } });
        spec.volumes.push({ name: 'opt', secret: { secretName: 'maybe', optional: true } });
      },
    });
    expect(findingsOf(report)).toEqual([]);
    const missingTarget = await validateFixture({
      'web/externalsecret-web-secrets.yaml': (d) => (d.spec.target.name = 'other'),
    });
    expect(findingsOf(missingTarget).map((f) => [f.rule, f.path])).toEqual([
      ['ref-pod-dependencies', `${CONTAINER}.env[1].valueFrom.secretKeyRef.name`],
    ]);
  });
});

describe('ref-probe-port', () => {
  it('fails a probe on a port name the container does not declare, passes a declared name or a number', async () => {
    const report = await validateFixture({
      [DEPLOYMENT]: (d) => {
        container0(d).readinessProbe.httpGet.port = 'metrics';
        container0(d).livenessProbe.httpGet.port = 3000;
      },
    });
    expect(findingsOf(report)).toEqual([
      expect.objectContaining({
        rule: 'ref-probe-port',
        path: `${CONTAINER}.readinessProbe.httpGet.port`,
        message: 'container "web" readinessProbe uses port "metrics", which the container does not declare',
        expected: 'one of: http (or a port number)',
      }),
    ]);
  });
});

describe('ref-duplicate-object', () => {
  it('fails the same object defined twice, pointing at the first definition', async () => {
    const copy = `apiVersion: v1
kind: ConfigMap
metadata: { name: web-config, namespace: web, labels: { app.kubernetes.io/name: web, app.kubernetes.io/managed-by: cdk8s } }
data: { A: "1" }
`;
    const report = await validateFixture({ 'web/zz-copy.yaml': copy });
    expect(findingsOf(report)).toEqual([
      expect.objectContaining({
        rule: 'ref-duplicate-object',
        file: 'generated/fixture/web/zz-copy.yaml',
        path: '$.metadata.name',
        message:
          'ConfigMap web/web-config is already defined in generated/fixture/web/configmap-web-config.yaml [doc 0]',
      }),
    ]);
  });

  it('passes the same name in another namespace or kind', async () => {
    const other = `apiVersion: v1
kind: Secret
metadata: { name: web-config, namespace: web, labels: { app.kubernetes.io/name: web, app.kubernetes.io/managed-by: cdk8s } }
`;
    expect(findingsOf(await validateFixture({ 'web/secret.yaml': other }))).toEqual([]);
  });
});

describe('default-deny-netpol without a namespace', () => {
  it('fails a pod template without a namespace: it runs in "default", which has no default-deny policy', async () => {
    const report = await validateFixture({ [DEPLOYMENT]: (d) => delete d.metadata.namespace });
    expect(findingsOf(report).filter((f) => f.rule === 'default-deny-netpol')).toEqual([
      expect.objectContaining({
        file: DEPLOYMENT_FILE,
        message: 'namespace "default" has no default-deny NetworkPolicy',
      }),
    ]);
  });
});

describe('no-credential-literals names', () => {
  it('matches credential words anywhere in a name, not only at the end', () => {
    for (const name of [
      'DB_PASSWORD',
      'PASSWORD_DB',
      'apiKeyPrimary',
      'SECRET_VALUE',
      'client-secret-2',
      'github.token.value',
    ]) {
      expect(namesCredential(name), name).toBe(true);
    }
    for (const name of ['LOG_LEVEL', 'SECRET_NAME', 'TOKEN_FILE', 'PASSWORD_PATH', 'TOKENIZER', 'KEYCLOAK_URL']) {
      expect(namesCredential(name), name).toBe(false);
    }
  });

  it('fails a literal under a name with a credential word in the middle', async () => {
    const report = await validateFixture({
      [DEPLOYMENT]: (d) => d.spec.template.spec.containers[0].env.push({ name: 'PASSWORD_FOR_DB', value: 'hunter2' }),
    });
    expect(findingsOf(report).map((f) => [f.rule, f.path])).toEqual([
      ['no-credential-literals', `${CONTAINER}.env[2].value`],
    ]);
  });
});
