import type { AppSettings } from './app-spec';
import type { ArgoCdSettings } from './argocd-settings';
import type { Environment } from './environment';
import type { PlatformSettings } from './platform-settings';

/** Kubernetes minor versions the generator and the schema validation support. */
export type KubernetesVersion = '1.33' | '1.34' | '1.35';

/** The same list at runtime: input checks, schema validation and schemas:pull all use it. */
export const SUPPORTED_KUBERNETES_VERSIONS: readonly KubernetesVersion[] = ['1.33', '1.34', '1.35'];

/** Where a gated cluster's app specs and images come from. */
export interface PromotionSettings {
  /** The cluster promoted from (it must be another cluster, usually `staging`). */
  readonly from: string;
  /**
   * How long every promoted app (and the platform) must have run Synced and Healthy on `from`, as Argo CD's
   * commit statuses report it, before `npm run promotion:gate` (and the promote workflow) lets it through.
   * @default 30 (PROMOTION_DEFAULTS.bakeTimeMinutes)
   */
  readonly bakeTimeMinutes?: number;
}

/** Defaults of PromotionSettings. */
export const PROMOTION_DEFAULTS = {
  bakeTimeMinutes: 30,
} as const;

/** Longest bake time accepted: a week. */
export const MAX_BAKE_TIME_MINUTES = 7 * 24 * 60;

/** The bake time of a gated cluster, its own or the default. */
export function bakeTimeMinutes(promotion: PromotionSettings): number {
  return promotion.bakeTimeMinutes ?? PROMOTION_DEFAULTS.bakeTimeMinutes;
}

/** Where a cluster runs: it decides whether AWS exists for it at all. */
export enum ClusterKind {
  /** An EKS cluster in an AWS account: infra provisions it, the platform uses AWS services. The default. */
  EKS = 'eks',
  /**
   * A developer's k3d cluster on their own machine (docs/local.md): no AWS at all. Infra skips it; secrets come
   * from a git-ignored `.env`, ingress is k3s' bundled Traefik, and only components without AWS run.
   */
  LOCAL = 'local',
}

/** What every kind of cluster has. */
interface ClusterBase {
  /** DNS-1123 label; must equal the file name `clusters/<name>.ts`. */
  readonly name: string;
  readonly environment: Environment;
  /** Kubernetes minor version of the control plane; schema validation uses the same version. */
  readonly kubernetesVersion: KubernetesVersion;
  /** Public DNS zone of the cluster; app hosts given as a single label live under it. */
  readonly baseDomain: string;
  /**
   * Refuse to generate an app whose release pin has no image digest.
   * @default true for production, false otherwise
   */
  readonly requireImageDigests?: boolean;
  /** How Argo CD syncs this cluster: repository, revision, sync policy, sync windows, HA. @default see ArgoCdSettings */
  readonly argocd?: ArgoCdSettings;
  /** Platform components (monitoring, logging, external secrets, ingress controllers) and their sizes. @default none */
  readonly platform?: PlatformSettings;
  /** The apps that run here (each key is a folder under `apps/`) with this cluster's overrides. */
  readonly apps: Readonly<Record<string, AppSettings>>;
}

/**
 * Everything that differs between clusters lives in one of these, in `clusters/<name>.ts`. It holds values
 * only; the constructs that turn them into YAML live in `lib/`, `apps/` and `platform/`.
 */
export interface AwsClusterDefinition extends ClusterBase {
  /** @default ClusterKind.EKS */
  readonly kind?: ClusterKind.EKS;
  /** 12-digit AWS account that hosts the cluster. */
  readonly awsAccountId: string;
  readonly awsRegion: string;
  /**
   * Region that receives the cluster's backup copies: the database's cross-region backups and Velero's bucket.
   * Must differ from `awsRegion`.
   * @default PAIRED_REGION[awsRegion] (lib/model/backup-region.ts); a region without a pairing must set it
   */
  readonly backupCopyRegion?: string;
  /** VPC CIDR: load balancers (target type ip) reach pods from these addresses. */
  readonly vpcCidr: string;
  /**
   * IPv4 CIDRs that may reach the EKS API endpoint from the internet (office egress, VPN). The endpoint is
   * always reachable from inside the VPC; production refuses 0.0.0.0/0 (infra policy eks-private-endpoint).
   * @default none: the API endpoint is private only
   */
  readonly apiPublicAccessCidrs?: readonly string[];
  /**
   * Gates the cluster: the specs of its apps change only by `npm run promote` from `promotion.from`, which
   * copies them into `clusters/<name>.promoted/<app>.yaml`; synth renders those, not `apps/`, and
   * `npm run release` refuses the cluster (its pins change by promotion too). Its own settings (this file)
   * still change by an ordinary reviewed pull request. See docs/promotion.md.
   * @default none: the cluster renders the specs in apps/ as they are (ungated)
   */
  readonly promotion?: PromotionSettings;
  /** Ingress settings for every public host of the cluster. */
  readonly ingress?: ClusterIngressSettings;
}

