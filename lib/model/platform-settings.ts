import type { AlertsSpec } from './app-spec';

/**
 * Platform components a cluster can run. Each renders into `generated/<cluster>/<component>/` and is
 * enabled by its key in `PlatformSettings`.
 */
export enum PlatformComponent {
  MONITORING = 'monitoring',
  LOGGING = 'logging',
  EXTERNAL_SECRETS = 'external-secrets',
  INGRESS = 'ingress',
  /** Karpenter: its controller, the EC2NodeClass and the NodePools every other pod runs on. Always on. */
  KARPENTER = 'karpenter',
  /** The default StorageClass, metrics-server and cert-manager: what other units assume a cluster has. Always on. */
  CLUSTER_ADDONS = 'cluster-addons',
  /** Alertmanager's receiver credentials: an optional unit, on with monitoring (see platform/monitoring/alert-receivers.ts). */
  ALERT_RECEIVERS = 'alert-receivers',
  /** Kafka (Strimzi operator, KRaft) with the topics and users the apps declare (docs/events.md). */
  EVENTS = 'events',
}

/** The upstream Helm charts the platform installs through Argo CD; each has a pinned default version. */
export type PlatformChart =
  | 'kube-prometheus-stack'
  | 'loki'
  | 'alloy'
  | 'external-secrets'
  | 'aws-load-balancer-controller'
  | 'external-dns'
  | 'karpenter'
  | 'metrics-server'
  | 'cert-manager'
  | 'strimzi-kafka-operator';

/**
 * Alertmanager receivers. Their credentials (Slack webhook URL, PagerDuty routing key) live in the AWS
 * Secrets Manager secret `platformSecretName(cluster, 'alertmanager')` (see lib/naming.ts) and reach
 * Alertmanager as files through an ExternalSecret: they never appear in git.
 */
export interface AlertingSettings {
  /** Slack channel for tickets (warnings), and for pages too when `pagerDuty` is false, e.g. `#alerts-staging`. */
  readonly slackChannel: string;
  /**
   * Page through PagerDuty (JSON property `pagerduty-routing-key` of the secret); otherwise pages go to Slack.
   * @default false
   */
  readonly pagerDuty?: boolean;
  /**
   * Dead man's switch: Watchdog goes to this heartbeat receiver. Required in production.
   * @default none: Watchdog is dropped (staging)
   */
  readonly heartbeat?: HeartbeatSettings;
}

/** Who receives the always-firing Watchdog alert, the dead man's switch of the alerting pipeline. */
export enum HeartbeatProvider {
  /** A PagerDuty heartbeat monitor: pages when its ping URL is not called for its interval. */
  PAGERDUTY = 'pagerduty',
  /** A healthchecks.io-style check (Healthchecks, Dead Man's Snitch, Cronitor): alerts when pings stop. */
  HEALTHCHECKS = 'healthchecks',
}

/**
 * Alertmanager sends Watchdog to a ping URL every minute; the provider alerts a human when the pings stop
 * (Prometheus, Alertmanager or the route to the internet is down). The URL is the JSON property
 * `heartbeat-url` of the alertmanager secret in AWS Secrets Manager, never in git.
 */
export interface HeartbeatSettings {
  readonly provider: HeartbeatProvider;
}

/** kube-prometheus-stack: Prometheus Operator, Prometheus, Alertmanager, Grafana, node-exporter, kube-state-metrics. */
export interface MonitoringSettings {
  /** Prometheus replicas; 2 or more for HA (each scrapes everything). */
  readonly prometheusReplicas: number;
  readonly prometheusRetentionDays: number;
  /** Persistent volume per Prometheus replica. */
  readonly prometheusStorageGi: number;
  readonly alertmanagerReplicas: number;
  readonly grafanaReplicas: number;
  /** @default the cluster's default StorageClass */
  readonly storageClassName?: string;
  readonly alerting: AlertingSettings;
  /**
   * Standard alert thresholds for every app of the cluster; an app's own `alerts` and the cluster's
   * `apps.<app>.alerts` win over them. `minRequestsPerSecond` is per app only.
   * @default DEFAULTS (lib/model/defaults.ts)
   */
  readonly alertDefaults?: AlertsSpec;
}

