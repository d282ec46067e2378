import type { NodePool } from './platform-settings';
/** What an application runs as. Each kind renders a different set of Kubernetes objects. */
export enum WorkloadKind {
  /** A Deployment behind a Service, optionally reachable from the internet through an Ingress. */
  WEB_SERVICE = 'web-service',
  /** A Deployment with no Service: consumes queues or streams. */
  WORKER = 'worker',
  /** A CronJob that runs to completion on a schedule. */
  CRON_JOB = 'cron-job',
}

/** A named container port. The Service (web services only) exposes it under the same number. */
export interface PortSpec {
  /** IANA-style port name (lower case, at most 15 characters), referenced by probes and metrics. */
  readonly name: string;
  /** Container port, 1-65535. */
  readonly port: number;
}

/** An HTTP GET probe against one of the app's ports. */
export interface HttpProbeSpec {
  readonly path: string;
  /**
   * Name of the port to probe.
   * @default the app's first port
   */
  readonly port?: string;
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 3 (startup probes: 30, so slow starts get periodSeconds x 30) */
  readonly failureThreshold?: number;
  /** @default 0 */
  readonly initialDelaySeconds?: number;
}

export interface ProbesSpec {
  readonly liveness?: HttpProbeSpec;
  readonly readiness?: HttpProbeSpec;
  readonly startup?: HttpProbeSpec;
}

/**
 * Container resources. Memory is always limited; CPU is limited only when asked for, because CPU limits
 * throttle latency-sensitive services long before a node is actually busy.
 */
export interface ResourcesSpec {
  /** @default 100 */
  readonly cpuRequestMilli?: number;
  /** @default no CPU limit */
  readonly cpuLimitMilli?: number;
  /** @default 128 */
  readonly memoryRequestMi?: number;
  /** @default 256 */
  readonly memoryLimitMi?: number;
}

export interface AutoscalingSpec {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** @default 70 */
  readonly cpuTargetPercent?: number;
}

/** A public route to a web service. */
export interface IngressSpec {
  /**
   * A single DNS label (`www`) is placed under the cluster's base domain; a name with dots is used as is.
   */
  readonly host: string;
  /** @default '/' */
  readonly path?: string;
}

/**
 * Thresholds of the app's standard alerts (docs/platform.md, "Standard alerts"). Each field falls back to the
 * cluster's `platform.monitoring.alertDefaults`, then to DEFAULTS; a cluster may override them per app
 * (`apps.<app>.alerts`, merged key by key).
 */
export interface AlertsSpec {
  /**
   * The app serves at least this many requests per second at every hour: `AppNoTraffic` pages when the
   * request rate over 5 minutes drops below it (to zero, for instance after a broken route or DNS change).
   * Needs `metricsPort`; not for cron jobs.
   * @default no traffic alert
   */
  readonly minRequestsPerSecond?: number;
  /** `AppUnavailable` pages after no pod has been ready (or no scrape target up) for this long. @default 3 */
  readonly unavailableForMinutes?: number;
  /** `AppCpuAboveRequest`: CPU usage above this percentage of `cpuRequestMilli` for 15 minutes. @default 80 */
  readonly cpuRequestPercent?: number;
  /** `AppCpuNearLimit`: CPU usage above this percentage of `cpuLimitMilli` (apps with a CPU limit). @default 80 */
  readonly cpuLimitPercent?: number;
  /** `AppMemoryNearLimit`: working set above this percentage of `memoryLimitMi` for 15 minutes. @default 80 */
  readonly memoryLimitPercent?: number;
  /** `AppLatencyHigh`: p95 request duration over 5 minutes above this (apps with metrics). @default 500 */
  readonly latencyP95Ms?: number;
  /** `AppErrorsHigh`: more 5xx responses than this per minute, over 5 minutes (apps with metrics). @default 10 */
  readonly errorsPerMinute?: number;
  /** `AppErrorRatioHigh`: 5xx responses above this percentage of requests over 5 minutes. @default 5 */
  readonly errorRatioPercent?: number;
}

/** How a new version of a web service replaces the running one (see docs/delivery.md). */
export enum DeliveryStrategy {
  /** A Deployment's rolling update: only the probes stop a bad version. */
  ROLLING_UPDATE = 'rollingUpdate',
  /** An Argo Rollouts canary: ALB target group weights step up, judged against the app's SLO at each step. */
  CANARY = 'canary',
  /** An Argo Rollouts blue-green: the new version runs beside the old one and takes over once it passes. */
  BLUE_GREEN = 'blueGreen',
}

/** Keep the plain rolling update (the default); a cluster can set it to turn another strategy off there. */
export interface RollingUpdateDeliverySpec {
  readonly strategy: `${DeliveryStrategy.ROLLING_UPDATE}`;
}

