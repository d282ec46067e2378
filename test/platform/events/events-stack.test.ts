import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHART_CATALOG } from '../../../lib/converge/chart-catalog';
import { formatProblem } from '../../../lib/converge/format';
import { infraFacts } from '../../../lib/converge/infra-facts';
import { simulateFirstSync } from '../../../lib/converge/simulate';
import type { ClusterTree, TreeDocument } from '../../../lib/converge/tree';
import { KAFKA_BOOTSTRAP_SERVERS, KAFKA_CLUSTER, KAFKA_NAMESPACE } from '../../../lib/events/names';
import type { AppSpec } from '../../../lib/model/app-spec';
import type { ClusterDefinition } from '../../../lib/model/cluster';
import { resolveProject } from '../../../lib/project/resolve';
import { generateTree } from '../../../lib/synth/generate';
import { STRIMZI_CHART } from '../../../platform/events/charts';
import { project } from '../../support/project';
import { cronJob, field, productionCluster, render, stagingCluster, webService, worker } from '../fixtures';
import { apps, PRODUCTION_BUS, withBus } from './fixtures';

const kinds = (rendered: ReturnType<typeof render>, kind: string) =>
  rendered.objects().filter(({ object }) => object.kind === kind);

describe('the event bus unit', () => {
  it('installs the pinned Strimzi operator before the Kafka cluster, and topics and users after it', () => {
    const rendered = render(withBus(stagingCluster()), apps());
    const application = rendered.object('events/application-helm-strimzi-kafka-operator.yaml');
    expect(application).toMatchObject({
      metadata: { annotations: { 'argocd.argoproj.io/sync-wave': '-1' } },
      spec: {
        source: {
          repoURL: STRIMZI_CHART.repoURL,
          chart: STRIMZI_CHART.chart,
          targetRevision: STRIMZI_CHART.version,
          helm: {
            valuesObject: {
              extraEnvs: [{ name: 'STRIMZI_POD_SECURITY_PROVIDER_CLASS', value: 'restricted' }],
              generateNetworkPolicy: true,
            },
          },
        },
        destination: { namespace: KAFKA_NAMESPACE },
      },
    });
    const wave = (path: string) =>
      Number(field(rendered.object(path), 'metadata.annotations')?.['argocd.argoproj.io/sync-wave' as never] ?? 0);
    expect(wave(`events/kafka-${KAFKA_CLUSTER}.yaml`)).toBe(0);
    expect(wave('events/kafkanodepool-broker.yaml')).toBe(0);
    for (const { path } of [...kinds(rendered, 'KafkaTopic'), ...kinds(rendered, 'KafkaUser')])
      expect(wave(path)).toBe(1);
  });

  it('sizes a small cluster as one combined broker and a production one with dedicated controllers', () => {
    const small = render(withBus(stagingCluster()), apps());
    expect(field(small.object('events/kafkanodepool-broker.yaml'), 'spec')).toMatchObject({
      replicas: 1,
      roles: ['controller', 'broker'],
      storage: { type: 'persistent-claim', size: '20Gi', deleteClaim: false },
    });
    expect(small.has('events/kafkanodepool-controller.yaml')).toBe(false);
    expect(field(small.object('events/kafka-events.yaml'), 'spec.kafka.config')).toMatchObject({
      'default.replication.factor': 1,
      'min.insync.replicas': 1,
      'auto.create.topics.enable': false,
    });

    const large = render(withBus(productionCluster(), PRODUCTION_BUS), apps());
    expect(field(large.object('events/kafkanodepool-broker.yaml'), 'spec')).toMatchObject({
      replicas: 3,
      roles: ['broker'],
      storage: { size: '500Gi' },
      resources: { requests: { memory: '8192Mi' }, limits: { memory: '8192Mi' } },
    });
    expect(field(large.object('events/kafkanodepool-broker.yaml'), 'spec.resources.limits.cpu')).toBeUndefined();
    expect(field(large.object('events/kafkanodepool-controller.yaml'), 'spec')).toMatchObject({
      replicas: 3,
      roles: ['controller'],
    });
    expect(field(large.object('events/kafka-events.yaml'), 'spec.kafka')).toMatchObject({
      rack: { topologyKey: 'topology.kubernetes.io/zone' },
      config: { 'default.replication.factor': 3, 'min.insync.replicas': 2, 'offsets.topic.replication.factor': 3 },
    });
    expect(field(large.object('events/kafkatopic-orders.created.yaml'), 'spec')).toEqual({
      partitions: 12,
      replicas: 3,
      config: { 'retention.ms': 72 * 3_600_000, 'min.insync.replicas': 2 },
    });
  });

  it('grants each app exactly its declarations: Write/Describe to produce, Read/Describe to consume, Read on its group', () => {
    const rendered = render(withBus(stagingCluster()), apps());
    const acls = (user: string) => field(rendered.object(`events/kafkauser-${user}.yaml`), 'spec.authorization.acls');
    expect(acls('gateway')).toEqual([
      {
        resource: { type: 'topic', name: 'orders.created', patternType: 'literal' },
        operations: ['Describe', 'Write'],
      },
    ]);
    expect(acls('worker')).toEqual([
      { resource: { type: 'topic', name: 'mails.sent', patternType: 'literal' }, operations: ['Describe', 'Write'] },
      { resource: { type: 'topic', name: 'orders.created', patternType: 'literal' }, operations: ['Describe', 'Read'] },
      { resource: { type: 'group', name: 'notifications', patternType: 'literal' }, operations: ['Read'] },
    ]);
    expect(field(rendered.object('events/kafkauser-worker.yaml'), 'spec.authentication')).toEqual({
      type: 'scram-sha-512',
    });
    // The cron job declares nothing: no user, no credentials, no access.
    expect(rendered.has('events/kafkauser-report.yaml')).toBe(false);
    expect(rendered.paths.filter((path) => path.startsWith('report/') && path.includes('kafka'))).toEqual([]);
  });

  it('one app producing and consuming a topic gets one ACL with both sides, and its group', () => {
    const rendered = render(withBus(stagingCluster()), [
      worker({ events: { produces: [{ name: 'jobs', schema: 'schemas/jobs.avsc' }], consumes: [{ topic: 'jobs' }] } }),
    ]);
    expect(field(rendered.object('events/kafkauser-worker.yaml'), 'spec.authorization.acls')).toEqual([
      { resource: { type: 'topic', name: 'jobs', patternType: 'literal' }, operations: ['Describe', 'Read', 'Write'] },
      { resource: { type: 'group', name: 'worker', patternType: 'literal' }, operations: ['Read'] },
    ]);
  });

  it("carries each app's credentials into its namespace through a Role that names exactly its two Secrets", () => {
    const rendered = render(withBus(stagingCluster()), apps());
    expect(field(rendered.object('events/role-kafka-credentials-worker.yaml'), 'rules')).toEqual([
      {
        apiGroups: [''],
        resources: ['secrets'],
        resourceNames: [`${KAFKA_CLUSTER}-cluster-ca-cert`, 'worker'],
        verbs: ['get'],
      },
    ]);
    expect(rendered.object('events/rolebinding-kafka-credentials-worker.yaml')).toMatchObject({
      roleRef: { kind: 'Role', name: 'kafka-credentials-worker' },
      subjects: [{ kind: 'ServiceAccount', name: 'kafka-credentials-reader', namespace: 'worker' }],
    });
    // Namespaced RBAC only: nothing cluster-wide, no list or watch.
    expect(kinds(rendered, 'ClusterRole')).toEqual([]);
    expect(rendered.object('worker/serviceaccount-kafka-credentials-reader.yaml')).toMatchObject({
      automountServiceAccountToken: false,
    });
    expect(field(rendered.object('worker/secretstore-kafka.yaml'), 'spec.provider.kubernetes')).toMatchObject({
      remoteNamespace: KAFKA_NAMESPACE,
      auth: { serviceAccount: { name: 'kafka-credentials-reader' } },
    });
    expect(field(rendered.object('worker/externalsecret-worker-kafka.yaml'), 'spec')).toMatchObject({
      secretStoreRef: { kind: 'SecretStore', name: 'kafka' },
      target: { name: 'worker-kafka' },
      data: [
        { secretKey: 'KAFKA_CA_CERT', remoteRef: { key: `${KAFKA_CLUSTER}-cluster-ca-cert`, property: 'ca.crt' } },
        { secretKey: 'KAFKA_PASSWORD', remoteRef: { key: 'worker', property: 'password' } },
        { secretKey: 'KAFKA_SASL_JAAS_CONFIG', remoteRef: { key: 'worker', property: 'sasl.jaas.config' } },
      ],
    });
  });

  it('gives the app its connection settings as config and its credentials as secret variables', () => {
    const rendered = render(withBus(stagingCluster()), apps());
    expect(field(rendered.object('worker/configmap-worker-config.yaml'), 'data')).toMatchObject({
      KAFKA_BOOTSTRAP_SERVERS,
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_USERNAME: 'worker',
      KAFKA_CONSUMER_GROUP: 'notifications',
      KAFKA_TOPIC_ORDERS_CREATED: 'orders.created',
      KAFKA_TOPIC_MAILS_SENT: 'mails.sent',
    });
    expect(
      field(rendered.object('gateway/configmap-gateway-config.yaml'), 'data.KAFKA_CONSUMER_GROUP'),
    ).toBeUndefined();
    const env = field(rendered.object('worker/deployment-worker.yaml'), 'spec.template.spec.containers.0.env') as {
      name: string;
      valueFrom: { secretKeyRef: { name: string } };
    }[];
    expect(
      env.filter((entry) => entry.valueFrom.secretKeyRef.name === 'worker-kafka').map((entry) => entry.name),
    ).toEqual(['KAFKA_CA_CERT', 'KAFKA_PASSWORD', 'KAFKA_SASL_JAAS_CONFIG']);
  });

  it('lets exactly the apps on the bus reach the brokers, on the client port', () => {
    const rendered = render(withBus(stagingCluster()), apps());
    const peers = field(rendered.object('events/kafka-events.yaml'), 'spec.kafka.listeners.0.networkPolicyPeers') as {
      namespaceSelector: { matchLabels: Record<string, string> };
    }[];
    expect(peers.map((peer) => peer.namespaceSelector.matchLabels['kubernetes.io/metadata.name'])).toEqual([
      'gateway',
      'worker',
      KAFKA_NAMESPACE, // the load-test drill, in the Kafka namespace only platform admins write
    ]);
    const egressToKafka = (app: string) =>
      (
        field(rendered.object(`${app}/networkpolicy-${app}.yaml`), 'spec.egress') as {
          to?: { namespaceSelector?: { matchLabels: Record<string, string> } }[];
          ports?: unknown;
        }[]
      ).filter((rule) =>
        rule.to?.some((peer) => peer.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] === KAFKA_NAMESPACE),
      );
    expect(egressToKafka('worker')).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': KAFKA_NAMESPACE } },
            podSelector: {
              matchLabels: {
                'strimzi.io/cluster': KAFKA_CLUSTER,
                'strimzi.io/kind': 'Kafka',
                'strimzi.io/broker-role': 'true',
              },
            },
          },
        ],
        ports: [{ port: 9093, protocol: 'TCP' }],
      },
    ]);
    expect(egressToKafka('report')).toEqual([]);
    expect(field(rendered.object('events/networkpolicy-default-deny-ingress.yaml'), 'spec')).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
    });
  });

  it('renders nothing of the bus where platform.events is off', () => {
    const rendered = render(stagingCluster(), [webService(), worker(), cronJob()]);
    expect(rendered.paths.filter((path) => path.startsWith('events/') || path.includes('kafka'))).toEqual([]);
  });
});