/**
 * How Loki runs: the Loki chart's `deploymentMode`. The chart's simple scalable mode (read, write, backend) is
 * deprecated and removed in Loki 4, so it is not offered.
 */
export enum LokiMode {
  /** Every Loki component in one process (the chart's `Monolithic`, a single-binary StatefulSet). */
  MONOLITHIC = 'monolithic',
  /**
   * Loki as microservices (the chart's `Distributed`): distributors, ingesters in three zones, queriers, query
   * frontends and schedulers, index gateways and one compactor; every component with more than one replica
   * has a PodDisruptionBudget.
   */
  DISTRIBUTED = 'distributed',
}

/** Loki on S3 and Grafana Alloy shipping pod logs. */
export interface LoggingSettings {
  /** @default logRetentionDays(environment) in lib/naming.ts: 30 in staging, 90 in production, as infra's bucket lifecycle */
  readonly retentionDays?: number;
  /** How Loki runs; see LokiMode. */
  readonly lokiMode: LokiMode;
  /**
   * Monolithic: single-binary replicas (replication factor min(3, replicas); 1 is not highly available).
   * Distributed: replicas of every component on the write and read paths (distributors, ingesters, queriers,
   * query frontends, query schedulers, index gateways), at least 3: replication factor 3 with the ingesters
   * split over three zones. Each replica needs a node of its own (the chart's hard pod anti-affinity).
   */
  readonly lokiReplicas: number;
  /**
   * Memory of the memcached chunks cache in MiB; distributed mode only (monolithic Loki runs without memcached).
   * @default DEFAULTS.lokiChunksCacheMi (2048; the chart's own 8192 would take half of a 16 GiB node)
   */
  readonly lokiChunksCacheMi?: number;
}

/** External Secrets Operator and the ClusterSecretStore for AWS Secrets Manager in the cluster's region. */
export interface ExternalSecretsSettings {
  readonly replicas: number;
  /** How often every ExternalSecret re-reads Secrets Manager. @default 60 */
  readonly refreshIntervalMinutes?: number;
}

/** AWS Load Balancer Controller, external-dns for Route53, and the ALB settings of every public Ingress. */
export interface IngressSettings {
  readonly controllerReplicas: number;
  /**
   * ACM certificate for every public host (an output of infra).
   * @default none: the controller discovers the ACM certificate matching each Ingress host
   */
  readonly certificateArn?: string;
  /**
   * WAFv2 web ACL ARN.
   * @default the web ACL named `wafWebAclName(cluster)` (lib/naming.ts), referenced by name
   */
  readonly wafAclArn?: string;
  /** @default DEFAULT_SSL_POLICY (TLS 1.3 and 1.2 only) */
  readonly sslPolicy?: string;
}

/**
 * The platform components a cluster runs and how big they are. A component is enabled when its key is
 * present. Lives in `clusters/<cluster>.ts` under `platform`.
 */
export interface PlatformSettings {
  readonly monitoring?: MonitoringSettings;
  readonly logging?: LoggingSettings;
  readonly externalSecrets?: ExternalSecretsSettings;
  readonly ingress?: IngressSettings;
  /** Kafka for the topics apps declare in `events` (docs/events.md). @default none: apps cannot declare topics */
  readonly events?: EventsSettings;
  /**
   * Karpenter's NodePools: capacity type of the general pool, limits per pool, consolidation. Karpenter runs in
   * every cluster; this only changes its defaults.
   * @default DEFAULTS (lib/model/defaults.ts) and the environment's capacity type (see NodesSettings)
   */
  readonly nodes?: NodesSettings;
  /**
   * Chart versions that differ from the pinned defaults (platform/<component>/charts.ts), for example to try a
   * new version in staging first.
   * @default the pinned defaults
   */
  readonly chartVersions?: Readonly<Partial<Record<PlatformChart, string>>>;
}

