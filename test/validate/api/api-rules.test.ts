import { afterAll, describe, expect, it } from 'vitest';
import { type FileChange, findingsOf, removeFixtureRepos, validateFixture } from '../fixture-tree';

afterAll(removeFixtureRepos);

const DEPLOYMENT = 'web/deployment-web.yaml';
const SERVICE = 'web/service-web.yaml';
const CONFIG_MAP = 'web/configmap-web-config.yaml';
const CONTAINER = '$.spec.template.spec.containers[0]';

interface Case {
  readonly name: string;
  readonly rule: string;
  readonly changes: Record<string, FileChange>;
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

/** One failing change per API-server rule; the unchanged passing fixture is the passing case of each. */
const CASES: readonly Case[] = [
  {
    name: 'a Service name that is not a DNS-1035 label',
    rule: 'api-object-name',
    changes: { [SERVICE]: (d) => (d.metadata.name = '1web') },
    file: SERVICE,
    path: '$.metadata.name',
    message: 'Service name "1web": a DNS-1035 label must consist of',
  },
  {
    name: 'a ConfigMap name with upper case',
    rule: 'api-object-name',
    changes: { [CONFIG_MAP]: (d) => (d.metadata.name = 'Web_Config') },
    file: CONFIG_MAP,
    path: '$.metadata.name',
    message: 'ConfigMap name "Web_Config": a lowercase RFC 1123 subdomain',
  },
  {
    name: 'a label value over 63 characters',
    rule: 'api-labels',
    changes: { [CONFIG_MAP]: (d) => (d.metadata.labels['app.kubernetes.io/instance'] = 'x'.repeat(64)) },
    file: CONFIG_MAP,
    path: "$.metadata.labels['app.kubernetes.io/instance']",
    message: 'must be no more than 63 characters (is 64)',
  },
  {
    name: 'a label key with two slashes in a pod template',
    rule: 'api-labels',
    changes: { [DEPLOYMENT]: (d) => (d.spec.template.metadata.labels['a/b/c'] = 'x') },
    file: DEPLOYMENT,
    path: "$.spec.template.metadata.labels['a/b/c']",
    message: 'label key "a/b/c"',
  },
  {
    name: 'an annotation key that is not a qualified name',
    rule: 'api-annotations',
    changes: { [CONFIG_MAP]: (d) => (d.metadata.annotations = { 'bad key!': 'x' }) },
    file: CONFIG_MAP,
    path: "$.metadata.annotations['bad key!']",
    message: 'annotation key "bad key!"',
  },
  {
    name: 'annotations over 256 KiB',
    rule: 'api-annotations',
    changes: { [CONFIG_MAP]: (d) => (d.metadata.annotations = { 'example.com/big': 'x'.repeat(262_145) }) },
    file: CONFIG_MAP,
    path: '$.metadata.annotations',
    message: 'annotations total 262160 bytes',
  },
  {
    name: 'a selector that does not match the template labels',
    rule: 'api-selector',
    changes: { [DEPLOYMENT]: (d) => (d.spec.selector.matchLabels['app.kubernetes.io/instance'] = 'other') },
    file: DEPLOYMENT,
    path: '$.spec.template.metadata.labels',
    message: 'does not match template labels',
  },
  {
    name: 'a container port out of range',
    rule: 'api-ports',
    changes: { [DEPLOYMENT]: (d) => (d.spec.template.spec.containers[0].ports[0].containerPort = 70000) },
    file: DEPLOYMENT,
    path: `${CONTAINER}.ports[0].containerPort`,
    message: 'containerPort 70000 must be between 1 and 65535',
  },
  {
    name: 'a port name longer than 15 characters',
    rule: 'api-ports',
    changes: { [DEPLOYMENT]: (d) => (d.spec.template.spec.containers[0].ports[0].name = 'http-with-a-long-name') },
    file: DEPLOYMENT,
    path: `${CONTAINER}.ports[0].name`,
    message: 'port name "http-with-a-long-name": must be no more than 15 characters',
  },
  {
    name: 'a Service port of 0',
    rule: 'api-ports',
    changes: { [SERVICE]: (d) => (d.spec.ports[0].port = 0) },
    file: SERVICE,
    path: '$.spec.ports[0].port',
    message: 'Service port 0 must be between 1 and 65535',
  },
  {
    name: 'privileged together with allowPrivilegeEscalation: false',
    rule: 'api-security-context',
    changes: { [DEPLOYMENT]: (d) => (d.spec.template.spec.containers[0].securityContext.privileged = true) },
    file: DEPLOYMENT,
    path: `${CONTAINER}.securityContext.allowPrivilegeEscalation`,
    message: 'allowPrivilegeEscalation: false together with privileged: true',
  },
  {
    name: 'a ConfigMap over 1 MiB',
    rule: 'api-config-data',
    changes: { [CONFIG_MAP]: (d) => (d.data.BIG = 'x'.repeat(1024 * 1024)) },
    file: CONFIG_MAP,
    path: '$.data',
    message: 'ConfigMap data is',
  },
  {
    name: 'a ConfigMap key with a slash',
    rule: 'api-config-data',
    changes: { [CONFIG_MAP]: (d) => (d.data['a/b'] = 'x') },
    file: CONFIG_MAP,
    path: "$.data['a/b']",
    message: 'key "a/b"',
  },
  {
    name: 'duplicate env var names (list-map key name)',
    rule: 'api-list-map-keys',
    changes: {
      [DEPLOYMENT]: (d) => d.spec.template.spec.containers[0].env.push({ name: 'LOG_LEVEL', value: 'debug' }),
    },
    file: DEPLOYMENT,
    path: `${CONTAINER}.env[2]`,
    message: 'duplicate entry (name="LOG_LEVEL"): the same key as item 0',
  },
  {
    name: 'duplicate container ports (containerPort + protocol, protocol defaulting to TCP)',
    rule: 'api-list-map-keys',
    changes: {
      [DEPLOYMENT]: (d) => d.spec.template.spec.containers[0].ports.push({ name: 'http2', containerPort: 3000 }),
    },
    file: DEPLOYMENT,
    path: `${CONTAINER}.ports[1]`,
    message: 'duplicate entry (containerPort=3000, protocol="TCP")',
  },
  {
    name: 'duplicate volume mounts',
    rule: 'api-list-map-keys',
    changes: {
      [DEPLOYMENT]: (d) => {
        d.spec.template.spec.containers[0].volumeMounts = [
          { name: 'tmp', mountPath: '/tmp' },
          { name: 'tmp', mountPath: '/tmp' },
        ];
      },
    },
    file: DEPLOYMENT,
    path: `${CONTAINER}.volumeMounts[1]`,
    message: 'duplicate entry (mountPath="/tmp")',
  },
  {
    name: 'an int32 overflow',
    rule: 'schema',
    changes: { [DEPLOYMENT]: (d) => (d.spec.template.spec.containers[0].readinessProbe.periodSeconds = 4294967296) },
    file: DEPLOYMENT,
    path: `${CONTAINER}.readinessProbe.periodSeconds`,
    message: 'value 4294967296 (number) overflows int32',
  },
];

describe('API-server rules beyond OpenAPI', () => {
  it('passes the passing fixture', async () => {
    expect(findingsOf(await validateFixture())).toEqual([]);
  });

  for (const testCase of CASES) {
    it(`${testCase.rule}: fails ${testCase.name}`, async () => {
      const report = await validateFixture(testCase.changes);
      const found = findingsOf(report).filter((f) => f.rule === testCase.rule && f.path === testCase.path);
      expect(found).toEqual([
        expect.objectContaining({
          file: `generated/fixture/${testCase.file}`,
          message: expect.stringContaining(testCase.message),
          line: expect.any(Number),
        }),
      ]);
    });
  }

  it('api-ports: passes named probe ports and a single unnamed Service port', async () => {
    const report = await validateFixture({ [SERVICE]: (d) => delete d.spec.ports[0].name });
    expect(findingsOf(report).filter((f) => f.rule.startsWith('api-'))).toEqual([]);
  });

  it('api-object-name: a CronJob name over 52 characters fails, 52 passes', async () => {
    const cronJob = (name: string) => `apiVersion: batch/v1
kind: CronJob
metadata: { name: ${name}, namespace: web, labels: { app.kubernetes.io/name: web, app.kubernetes.io/managed-by: cdk8s } }
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }
          containers:
            - name: job
              image: web:1.0.0@sha256:5c7a288f535661e7067bd5b72541b81de9eb84e83ff534a7d8da49042f2e968b
              resources: { requests: { cpu: 10m, memory: 64Mi }, limits: { memory: 64Mi } }
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
`;
    const long = await validateFixture({ 'web/cronjob.yaml': cronJob('c'.repeat(53)) });
    expect(findingsOf(long).map((f) => [f.rule, f.path])).toEqual([['api-object-name', '$.metadata.name']]);
    expect(findingsOf(await validateFixture({ 'web/cronjob.yaml': cronJob('c'.repeat(52)) }))).toEqual([]);
  });
});