/**
 * A canary. Each step sends a share of the public traffic (ALB target group weights) to the new version, waits
 * `pauseMinutes` and then checks its error ratio and latency against the app's SLO (when it has one): a failed
 * check aborts and rolls back, a pass goes on to the next step.
 */
export interface CanaryDeliverySpec {
  readonly strategy: `${DeliveryStrategy.CANARY}`;
  /** Percentages of traffic, strictly increasing, ending at 100. @default DEFAULTS.canarySteps ([10, 50, 100]) */
  readonly steps?: readonly number[];
  /**
   * Minutes at each step before its analysis; 0 rolls through without pauses (and so without SLO analysis,
   * which needs the time to see traffic): for staging.
   * @default DEFAULTS.canaryPauseMinutes (5)
   */
  readonly pauseMinutes?: number;
}

/**
 * Blue-green: the new version starts beside the old one behind a preview Service; after its smoke test passes
 * the active Service switches to it, its SLO analysis runs on real traffic, and a failure switches back.
 */
export interface BlueGreenDeliverySpec {
  readonly strategy: `${DeliveryStrategy.BLUE_GREEN}`;
  /**
   * A public host for the preview version (a single label is placed under the cluster's base domain), for
   * people to try it before it takes over.
   * @default no public preview
   */
  readonly previewHost?: string;
}

export type DeliverySpec = RollingUpdateDeliverySpec | CanaryDeliverySpec | BlueGreenDeliverySpec;

/** A smoke test that calls one path of the app through its Service and expects a status code. */
export interface HttpSmokeSpec {
  /** Path to GET, e.g. `/healthz/deep`. */
  readonly path: string;
  /** @default 200 */
  readonly expectStatus?: number;
  /** Name of the port to call. @default the app's first port */
  readonly port?: string;
}

/** A smoke test that runs a command in an image of its own (a test suite of the critical paths). */
export interface CommandSmokeSpec {
  readonly command: readonly string[];
  /** Full image reference with its tag, and its digest where the cluster requires digests (`repo:tag@sha256:...`). */
  readonly image: string;
}

export type SmokeSpec = HttpSmokeSpec | CommandSmokeSpec;

/**
 * The fields a cluster definition may override for one app. Maps (`config`, `resources`) are merged key by
 * key; everything else replaces the app's value. Setting `replicas` turns autoscaling off and setting
 * `autoscaling` replaces `replicas`.
 */
export interface AppSettings {
  /** Arguments to the image's entrypoint. @default the image's CMD */
  readonly args?: readonly string[];
  /** Replaces the image's ENTRYPOINT. @default the image's ENTRYPOINT */
  readonly command?: readonly string[];
  /** Plain, non-secret configuration, rendered to a ConfigMap and exposed as environment variables. */
  readonly config?: Readonly<Record<string, string>>;
  /** @default see ResourcesSpec */
  readonly resources?: ResourcesSpec;
  /** Fixed replica count (Deployments). @default 1, unless autoscaling is set */
  readonly replicas?: number;
  /** A HorizontalPodAutoscaler on CPU; the Deployment then leaves replicas to it. @default none */
  readonly autoscaling?: AutoscalingSpec;
  readonly probes?: ProbesSpec;
  /** Web services only. @default not exposed outside the cluster */
  readonly ingress?: IngressSpec;
  /** Cron jobs only: standard five-field cron expression, evaluated in UTC. */
  readonly schedule?: string;
  /** Cron jobs only: stop scheduling new runs. @default false */
  readonly suspend?: boolean;
  /** Thresholds of the standard alerts. @default see AlertsSpec */
  readonly alerts?: AlertsSpec;
  /**
   * The Karpenter NodePool the pods run on (see NodePool): `spot` and `dedicated` are tainted, so the pods get
   * the pool's node selector and toleration.
   * @default 'spot' for cron jobs (a retried run costs little), 'general' otherwise
   */
  readonly nodePool?: `${NodePool}`;
  /**
   * Web services only: canary or blue-green through Argo Rollouts (the cluster must run `platform.rollouts`). A
   * cluster's override merges key by key with the app's when the strategy stays the same, and replaces it otherwise.
   * @default { strategy: 'rollingUpdate' }
   */
  readonly delivery?: DeliverySpec;
  /**
   * A smoke test of the critical path: with a canary it runs at the first step, with blue-green before the
   * switch (a failure stops the version), and otherwise after every Argo CD sync (a failure marks the sync failed).
   * @default none
   */
  readonly smoke?: SmokeSpec;
  /**
   * The app's namespace joins the cluster's Istio ambient mesh (`platform.mesh`): mutual TLS with every other
   * enrolled app (STRICT), and AuthorizationPolicies that admit only the ServiceAccounts of `allowedClients`.
   * Ignored where the cluster runs no mesh; `apps.<app>.mesh: true` in such a cluster file is an error.
   * @default the cluster's `platform.mesh.enrollAppsByDefault`
   */
  readonly mesh?: boolean;
  /**
   * How this app calls the apps it depends on, by app name: a timeout and outlier detection, applied by
   * the mesh (a waypoint in the called app's namespace). The called app must list this app in `allowedClients`,
   * be a web service, and both must be in the cluster's mesh. The waypoint applies one policy to every caller,
   * so two callers of one app must declare the same settings. A cluster may set them for its own apps
   * (`apps.<app>.dependencies` replaces the app's).
   * @default none: no L7 policy, no waypoint
   */
  readonly dependencies?: Readonly<Record<string, DependencySpec>>;
}

