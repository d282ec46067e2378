import { afterAll, describe, expect, it } from 'vitest';
import { findingsOf, locations, removeFixtureRepos, validateFixture } from './fixture-tree';

afterAll(removeFixtureRepos);

const DEPLOYMENT = 'web/deployment-web.yaml';
const DEPLOYMENT_FILE = 'generated/fixture/web/deployment-web.yaml';
const CONTAINER = '$.spec.template.spec.containers[0]';

describe('policies', () => {
  it('pss-*: a privileged container that may escalate and keeps all capabilities fails one control each', async () => {
    const report = await validateFixture({
      [DEPLOYMENT]: (d) => {
        const context = d.spec.template.spec.containers[0].securityContext;
        context.privileged = true;
        delete context.allowPrivilegeEscalation;
        delete context.capabilities;
        d.spec.template.spec.hostNetwork = true;
      },
    });
    const pss = findingsOf(report)
      .filter((f) => f.rule.startsWith('pss-'))
      .map((f) => [f.rule, f.path]);
    expect(pss).toEqual([
      ['pss-privilege-escalation', `${CONTAINER}.securityContext.allowPrivilegeEscalation`],
      ['pss-capabilities-restricted', `${CONTAINER}.securityContext.capabilities.drop`],
      ['pss-privileged', `${CONTAINER}.securityContext.privileged`],
      ['pss-host-namespaces', '$.spec.template.spec.hostNetwork'],
    ]);
  });

  it('pss-*: hostPath volumes, root users and a missing seccomp profile', async () => {
    const report = await validateFixture({
      [DEPLOYMENT]: (d) => {
        const spec = d.spec.template.spec;
        spec.volumes.push({ name: 'docker', hostPath: { path: '/var/run/docker.sock' } });
        spec.securityContext = { runAsUser: 0 };
      },
    });
    const pss = findingsOf(report)
      .filter((f) => f.rule.startsWith('pss-'))
      .map((f) => [f.rule, f.path]);
    expect(pss).toEqual([
      ['pss-run-as-non-root', `${CONTAINER}.securityContext.runAsNonRoot`],
      ['pss-seccomp-restricted', `${CONTAINER}.securityContext.seccompProfile.type`],
      ['pss-run-as-user', '$.spec.template.spec.securityContext.runAsUser'],
      ['pss-host-path-volumes', '$.spec.template.spec.volumes[1].hostPath'],
      ['pss-volume-types', '$.spec.template.spec.volumes[1].hostPath'],
    ]);
  });

  it('resources: fails a container without a memory limit or CPU request', async () => {
    const report = await validateFixture({
      [DEPLOYMENT]: (d) => {
        d.spec.template.spec.containers[0].resources = { requests: { memory: '128Mi' } };
      },
    });
    expect(findingsOf(report).filter((f) => f.rule === 'resources')).toEqual([
      expect.objectContaining({
        path: `${CONTAINER}.resources.limits.memory`,
        message: 'container "web" has no memory limit',
        expected: 'resources.limits.memory set (e.g. 256Mi)',
      }),
      expect.objectContaining({
        path: `${CONTAINER}.resources.requests.cpu`,
        message: 'container "web" has no cpu request',
      }),
    ]);
  });

  it('probes: fails a Deployment container without readiness and liveness probes', async () => {
    const report = await validateFixture({
      [DEPLOYMENT]: (d) => {
        delete d.spec.template.spec.containers[0].readinessProbe;
        delete d.spec.template.spec.containers[0].livenessProbe;
      },
    });
    expect(locations(report, 'probes').map((l) => l.path)).toEqual([
      `${CONTAINER}.livenessProbe`,
      `${CONTAINER}.readinessProbe`,
    ]);
  });

  it('probes: a Job needs none', async () => {
    const job = `apiVersion: batch/v1
kind: Job
metadata: { name: migrate, namespace: web, labels: { app.kubernetes.io/name: web, app.kubernetes.io/managed-by: cdk8s } }
spec:
  template:
    spec:
      restartPolicy: Never
      securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }
      containers:
        - name: migrate
          image: web:1.0.0@sha256:5c7a288f535661e7067bd5b72541b81de9eb84e83ff534a7d8da49042f2e968b
          resources: { requests: { cpu: 10m, memory: 64Mi }, limits: { memory: 64Mi } }
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
`;
    expect(findingsOf(await validateFixture({ 'web/job-migrate.yaml': job }))).toEqual([]);
  });

  it('pdb: fails more than one replica without a PodDisruptionBudget, passes with one replica', async () => {
    const failing = await validateFixture({ 'web/poddisruptionbudget-web.yaml': null });
    expect(findingsOf(failing).filter((f) => f.rule === 'pdb')).toEqual([
      expect.objectContaining({
        file: DEPLOYMENT_FILE,
        path: '$.metadata.name',
        message: 'Deployment "web" runs at least 2 replicas but no PodDisruptionBudget selects its pods',
      }),
    ]);
    const single = await validateFixture({
      'web/poddisruptionbudget-web.yaml': null,
      'web/horizontalpodautoscaler-web.yaml': null,
      [DEPLOYMENT]: (d) => (d.spec.replicas = 1),
    });
    expect(findingsOf(single)).toEqual([]);
  });

  it('default-deny-netpol: fails a namespace whose only policy allows traffic', async () => {
    const report = await validateFixture({
      'web/networkpolicy-default-deny.yaml': (d) => (d.spec.ingress = [{ from: [{ podSelector: {} }] }]),
    });
    expect(findingsOf(report).filter((f) => f.rule === 'default-deny-netpol')).toEqual([
      expect.objectContaining({
        file: 'generated/fixture/web/namespace-web.yaml',
        path: '$.metadata.name',
        message: 'namespace "web" has no default-deny NetworkPolicy',
      }),
    ]);
  });

  it('image-pinning: production needs a digest, staging accepts a version tag, nobody may use latest', async () => {
    const tagOnly = {
      [DEPLOYMENT]: (d: { spec: { template: { spec: { containers: { image: string }[] } } } }) => {
        d.spec.template.spec.containers[0]!.image = 'ghcr.io/example/web:1.0.0';
      },
    };
    expect(findingsOf(await validateFixture(tagOnly))).toEqual([
      expect.objectContaining({
        rule: 'image-pinning',
        path: `${CONTAINER}.image`,
        message: 'container "web" image "ghcr.io/example/web:1.0.0" is not pinned by digest in production',
      }),
    ]);
    expect(findingsOf(await validateFixture(tagOnly, { environment: 'staging' }))).toEqual([]);
    const latest = await validateFixture(
      { [DEPLOYMENT]: (d) => (d.spec.template.spec.containers[0].image = 'registry.local:5000/web') },
      { environment: 'staging' },
    );
    expect(findingsOf(latest)).toEqual([
      expect.objectContaining({
        rule: 'image-pinning',
        message: 'container "web" image "registry.local:5000/web" floats (no tag)',
      }),
    ]);
  });

  it('no-secret-data: fails a Secret with data in git', async () => {
    const secret = `apiVersion: v1
kind: Secret
metadata: { name: web, namespace: web, labels: { app.kubernetes.io/name: web, app.kubernetes.io/managed-by: cdk8s } }
stringData:
  password: hunter2
`;
    const report = await validateFixture({ 'web/secret-web.yaml': secret });
    expect(locations(report, 'no-secret-data')).toEqual([
      { file: 'generated/fixture/web/secret-web.yaml', path: '$.stringData' },
    ]);
  });

  it('no-credential-literals: fails credential-looking env values and ConfigMap entries', async () => {
    const report = await validateFixture({
      [DEPLOYMENT]: (d) => d.spec.template.spec.containers[0].env.push({ name: 'API_TOKEN', value: 's3cr3t-v4lue' }),
      'web/configmap-web-config.yaml': (d) => {
        d.data.DATABASE_URL = 'postgres://app:pa55word@db.internal:5432/app'; // secretlint-disable-line -- a planted credential the policy must catch
        d.data.AWS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
      },
    });
    expect(findingsOf(report).filter((f) => f.rule === 'no-credential-literals')).toEqual([
      expect.objectContaining({
        file: 'generated/fixture/web/configmap-web-config.yaml',
        path: '$.data.AWS_KEY_ID',
        message: 'value looks like an AWS access key id',
      }),
      expect.objectContaining({ path: '$.data.DATABASE_URL', message: 'value looks like a URL with a password' }),
      expect.objectContaining({
        file: DEPLOYMENT_FILE,
        path: `${CONTAINER}.env[2].value`,
        message: '"API_TOKEN" names a credential and has a literal value',
      }),
    ]);
  });

  it('recommended-labels: fails an object without the recommended labels', async () => {
    const report = await validateFixture({ 'web/service-web.yaml': (d) => delete d.metadata.labels });
    expect(locations(report, 'recommended-labels')).toEqual([
      { file: 'generated/fixture/web/service-web.yaml', path: "$.metadata.labels['app.kubernetes.io/managed-by']" },
      { file: 'generated/fixture/web/service-web.yaml', path: "$.metadata.labels['app.kubernetes.io/name']" },
    ]);
  });
});