/** A fixture project's cluster tree as converge reads it from generated/. */
function fixtureTree(
  definition: ClusterDefinition,
  specs: readonly AppSpec[],
): { tree: ClusterTree; facts: ReturnType<typeof infraFacts> } {
  const enabled = { ...definition, apps: Object.fromEntries(specs.map((spec) => [spec.name, {}])) };
  const input = project(specs, [enabled], {
    [definition.name]: Object.fromEntries(specs.map((s) => [s.name, { tag: '1.0.0' }])),
  });
  const [cluster] = resolveProject(input);
  const folders = new Map<string, TreeDocument[]>();
  for (const file of generateTree(input, { resolved: [cluster!] })) {
    const folder = `generated/${file.path.split('/').slice(0, 2).join('/')}`;
    folders.set(folder, [
      ...(folders.get(folder) ?? []),
      { file: `generated/${file.path}`, object: parse(file.content) as Record<string, unknown> },
    ]);
  }
  return {
    tree: { cluster: definition.name, rootPath: `generated/${definition.name}/argocd`, folders },
    facts: infraFacts(cluster!),
  };
}

function without(
  tree: ClusterTree,
  drop: (document: TreeDocument) => boolean,
  change: (object: Record<string, unknown>) => Record<string, unknown> = (o) => o,
): ClusterTree {
  return {
    ...tree,
    folders: new Map(
      [...tree.folders].map(([folder, documents]) => [
        folder,
        documents.filter((d) => !drop(d)).map((d) => ({ ...d, object: change(d.object as Record<string, unknown>) })),
      ]),
    ),
  };
}

