import type { NodePool } from './platform-settings';
import type { DependencySpec, PortSpec, WorkloadKind } from './app-spec';
import type { ClusterDefinition } from './cluster';
import type { Environment } from './environment';

/** A probe with every default filled in; `port` is always a port name. */
export interface ResolvedProbe {
  readonly path: string;
  readonly port: string;
  readonly periodSeconds: number;
  readonly failureThreshold: number;
  readonly initialDelaySeconds: number;
}

/**
 * One app as it runs in one cluster: spec, cluster overrides, release pin and defaults merged. Constructs
 * render exactly this and decide nothing else.
 */
export interface ResolvedApp {
  readonly name: string;
  readonly team: string;
  /** The cluster's environment: the `environment` label of the app's pods (cost allocation). */
  readonly environment: Environment;
  readonly kind: WorkloadKind;
  /** Full image reference: `<repository>:<tag>` or `<repository>:<tag>@<digest>`. */
  readonly image: string;
  /** The pinned tag, used as `app.kubernetes.io/version`. */
  readonly version: string;
  readonly ports: readonly PortSpec[];
  readonly metrics?: { readonly port: string; readonly path: string };
  readonly httpMetrics: ResolvedHttpMetrics;
  readonly slo?: ResolvedSlo;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly config: Readonly<Record<string, string>>;
  /** Env var -> Secrets Manager secret name and JSON property. */
  readonly secrets: Readonly<Record<string, { readonly key: string; readonly property: string }>>;
  readonly resources: {
    readonly cpuRequestMilli: number;
    readonly cpuLimitMilli?: number;
    readonly memoryRequestMi: number;
    readonly memoryLimitMi: number;
  };
  /** Fixed replicas; undefined when an autoscaler owns the count, and for cron jobs. */
  readonly replicas?: number;
  readonly autoscaling?: {
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly cpuTargetPercent: number;
  };
  readonly probes: {
    readonly liveness?: ResolvedProbe;
    readonly readiness?: ResolvedProbe;
    readonly startup?: ResolvedProbe;
  };
  /** Fully qualified host and path. */
  readonly ingress?: { readonly host: string; readonly path: string };
  readonly schedule?: string;
  readonly suspend: boolean;
  /** Apps whose pods may call this app, as its spec names them (serviceCalls says which of them run here). */
  readonly allowedClients: readonly string[];
  /** The namespace is enrolled in the cluster's Istio ambient mesh (the cluster runs one and the app joins). */
  readonly mesh: boolean;
  /** L7 settings of calls to other apps, by app name (DependencySpec). */
  readonly dependencies: Readonly<Record<string, DependencySpec>>;
  /** Standard alert thresholds, every default filled in. */
  readonly alerts: ResolvedAlerts;
  /** OpenTelemetry tracing (the app's `tracing`, defaults filled in); undefined when the app sends no traces. */
  readonly tracing?: {
    readonly samplingPercent: number;
    /** Resource attributes of every span: the EKS cluster and the cluster's environment. */
    readonly clusterName: string;
    readonly environment: string;
  };
  /** The Karpenter NodePool the pods run on. */
  readonly nodePool: NodePool;
  /** Canary or blue-green through Argo Rollouts; undefined for a Deployment's rolling update. */
  readonly delivery?: ResolvedDelivery;
  readonly smoke?: ResolvedSmoke;
  /** The files a reader edits to change this output, for generated-file headers. */
  readonly sources: readonly string[];
  /** Kafka topics it produces and consumes, defaults filled in. @default none: the app does not use the event bus */
  readonly events?: ResolvedEvents;
}

/** A topic an app produces, defaults filled in. */
export interface ResolvedProducedTopic {
  readonly name: string;
  readonly partitions: number;
  readonly retentionHours: number;
  readonly schema: string;
  readonly shared: boolean;
}

/** EventsSpec with every default filled in; lists sorted by topic name. */
export interface ResolvedEvents {
  readonly produces: readonly ResolvedProducedTopic[];
  readonly consumes: readonly { readonly topic: string; readonly schema?: string }[];
  /** Only set when the app consumes. */
  readonly consumerGroup?: string;
  readonly maxConsumerLag: number;
}

/** A canary or blue-green delivery with every default filled in (hosts fully qualified). */
export type ResolvedDelivery =
  | { readonly strategy: 'canary'; readonly steps: readonly number[]; readonly pauseMinutes: number }
  | { readonly strategy: 'blueGreen'; readonly previewHost?: string };

/** A smoke test with every default filled in: an HTTP check of a port (by name) or a command in an image. */
export type ResolvedSmoke =
  | {
      readonly kind: 'http';
      readonly path: string;
      readonly expectStatus: number;
      readonly port: string;
      readonly image: string;
    }
  | { readonly kind: 'command'; readonly command: readonly string[]; readonly image: string };

/** Metric names with every default filled in. */
export interface ResolvedHttpMetrics {
  readonly requestsTotal: string;
  readonly statusCodeLabel: string;
  readonly durationHistogram: string;
}

/** AlertsSpec with every default filled in (app, then cluster's alertDefaults, then DEFAULTS). */
export interface ResolvedAlerts {
  readonly minRequestsPerSecond?: number;
  readonly unavailableForMinutes: number;
  readonly cpuRequestPercent: number;
  readonly cpuLimitPercent: number;
  readonly memoryLimitPercent: number;
  readonly latencyP95Ms: number;
  readonly errorsPerMinute: number;
  readonly errorRatioPercent: number;
}

/** Service level objectives with every default filled in. */
export interface ResolvedSlo {
  readonly availabilityPercent: number;
  readonly windowDays: number;
  readonly minEventsPerWindow: number;
  readonly latency?: { readonly thresholdMs: number; readonly percent: number };
}

/** A cluster with the apps that run in it, ready to render. */
export interface ResolvedCluster {
  readonly definition: ClusterDefinition;
  readonly file: string;
  readonly pinsFile: string;
  readonly apps: readonly ResolvedApp[];
}
