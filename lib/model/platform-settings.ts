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
  /** OpenCost: cost allocation by namespace, team, app and environment from the cluster's Prometheus. */
  COST = 'cost',
  /** Velero: scheduled backups of the cluster's resources and volumes into a bucket in the backup copy region. */
  BACKUP = 'backup',
  /** Argo CD's Argo Rollouts controller: canary and blue-green delivery for the apps that ask for it (`delivery`). */
  ROLLOUTS = 'rollouts',
  /** Istio in ambient mode: mTLS between app pods, AuthorizationPolicies from allowedClients (see MeshSettings). */
  MESH = 'mesh',
  /** YACE: the RDS and ElastiCache metrics of CloudWatch, their alerts and dashboard (needs AWS and monitoring). */
  CLOUDWATCH = 'cloudwatch',
  /** Tempo (traces on S3) and the OTLP receiver in Alloy that apps send their spans to (needs AWS, logging, monitoring). */
  TRACING = 'tracing',
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
  | 'opencost'
  | 'velero'
  | 'argo-rollouts'
  // Istio's charts (https://istio-release.storage.googleapis.com/charts) are named base, istiod, cni and ztunnel.
  | 'base'
  | 'istiod'
  | 'cni'
  | 'ztunnel'
  | 'prometheus-yet-another-cloudwatch-exporter'
  | 'tempo'
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
 * OpenCost (namespace `opencost`): prices every pod's requests and usage from the cluster's own Prometheus (the
 * monitoring component) with AWS list prices, and exports the cost metrics the FinOps dashboard reads. Needs
 * `monitoring`; reaches no AWS API with credentials (no role), so it runs on any cluster.
 */
export interface CostSettings {
  /** Memory request of the OpenCost exporter in MiB. @default DEFAULTS.opencostMemoryRequestMi */
  readonly memoryRequestMi?: number;
  /** Memory limit of the OpenCost exporter in MiB. @default DEFAULTS.opencostMemoryLimitMi */
  readonly memoryLimitMi?: number;
}

/**
 * Argo Rollouts: the controller that runs the Rollouts of apps with a canary or blue-green `delivery`, with
 * their analysis and smoke tests. It needs no AWS permission: ALB weights go through the Ingress annotation
 * the AWS Load Balancer Controller reads (target group verification, which would, stays off).
 */
export interface RolloutsSettings {
  /** Controller replicas; with more than one, only the leader reconciles and a disruption budget keeps one up. */
  readonly controllerReplicas: number;
  /**
   * Image of HTTP smoke tests (`smoke: { path }`): it must provide `curl`. Pin it by digest in production.
   * @default DEFAULTS.smokeHttpImage
   */
  readonly smokeHttpImage?: string;
}

/**
 * Istio in ambient mode (sidecar-less): istio-cni and the ztunnel node proxy give every enrolled app namespace
 * mutual TLS and identity-based L4 authorization, with istiod as control plane and certificate authority.
 * See docs/platform.md, "Service mesh".
 */
export interface MeshSettings {
  /** istiod replicas (its HorizontalPodAutoscaler starts here); 2 or more keeps certificates renewing while one restarts. */
  readonly istiodReplicas: number;
  /**
   * Every app namespace joins the mesh unless its app sets `mesh: false`. When false, only apps that set
   * `mesh: true` (in the app or in `apps.<app>` of the cluster file) join.
   * @default false: apps opt in one by one
   */
  readonly enrollAppsByDefault?: boolean;
  /**
   * Where the mesh sends trace spans (OpenTelemetry, OTLP over gRPC): the Alloy OTLP receiver of the tracing work.
   * @default DEFAULTS.meshTracingService and DEFAULTS.meshTracingPort
   */
  readonly tracing?: MeshTracingSettings;
}

/** The OTLP endpoint of the mesh's tracing (Istio's `opentelemetry` extension provider). */
export interface MeshTracingSettings {
  /** Fully qualified Service name of the OTLP gRPC receiver. @default DEFAULTS.meshTracingService */
  readonly otlpService?: string;
  /** @default DEFAULTS.meshTracingPort (4317, OTLP gRPC) */
  readonly otlpPort?: number;
  /** Percentage of requests traced (0-100). @default DEFAULTS.meshTracingSamplingPercent */
  readonly samplingPercent?: number;
}

/**
 * Thresholds of the database (RDS) and cache (ElastiCache) alerts; each has its default in DEFAULTS.dataStoreAlerts
 * (lib/model/defaults.ts).
 */