/** Karpenter NodePools: where pods run. The managed node group is only the small, tainted system pool. */
export enum NodePool {
  /** Untainted: every pod that asks for nothing else. On-demand in production, spot (with on-demand fallback) in staging. */
  GENERAL = 'general',
  /** Spot only, tainted: cron jobs by default, and work that tolerates interruption. */
  SPOT = 'spot',
  /** On-demand, tainted: only apps that ask for it (`nodePool: 'dedicated'`) run there. */
  DEDICATED = 'dedicated',
}

/** EC2 capacity types Karpenter may launch for a pool (its `karpenter.sh/capacity-type` requirement). */
export enum CapacityType {
  ON_DEMAND = 'on-demand',
  SPOT = 'spot',
}

/** The most one NodePool may launch in total: Karpenter stops adding nodes at these limits. */
export interface NodePoolLimits {
  /** Sum of the pool's vCPUs. @default DEFAULTS.nodePoolLimits[pool].cpu */
  readonly cpu?: number;
  /** Sum of the pool's memory in GiB. @default DEFAULTS.nodePoolLimits[pool].memoryGi */
  readonly memoryGi?: number;
}

/** How Karpenter sizes and replaces the cluster's nodes. */
export interface NodesSettings {
  /**
   * Capacity of the general pool: spot first (falling back to on-demand when no spot capacity is offered), or
   * on-demand only.
   * @default CapacityType.ON_DEMAND in production, CapacityType.SPOT elsewhere
   */
  readonly generalCapacity?: CapacityType;
  /** @default DEFAULTS.nodePoolLimits */
  readonly limits?: Readonly<Partial<Record<NodePool, NodePoolLimits>>>;
  /** How long a node stays empty or underused before Karpenter consolidates it. @default DEFAULTS.consolidateAfterMinutes */
  readonly consolidateAfterMinutes?: number;
  /**
   * AL2023 AMI version of the EC2NodeClass (`al2023@<version>`, e.g. `v20260801`); a new value rolls every node
   * through Karpenter's drift, within the disruption budget.
   * @default DEFAULTS.nodeAmiVersion
   */
  readonly amiVersion?: string;
  /** Nodes are replaced after this age (fresh AMIs, no long-lived drift). @default DEFAULTS.nodeExpireAfterHours */
  readonly expireAfterHours?: number;
}

/**
 * The cluster's Kafka (Strimzi, KRaft): broker and controller counts, disk, replication. Sizing reasoning in
 * docs/events.md.
 */
export interface EventsSettings {
  /** Broker pods, spread over zones (rack awareness places each partition's replicas in different zones). */
  readonly brokers: number;
  /**
   * Dedicated KRaft controllers: 3 (or 5) for a quorum that survives a lost zone. 0 makes the brokers the
   * controllers too (combined roles: fine for a small cluster, but a broker restart is then a quorum member's).
   * An odd number: a quorum of an even size tolerates no more failures than one fewer.
   * @default 0
   */
  readonly controllers?: number;
  /** One persistent volume per broker (gp3 EBS, bound to its zone), in GiB. */
  readonly brokerStorageGi: number;
  /** @default DEFAULTS.kafkaBrokerCpuRequestMilli */
  readonly brokerCpuRequestMilli?: number;
  /** Memory request and limit of a broker (the JVM heap is a fraction of it; the page cache is the rest). @default DEFAULTS.kafkaBrokerMemoryMi */
  readonly brokerMemoryMi?: number;
  /** Copies of every partition. @default min(3, brokers) */
  readonly replicationFactor?: number;
  /**
   * In-sync copies a write with `acks=all` needs; below it producers get errors rather than losing data.
   * @default replicationFactor - 1 (at least 1)
   */
  readonly minInsyncReplicas?: number;
  /** @default the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** Apache Kafka version the brokers run; must be one the pinned operator supports. @default DEFAULTS.kafkaVersion */
  readonly kafkaVersion?: string;
}

/** ALB TLS policy: TLS 1.3 and 1.2 with forward secrecy. */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