/**
 * Where one environment variable's secret value comes from: a JSON property of a secret in AWS Secrets
 * Manager. The spec never holds the value itself.
 */
export interface SecretRefSpec {
  /** Property of the JSON secret. */
  readonly property: string;
  /**
   * Secrets Manager secret name.
   * @default the app's own secret, `<cluster>/apps/<app>` (see `appSecretName` in lib/naming.ts)
   */
  readonly key?: string;
}

/**
 * The names of the app's standard HTTP metrics (Prometheus client conventions). SLO rules and the dashboard
 * query these series, selected by the app's own job and namespace.
 */
export interface HttpMetricsSpec {
  /** Counter of handled requests, labelled with the response status code. @default 'http_requests_total' */
  readonly requestsTotal?: string;
  /** Label of `requestsTotal` that holds the status code. @default 'code' (some clients use 'status') */
  readonly statusCodeLabel?: string;
  /**
   * Histogram of request durations in seconds, without the `_bucket`/`_count` suffix.
   * @default 'http_request_duration_seconds'
   */
  readonly durationHistogram?: string;
}

/**
 * Service level objectives of an app that serves HTTP. Each objective gets recording rules and multi-window,
 * multi-burn-rate alerts (Google SRE workbook, chapter 5).
 */
export interface SloSpec {
  /** Percentage of requests that must not fail with a 5xx status, e.g. 99.9. */
  readonly availabilityPercent: number;
  /** Rolling window the objectives are measured over. @default 30 */
  readonly windowDays?: number;
  /**
   * Requests slower than this count against the latency objective. Must be one of the app's histogram bucket
   * boundaries (`histogramBucketsMs`), e.g. 250 for `le="0.25"`: the objective reads the cumulative count of
   * the bucket `le="<threshold in seconds>"`, and a threshold between two boundaries (300 with the default
   * buckets) matches no series, so every latency rule would return nothing and never alert.
   * @default no latency objective
   */
  readonly latencyThresholdMs?: number;
  /** Percentage of requests that must be faster than `latencyThresholdMs`. @default 99 */
  readonly latencyPercent?: number;
  /**
   * Bucket boundaries (`le`), in milliseconds, of the app's duration histogram (`httpMetrics.durationHistogram`);
   * set it when the app configures its own buckets. Only used to check `latencyThresholdMs`.
   * @default the Prometheus client libraries' default buckets, DEFAULTS.histogramBucketsMs:
   * 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000
   */
  readonly histogramBucketsMs?: readonly number[];
  /**
   * A burn-rate alert fires only when each of its two windows holds at least this many requests, so one
   * failed request of a quiet service (1 request a minute) cannot page. Quieter services rely on
   * `AppUnavailable` and `alerts.minRequestsPerSecond` for outages.
   * @default DEFAULTS.sloMinEventsPerWindow (20)
   */
  readonly minEventsPerWindow?: number;
}

interface AppSpecBase extends AppSettings {
  /** DNS-1123 label; also the namespace, the folder under generated/<cluster>/ and the ECR repository. */
  readonly name: string;
  /** Owning team (DNS-1123 label): alert routing, Argo CD project and the `team` label. */
  readonly team: string;
  /**
   * Image repository without tag. A bare name (`gateway`) means the cluster's own ECR registry; a name that
   * starts with a registry host (`ghcr.io/org/app`) is used as is. The tag and digest come from the cluster's
   * release pins, never from here.
   */
  readonly imageRepository: string;
  readonly ports?: readonly PortSpec[];
  /** Name of the port that serves Prometheus metrics. @default no metrics are scraped */
  readonly metricsPort?: string;
  /** @default '/metrics' */
  readonly metricsPath?: string;
  /** Environment variable -> secret in AWS Secrets Manager, delivered by an ExternalSecret. @default none */
  readonly secrets?: Readonly<Record<string, SecretRefSpec>>;
  /** Metric names of the app's HTTP metrics, for SLOs and the dashboard. @default see HttpMetricsSpec */
  readonly httpMetrics?: HttpMetricsSpec;
  /** Service level objectives; needs `metricsPort`. @default none */
  readonly slo?: SloSpec;
  /** Apps (by name) whose pods may call this app's ports. @default none */
  readonly allowedClients?: readonly string[];
  /**
   * Send traces: the container gets the standard OpenTelemetry environment (OTEL_EXPORTER_OTLP_ENDPOINT to the
   * cluster's Alloy, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES with cluster and namespace, OTEL_TRACES_SAMPLER
   * and its ratio), which every OpenTelemetry SDK reads. Only in clusters with `platform.tracing`: elsewhere the
   * app gets no tracing environment (so its spec promotes to a cluster before that cluster runs Tempo).
   * @default no tracing environment
   */
  readonly tracing?: TracingSpec;
  /**
   * Kafka topics the app produces and consumes (docs/events.md). The cluster must run `platform.events`.
   * @default none: no Kafka user, credentials or access to the brokers
   */
  readonly events?: EventsSpec;
}

