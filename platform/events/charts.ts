import { chartInstalls, type ChartInstallsTable } from '../../lib/converge/chart-installs';
import type { ChartPin } from '../shared/helm-application';

/**
 * Strimzi's cluster operator, OCI chart at quay.io/strimzi-helm (source: github.com/strimzi/strimzi-kafka-operator,
 * helm-charts/helm3/strimzi-kafka-operator; release 1.2.0, 2026-08-18). The chart version is the Strimzi release.
 */
export const STRIMZI_CHART: ChartPin = {
  chart: 'strimzi-kafka-operator',
  repoURL: 'quay.io/strimzi-helm',
  version: '1.2.0',
};

/** The chart's service account (values `serviceAccount`, default `strimzi-cluster-operator`). */
export const STRIMZI_OPERATOR_SERVICE_ACCOUNT = 'strimzi-cluster-operator';

const STRIMZI_CRDS = [
  ...[
    'Kafka',
    'KafkaBridge',
    'KafkaConnect',
    'KafkaConnector',
    'KafkaMirrorMaker2',
    'KafkaNodePool',
    'KafkaRebalance',
    'KafkaTopic',
    'KafkaUser',
  ].map((kind) => `kafka.strimzi.io/${kind}`),
  'core.strimzi.io/StrimziPodSet',
];

/** What the strimzi-kafka-operator chart installs (see lib/converge/chart-installs.ts): CRDs in its crds/, no webhooks. */
export const STRIMZI_INSTALLS: ChartInstallsTable = {
  chart: 'strimzi-kafka-operator',
  allCrds: STRIMZI_CRDS,
  installs: (release) =>
    chartInstalls({
      crds: STRIMZI_CRDS,
      serviceAccounts: [{ namespace: release.namespace, name: STRIMZI_OPERATOR_SERVICE_ACCOUNT }],
    }),
};
