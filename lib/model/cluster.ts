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

/**
 * Everything that differs between clusters lives in one of these, in `clusters/<name>.ts`. It holds values
 * only; the constructs that turn them into YAML live in `lib/`, `apps/` and `platform/`.
 */
export interface ClusterDefinition {
  /** DNS-1123 label; must equal the file name `clusters/<name>.ts`. */
  readonly name: string;
  readonly environment: Environment;
  /** 12-digit AWS account that hosts the cluster. */
  readonly awsAccountId: string;
  readonly awsRegion: string;
  /**
   * Region that receives the cluster's backup copies: the database's cross-region backups and Velero's bucket.
   * Must differ from `awsRegion`.
   * @default PAIRED_REGION[awsRegion] (lib/model/backup-region.ts); a region without a pairing must set it
   */
  readonly backupCopyRegion?: string;
  /** Kubernetes minor version of the EKS control plane; schema validation uses the same version. */
  readonly kubernetesVersion: KubernetesVersion;
  /** Public DNS zone of the cluster; app hosts given as a single label live under it. */
  readonly baseDomain: string;
  /** VPC CIDR: load balancers (target type ip) reach pods from these addresses. */
  readonly vpcCidr: string;
  /**
   * IPv4 CIDRs that may reach the EKS API endpoint from the internet (office egress, VPN). The endpoint is
   * always reachable from inside the VPC; production refuses 0.0.0.0/0 (infra policy eks-private-endpoint).
   * @default none: the API endpoint is private only
   */
  readonly apiPublicAccessCidrs?: readonly string[];
  /**
   * Refuse to generate an app whose release pin has no image digest.
   * @default true for production, false otherwise
   */
  readonly requireImageDigests?: boolean;
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
  /** How Argo CD syncs this cluster: repository, revision, sync policy, sync windows, HA. @default see ArgoCdSettings */
  readonly argocd?: ArgoCdSettings;
  /** Platform components (monitoring, logging, external secrets, ingress controllers) and their sizes. @default none */
  readonly platform?: PlatformSettings;
  /** The apps that run here (each key is a folder under `apps/`) with this cluster's overrides. */
  readonly apps: Readonly<Record<string, AppSettings>>;
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

/** Identity helper so a cluster file gets type checking and completion. */
export function defineCluster(definition: ClusterDefinition): ClusterDefinition {
  return definition;
}