export interface DataStoreAlertsSpec {
  /** `DatabaseConnectionsHigh`: connections above this percentage of max_connections for 10 minutes. @default 80 */
  readonly databaseConnectionsPercent?: number;
  /** `DatabaseCpuHigh`: CPU above this percentage for 15 minutes. @default 80 */
  readonly databaseCpuPercent?: number;
  /** `DatabaseFreeStorageLow`: less free storage than this, in GiB, for 10 minutes. @default 5 */
  readonly databaseFreeStorageGi?: number;
  /** `DatabaseReplicaLagHigh` and `CacheReplicationLagHigh`: a replica this many seconds behind for 10 minutes. @default 60 */
  readonly replicaLagSeconds?: number;
  /** `CacheEvictionsHigh`: more keys evicted per minute than this, for 15 minutes. @default 10 */
  readonly cacheEvictionsPerMinute?: number;
  /** `CacheMemoryHigh`: used memory above this percentage of the node's maxmemory for 15 minutes. @default 80 */
  readonly cacheMemoryPercent?: number;
  /** `CacheCpuHigh`: the engine thread's CPU above this percentage for 15 minutes. @default 80 */
  readonly cacheCpuPercent?: number;
}

/**
 * The CloudWatch metrics of the cluster's RDS database and ElastiCache cache (infra's `databaseIdentifier` and
 * `cacheReplicationGroupId`), read by YACE (yet-another-cloudwatch-exporter) with its own Pod Identity role,
 * scraped by Prometheus, with alerts and a dashboard. Needs AWS: leave it out where there is no RDS or ElastiCache.
 */
export interface CloudWatchSettings {
  /**
   * Seconds between YACE's CloudWatch queries. Every query is billed (GetMetricData, per metric): 300 costs about
   * a fifth of 60, and RDS and ElastiCache publish one-minute data, so alerts see changes within this interval.
   * @default DEFAULTS.cloudwatchScrapeIntervalSeconds (300)
   */
  readonly scrapeIntervalSeconds?: number;
  /** @default DEFAULTS.dataStoreAlerts */
  readonly alerts?: DataStoreAlertsSpec;
}

/**
 * Traces: apps with `tracing` send OTLP to Alloy (the logging DaemonSet), which forwards them to Tempo; Tempo
 * keeps them in the S3 bucket `tempoBucketName(cluster)`; Grafana links traces to logs and back.
 */
export interface TracingSettings {
  /** Days Tempo keeps traces (its compactor deletes older blocks). @default DEFAULTS.traceRetentionDays (7) */
  readonly retentionDays?: number;
  /** Share of new traces apps record, unless an app sets its own. @default DEFAULTS.traceSamplingPercent (10) */
  readonly samplingPercent?: number;
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
  /** OpenCost cost allocation; see CostSettings. @default off */
  readonly cost?: CostSettings;
  /**
   * Velero backups (needs AWS: infra creates its bucket in the backup copy region and its Pod Identity role only
   * for clusters that set it). `backup: {}` takes every default.
   * @default none: no cluster backups
   */
  readonly backup?: BackupSettings;
  /** Argo Rollouts, for apps with a canary or blue-green `delivery`. @default not installed */
  readonly rollouts?: RolloutsSettings;
  /** Istio ambient mesh (mTLS and authorization between apps). @default none: no mesh */
  readonly mesh?: MeshSettings;
  /** Database and cache metrics from CloudWatch (needs monitoring, and AWS). @default off */
  readonly cloudwatch?: CloudWatchSettings;
  /** Tempo and the OTLP receiver (needs logging and monitoring, and AWS). @default off */
  readonly tracing?: TracingSettings;
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

/**
 * Velero's schedules and retention. Each recovery point objective (RPO) is a promise: the schedule runs twice
 * per RPO (so one failed or slow run does not break it), and an alert fires when the newest successful backup
 * is older than the RPO (platform/backup/backup-rules.ts).
 */
export interface BackupSettings {
  /**
   * Oldest the newest backup of the cluster's resources (every namespace, no volume data) may be, in minutes.
   * Half of it must divide an hour, or be whole hours dividing a day (cron).
   * @default DEFAULTS.backupResourcesRpoMinutes (60)
   */
  readonly resourcesRpoMinutes?: number;
  /**
   * The same for the backup with the persistent volumes' data (EBS CSI snapshots, in the cluster's region).
   * @default DEFAULTS.backupVolumesRpoMinutes (240)
   */
  readonly volumesRpoMinutes?: number;
  /**
   * Days every backup is kept (Velero's ttl; the bucket's object lock holds each object as long).
   * @default backupRetentionDays(environment) in lib/naming.ts: 7 in staging, 30 in production
   */
  readonly retentionDays?: number;
  /**
   * Run the daily restore drill (platform/backup/restore-drill.ts): restore the newest backup's canary into a
   * scratch namespace and check it. Its kubectl image is pinned by tag, not digest, which production refuses.
   * @default true outside production
   */
  readonly restoreDrill?: boolean;
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