describe('waivers', () => {
  it('a waiver with a reason silences the policy for that resource and is listed', async () => {
    const report = await validateFixture({
      [DEPLOYMENT]: (d) => {
        delete d.spec.template.spec.containers[0].livenessProbe;
        d.metadata.annotations = {
          'policy.platform/waive-probes': 'legacy binary hangs on /healthz; tracked in OPS-12',
        };
      },
    });
    expect(findingsOf(report)).toEqual([]);
    expect(report.clusters[0]?.waivers).toEqual([
      {
        rule: 'probes',
        cluster: 'fixture',
        file: DEPLOYMENT_FILE,
        documentIndex: 0,
        resource: 'Deployment web/web',
        reason: 'legacy binary hangs on /healthz; tracked in OPS-12',
      },
    ]);
  });

  it('a waiver without a reason is an error and waives nothing', async () => {
    const report = await validateFixture({
      [DEPLOYMENT]: (d) => {
        delete d.spec.template.spec.containers[0].livenessProbe;
        d.metadata.annotations = { 'policy.platform/waive-probes': ' ' };
      },
    });
    expect(findingsOf(report).map((f) => [f.rule, f.path])).toEqual([
      ['waiver', "$.metadata.annotations['policy.platform/waive-probes']"],
      ['probes', `${CONTAINER}.livenessProbe`],
    ]);
  });

  it('a waiver of an unknown policy or of a cross-reference check is an error', async () => {
    const report = await validateFixture({
      'web/service-web.yaml': (d) =>
        (d.metadata.annotations = { 'policy.platform/waive-ref-service-selector': 'nope' }),
    });
    expect(findingsOf(report)).toEqual([
      expect.objectContaining({ rule: 'waiver', message: 'waiver names unknown policy "ref-service-selector"' }),
    ]);
  });
});