/** How an app's OpenTelemetry SDK samples. */
export interface TracingSpec {
  /**
   * Share of new traces the SDK records (`parentbased_traceidratio`: a request that arrives with a sampled trace
   * is always recorded, so traces stay whole across apps).
   * @default the cluster's platform.tracing.samplingPercent, else DEFAULTS.traceSamplingPercent (10)
   */
  readonly samplingPercent?: number;
}

/**
 * L7 traffic policy for calls to one dependency (HTTP and gRPC). No retry count: HTTPRoute retries (GEP-1731) are
 * only in Gateway API's experimental channel; the waypoint keeps Istio's default retries (2 attempts on connection
 * failures and 503).
 */
export interface DependencySpec {
  /** Whole request, retries included (HTTPRoute `timeouts.request`). @default the mesh's: none */
  readonly timeoutSeconds?: number;
  /** Eject a pod from load balancing after consecutive 5xx responses (DestinationRule outlierDetection). */
  readonly outlierDetection?: OutlierDetectionSpec;
}

export interface OutlierDetectionSpec {
  /** Consecutive 5xx responses that eject a pod. */
  readonly consecutive5xxErrors: number;
  /** How long a pod stays ejected the first time (doubles each time). @default 30 */
  readonly ejectionSeconds?: number;
}

/** A topic the app writes to. Topics are created from these declarations; nothing else creates topics. */
export interface ProducedTopicSpec {
  /**
   * Kafka topic name: lower-case letters, digits, dots and dashes, starting and ending with a letter or digit,
   * at most 200 characters (for example `orders.created`).
   */
  readonly name: string;
  /** Partitions: the most consumers of one group that can read in parallel. Can only grow. @default DEFAULTS.topicPartitions */
  readonly partitions?: number;
  /** How long the brokers keep messages, in hours. @default DEFAULTS.topicRetentionHours (7 days) */
  readonly retentionHours?: number;
  /**
   * The message schema: a file in this repository under `schemas/` (`.avsc`, `.proto` or `.json`), for example
   * `schemas/orders.created.v1.avsc`. Consumers that name a schema must name the same one.
   */
  readonly schema: string;
  /**
   * Other apps produce to this topic too. Every producer of a topic produced by several apps must say so, and
   * all of them must declare the same partitions, retention and schema.
   * @default false: this app is the topic's only producer
   */
  readonly shared?: boolean;
}

/** A topic the app reads, in its consumer group. Some app in the same cluster must produce it. */
export interface ConsumedTopicSpec {
  readonly topic: string;
  /** The schema the app expects; must equal the producers' `schema`. @default not checked */
  readonly schema?: string;
}

export interface EventsSpec {
  /** @default none */
  readonly produces?: readonly ProducedTopicSpec[];
  /** @default none */
  readonly consumes?: readonly ConsumedTopicSpec[];
  /** Kafka consumer group of the app's consumers. @default the app's name */
  readonly consumerGroup?: string;
  /**
   * `KafkaConsumerLagHigh` fires when the group is more than this many messages behind on a topic for 10 minutes.
   * @default DEFAULTS.consumerLagMessages
   */
  readonly maxConsumerLag?: number;
}

export interface WebServiceSpec extends AppSpecBase {
  readonly kind: WorkloadKind.WEB_SERVICE;
}

export interface WorkerSpec extends AppSpecBase {
  readonly kind: WorkloadKind.WORKER;
}

export interface CronJobSpec extends AppSpecBase {
  readonly kind: WorkloadKind.CRON_JOB;
  readonly schedule: string;
}

export type AppSpec = WebServiceSpec | WorkerSpec | CronJobSpec;

/**
 * Identity helper so an app folder gets type checking and completion for its spec. Typed as `AppSpec` (not
 * a generic) so a misspelled field is a type error in the editor, not only at synth.
 */
export function defineApp(spec: AppSpec): AppSpec {
  return spec;
}
