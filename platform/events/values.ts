import type { HelmValues } from '../shared/helm-application';

/**
 * Values of the strimzi-kafka-operator chart. The operator watches only its own namespace (the chart's default,
 * `watchNamespaces: []`), where the Kafka cluster lives. Strimzi's "restricted" pod security provider makes every
 * pod it creates (brokers, controllers, entity operator, Kafka Exporter) meet the Pod Security Standard
 * "restricted"; without it Strimzi only sets what the baseline profile needs.
 */
export function strimziValues(): HelmValues {
  return {
    // One operator: while it restarts nothing reconciles, but the brokers keep serving (it is not on the data path).
    replicas: 1,
    extraEnvs: [{ name: 'STRIMZI_POD_SECURITY_PROVIDER_CLASS', value: 'restricted' }],
    // Strimzi writes NetworkPolicies for its operands: brokers admit only the listener's networkPolicyPeers.
    generateNetworkPolicy: true,
    generatePodDisruptionBudget: true,
  };
}