describe('converge: the first sync of a cluster with the event bus', () => {
  const definition = withBus(stagingCluster({ argocd: undefined }));

  it('converges: operator and CRDs, then Kafka and its CA, then users, whose Secrets the apps copy', () => {
    const { tree, facts } = fixtureTree(definition, apps());
    const result = simulateFirstSync(tree, facts, CHART_CATALOG);
    expect(result.problems.map(formatProblem)).toEqual([]);
    const available = result.timeline.flatMap((step) => step.available);
    const at = (text: string) => available.findIndex((entry) => entry.includes(text));
    expect(at('CRDs kafka.strimzi.io')).toBeGreaterThanOrEqual(0);
    expect(at('CRDs kafka.strimzi.io')).toBeLessThan(at(`Secret ${KAFKA_NAMESPACE}/${KAFKA_CLUSTER}-cluster-ca-cert`));
    expect(at(`Secret ${KAFKA_NAMESPACE}/${KAFKA_CLUSTER}-cluster-ca-cert`)).toBeLessThan(
      at(`Secret ${KAFKA_NAMESPACE}/worker`),
    );
    expect(at(`Secret ${KAFKA_NAMESPACE}/worker`)).toBeLessThan(at('SecretStore worker/kafka'));
  });

  it('fails when an app copies credentials no KafkaUser produces', () => {
    const { tree, facts } = fixtureTree(definition, apps());
    const broken = without(
      tree,
      ({ object }) => object.kind === 'KafkaUser' && (object.metadata as { name: string }).name === 'worker',
    );
    expect(simulateFirstSync(broken, facts, CHART_CATALOG).problems.map(formatProblem)).toEqual(
      [
        expect.stringContaining(
          'ExternalSecret worker/worker-kafka (Application worker, sync wave 0, wave 0 in its folder): it copies Secret kafka/worker, which does not exist yet',
        ),
        expect.stringContaining('it copies Secret kafka/worker, which does not exist yet'),
      ]
        .slice(0, 1)
        .concat([]),
    );
  });

  it('fails when the Kafka cluster is applied in the operator wave, before its CRD exists', () => {
    const { tree, facts } = fixtureTree(definition, apps());
    const early = without(
      tree,
      () => false,
      (object) =>
        object.kind === 'Kafka'
          ? {
              ...object,
              metadata: { ...(object.metadata as object), annotations: { 'argocd.argoproj.io/sync-wave': '-1' } },
            }
          : object,
    );
    expect(simulateFirstSync(early, facts, CHART_CATALOG).problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        /kafka-events\.yaml: Kafka kafka\/events .*its CRD kafka\.strimzi\.io\/Kafka does not exist yet/,
      ),
    ]);
  });
});