/**
 * A local k3d cluster (docs/local.md). It has no AWS fields (the type refuses them), is never gated and never a
 * promotion source, and takes staging's defaults (no digests, no HA): it mirrors what staging runs.
 */
export interface LocalClusterDefinition extends ClusterBase {
  readonly kind: ClusterKind.LOCAL;
  readonly environment: Environment.STAGING;
  /** How the k3d cluster and its local dependencies are set up. @default LOCAL_DEFAULTS */
  readonly local?: LocalClusterSettings;
  readonly awsAccountId?: never;
  readonly awsRegion?: never;
  readonly vpcCidr?: never;
  readonly backupCopyRegion?: never;
  readonly apiPublicAccessCidrs?: never;
  readonly promotion?: never;
  readonly ingress?: never;
}

/** The k3d cluster's networks and ports; all have defaults that fit a laptop. */
export interface LocalClusterSettings {
  /** Pod network of k3s (`--cluster-cidr`); NetworkPolicies keep app egress out of it. @default LOCAL_DEFAULTS.podCidr */
  readonly podCidr?: string;
  /** Service network of k3s (`--service-cidr`). @default LOCAL_DEFAULTS.serviceCidr */
  readonly serviceCidr?: string;
  /** Host port of Traefik's HTTP entry point: apps answer on `http://<host>:<port>`. @default LOCAL_DEFAULTS.httpPort */
  readonly httpPort?: number;
  /** Host port of the local image registry (`docker push localhost:<port>/<repo>`). @default LOCAL_DEFAULTS.registryPort */
  readonly registryPort?: number;
  /** k3s agent (worker) nodes besides the server. @default LOCAL_DEFAULTS.agents */
  readonly agents?: number;
}

/** Defaults of LocalClusterSettings: k3s' own networks, ports unlikely to be taken. */
export const LOCAL_DEFAULTS = {
  podCidr: '10.42.0.0/16',
  serviceCidr: '10.43.0.0/16',
  httpPort: 8080,
  registryPort: 5111,
  agents: 1,
} as const;

/** Any cluster definition: narrow with `isLocalCluster` before reading AWS fields. */
export type ClusterDefinition = AwsClusterDefinition | LocalClusterDefinition;

/** Whether a cluster is a local k3d cluster (no AWS). */
export function isLocalCluster(definition: ClusterDefinition): definition is LocalClusterDefinition {
  return definition.kind === ClusterKind.LOCAL;
}

/** Whether a cluster runs on AWS: infra provisions it and its YAML may reference AWS. */
export function isAwsCluster(definition: ClusterDefinition): definition is AwsClusterDefinition {
  return !isLocalCluster(definition);
}

export interface ClusterIngressSettings {
  /** @default 'alb' */
  readonly className?: string;
  /** Annotations added to every Ingress of the cluster. @default none */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Public DNS zones besides `baseDomain` that app hosts may sit under (given as full names, `shop.example.org`);
   * external-dns manages them too. Each zone belongs to one cluster. Infra does not create these zones or put
   * them on the cluster's certificate yet: `npm run infra:check` reports such hosts until it does.
   * @default none: hosts live under baseDomain only
   */
  readonly extraZones?: readonly string[];
}

/** Identity helper so a cluster file gets type checking and completion; it keeps the kind in the type. */
export function defineCluster(definition: LocalClusterDefinition): LocalClusterDefinition;
export function defineCluster(definition: AwsClusterDefinition): AwsClusterDefinition;
export function defineCluster(definition: ClusterDefinition): ClusterDefinition {
  return definition;
}
