import { repositoryFileUrl } from '../repository';

/**
 * Every default the generator applies, in one place. Apps override them in their spec, clusters per app in
 * their definition. Nothing else in the engine invents a value.
 */
export const DEFAULTS = {
  cpuRequestMilli: 100,
  /** Kafka topics (EventsSpec): partitions and retention of a declared topic, consumer-lag alert threshold. */
  topicPartitions: 6,
  topicRetentionHours: 168,
  consumerLagMessages: 1000,
  /** Kafka brokers (EventsSettings). 4.2.0 is supported by Strimzi 1.2.0 (its kafka-versions.yaml). */
  kafkaVersion: '4.2.0',
  kafkaBrokerCpuRequestMilli: 500,
  kafkaBrokerMemoryMi: 2048,
  memoryRequestMi: 128,
  memoryLimitMi: 256,
  cpuTargetPercent: 70,
  replicas: 1,
  /** The most replicas (or autoscaling maxReplicas) an app may ask for: above this a value is surely a typo. */
  maxReplicas: 1000,
  /** What a ConfigMap may hold in all (keys and values): the Kubernetes API's limit, 1 MiB. */
  configMapMaxBytes: 1024 * 1024,
  probePeriodSeconds: 10,
  probeFailureThreshold: 3,
  startupProbeFailureThreshold: 30,
  metricsPath: '/metrics',
  ingressPath: '/',
  ingressClassName: 'alb',
  /** Non-root UID and GID the containers run as; images must not need root. */
  runAsUser: 10001,
  terminationGracePeriodSeconds: 30,
  /**
   * Web service pods keep serving this long after they are told to stop, while load balancers and
   * kube-proxy stop sending them new requests; must stay below terminationGracePeriodSeconds.
   */
  preStopSleepSeconds: 10,
  /** Scratch space for the read-only root filesystem. */
  tmpSizeLimitMi: 64,
  revisionHistoryLimit: 5,
  cronTimeZone: 'Etc/UTC',
  cronBackoffLimit: 2,
  cronHistoryLimit: 3,
  cronStartingDeadlineSeconds: 300,
  /** Finished Jobs are cleaned up after a day. */
  cronTtlSecondsAfterFinished: 86400,
  httpRequestsMetric: 'http_requests_total',
  httpStatusCodeLabel: 'code',
  httpDurationHistogram: 'http_request_duration_seconds',
  sloWindowDays: 30,
  sloLatencyPercent: 99,
  /** Requests each window of a burn-rate alert must hold before it may fire (SloSpec.minEventsPerWindow). */
  sloMinEventsPerWindow: 20,
  /** Standard alert thresholds (AlertsSpec); clusters override them in platform.monitoring.alertDefaults. */
  alertUnavailableForMinutes: 3,
  alertCpuRequestPercent: 80,
  alertCpuLimitPercent: 80,
  alertMemoryLimitPercent: 80,
  alertLatencyP95Ms: 500,
  alertErrorsPerMinute: 10,
  alertErrorRatioPercent: 5,
  /** Database and cache alert thresholds (DataStoreAlertsSpec); clusters override them in platform.cloudwatch.alerts. */
  dataStoreAlerts: {
    databaseConnectionsPercent: 80,
    databaseCpuPercent: 80,
    databaseFreeStorageGi: 5,
    replicaLagSeconds: 60,
    cacheEvictionsPerMinute: 10,
    cacheMemoryPercent: 80,
    cacheCpuPercent: 80,
  },
  /** Days Tempo keeps traces (the seed: 7); the bucket lifecycle expires objects a day later. */
  traceRetentionDays: 7,
  /** Share of new traces an app's SDK records, in percent. */
  traceSamplingPercent: 10,
  /** Seconds between YACE's CloudWatch queries (its `scraping-interval`, and YACE's own default). */
  cloudwatchScrapeIntervalSeconds: 300,
  /** Where every alert's runbook_url points: a section of this file per alert, in the repository's web view. */
  runbookBaseUrl: repositoryFileUrl('docs/runbooks.md'),
  /** Bucket boundaries of a duration histogram in milliseconds: the Prometheus client libraries' default. */
  histogramBucketsMs: [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
  /** How often Prometheus scrapes app metrics. */
  scrapeInterval: '30s',
  externalSecretRefreshMinutes: 60,
  /** Namespaces that may reach app ports: Prometheus scrapes from here. */
  monitoringNamespace: 'monitoring',
  /** Memory of Loki's memcached chunks cache (distributed mode) unless `platform.logging.lokiChunksCacheMi` says otherwise. */
  lokiChunksCacheMi: 2048,
  /** Karpenter NodePool limits (vCPUs, GiB of memory): a runaway scale-up stops here. Clusters override them in platform.nodes.limits. */
  nodePoolLimits: {
    general: { cpu: 200, memoryGi: 800 },
    spot: { cpu: 100, memoryGi: 400 },
    dedicated: { cpu: 64, memoryGi: 256 },
  },
  /** Karpenter removes or replaces an empty or underused node after this long. */
  consolidateAfterMinutes: 5,
  /** Karpenter replaces every node after 30 days: patched AMIs without anyone draining by hand. */
  nodeExpireAfterHours: 720,
  /** At most this share of a pool's nodes is disrupted (consolidated, drifted, expired) at once. */
  nodeDisruptionBudgetPercent: 10,
  /** Root volume of Karpenter's nodes (gp3, encrypted). */
  nodeRootVolumeGi: 50,
  /**
   * AL2023 AMI of Karpenter's nodes: the newest EKS-optimized release for the cluster's Kubernetes version.
   * Production pins a tested version in `platform.nodes.amiVersion` (promote it from staging).
   */
  nodeAmiVersion: 'latest',
  /** Canary traffic percentages (DeliverySpec), and the minutes each step waits before its analysis. */
  canarySteps: [10, 50, 100],
  canaryPauseMinutes: 5,
  /** An analysis needs this many requests in its window to pass or fail; fewer is inconclusive (the rollout waits). */
  analysisMinRequests: 50,
  /** Blue-green: how long the previous version stays scaled up after a switch, so a failed analysis can switch back. */
  blueGreenScaleDownDelaySeconds: 600,
  /** Blue-green: minutes of real traffic the new version's SLO analysis judges after the switch. */
  blueGreenAnalysisMinutes: 5,
  /** RolloutPausedTooLong fires this many minutes after the longest pause a step asks for. */
  rolloutPausedGraceMinutes: 30,
  /** A Rollout whose new pods are not available within this long aborts and goes back to the stable version. */
  rolloutProgressDeadlineSeconds: 600,
  /** Image of HTTP smoke tests: it provides curl. Production pins it by digest in platform.rollouts.smokeHttpImage. */
  smokeHttpImage: 'curlimages/curl:8.17.0',
  /** A smoke test gives up after this long. */
  smokeTimeoutSeconds: 120,
  /** Finished smoke Jobs are deleted after an hour (their result stays in the AnalysisRun or the sync). */
  smokeTtlSecondsAfterFinished: 3600,
  /** Name of the default StorageClass (gp3, encrypted, WaitForFirstConsumer). */
  storageClassName: 'gp3',
  /**
   * OpenCost's exporter holds a few hours of allocation data in memory: the chart's 55 MiB request is far below
   * what it uses on a cluster with a few hundred pods.
   */
  opencostMemoryRequestMi: 256,
  opencostMemoryLimitMi: 1024,
  /** Days of history the right-sizing report (`npm run rightsize`) and its recording rules look at. */
  rightsizeWindowDays: 7,
  /** Recovery point objective of the cluster's resources (Velero), the 1-hour RPO of PE-611. */
  backupResourcesRpoMinutes: 60,
  /**
   * Recovery point objective of persistent volume data. The volumes hold telemetry (Prometheus, Loki's WAL,
   * Alertmanager); business data lives in RDS with its own 1-hour RPO. Four hours keeps the EBS snapshot count low.
   */
  backupVolumesRpoMinutes: 240,
  /**
   * OTLP gRPC receiver the mesh sends trace spans to: the Alloy release of the logging unit (namespace and release
   * `alloy`), where the tracing work adds an OTLP receiver that forwards to Tempo. A cluster points elsewhere with
   * `platform.mesh.tracing.otlpService`.
   */
  meshTracingService: 'alloy.alloy.svc.cluster.local',
  meshTracingPort: 4317,
  /** Share of requests the mesh traces: 1% keeps span volume small; staging may raise it. */
  meshTracingSamplingPercent: 1,
} as const;
