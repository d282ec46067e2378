import { ClusterKind, type ClusterDefinition, LOCAL_DEFAULTS } from '../model/cluster';
import { Environment } from '../model/environment';
import type { FieldProblem } from './check-app';
import { cidrProblem, cidrsOverlap, positiveIntegerProblem } from './rules';

const KINDS: readonly string[] = Object.values(ClusterKind);

/** Fields only an AWS cluster has, and why a local one cannot have them. */
const AWS_ONLY_FIELDS: Readonly<Record<string, string>> = {
  awsAccountId: 'a local cluster has no AWS account',
  awsRegion: 'a local cluster has no AWS region',
  vpcCidr: 'a local cluster has no VPC (set local.podCidr for the pod network)',
  backupCopyRegion: 'a local cluster keeps no backups in AWS',
  apiPublicAccessCidrs: 'the k3d API server listens on your machine only',
  promotion: 'a local cluster is never gated: it renders apps/ as they are',
  ingress: 'a local cluster routes through the Traefik that k3s bundles (no ALB, certificates or external-dns)',
};

/** Platform components that need AWS, and what a local cluster does instead. */
const AWS_ONLY_PLATFORM: Readonly<Record<string, string>> = {
  ingress:
    'the AWS Load Balancer Controller and external-dns need AWS; k3s bundles Traefik, which serves the Ingresses',
  logging: 'Loki stores its chunks in S3; read pod logs with kubectl logs (docs/local.md)',
  backup: "Velero's bucket is in S3; a local cluster is rebuilt from git (npm run local:up)",
  mesh: "the mesh's policies admit the load balancer and Prometheus by VPC subnet; a local cluster runs without the mesh",
  cloudwatch:
    'YACE reads CloudWatch, and a local cluster has no RDS or ElastiCache (compose runs PostgreSQL and Redis)',
  tracing: 'Tempo keeps its traces in S3; a local cluster runs without tracing',
  nodes: 'Karpenter launches EC2 nodes; a local cluster has the k3d nodes of local.agents',
};

/** Whether the definition says it is a local cluster; an unknown kind is reported by `clusterKindProblem`. */
export function declaresLocal(definition: ClusterDefinition): boolean {
  return (definition as { kind?: unknown }).kind === ClusterKind.LOCAL;
}

/** What is wrong with `kind`, if anything. */
export function clusterKindProblem(kind: unknown): string | undefined {
  if (kind === undefined || KINDS.includes(kind as string)) return undefined;
  return `${JSON.stringify(kind)} is not a cluster kind; use ClusterKind.EKS (the default) or ClusterKind.LOCAL (${KINDS.map((k) => `"${k}"`).join(', ')})`;
}

/**
 * What a local cluster definition must not or cannot say: the TypeScript type refuses most of it already, this
 * catches what a cast or plain JavaScript lets through, in the same words.
 */
export function localClusterProblems(definition: ClusterDefinition): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const given = definition as unknown as Record<string, unknown>;
  for (const [field, why] of Object.entries(AWS_ONLY_FIELDS)) {
    if (given[field] !== undefined) problems.push({ field, problem: `${why}; remove ${field}` });
  }
  if (definition.environment !== Environment.STAGING) {
    problems.push({
      field: 'environment',
      problem: `a local cluster takes staging's defaults (no digests, no HA); use Environment.STAGING, got ${JSON.stringify(definition.environment)}`,
    });
  }
  const platform = (definition.platform ?? {}) as Record<string, unknown>;
  for (const [section, why] of Object.entries(AWS_ONLY_PLATFORM)) {
    if (platform[section] !== undefined) {
      problems.push({ field: `platform.${section}`, problem: `not available on a local cluster: ${why}` });
    }
  }
  if (definition.argocd?.sso !== undefined) {
    problems.push({
      field: 'argocd.sso',
      problem:
        'a local Argo CD has no Ingress for an OIDC callback; remove sso and reach it with kubectl port-forward (docs/local.md)',
    });
  }
  const local = definition.kind === ClusterKind.LOCAL ? (definition.local ?? {}) : {};
  const podCidr = local.podCidr ?? LOCAL_DEFAULTS.podCidr;
  const serviceCidr = local.serviceCidr ?? LOCAL_DEFAULTS.serviceCidr;
  const add = (field: string, problem: string | undefined) => {
    if (problem !== undefined) problems.push({ field: `local.${field}`, problem });
  };
  add('podCidr', cidrProblem(podCidr));
  add('serviceCidr', cidrProblem(serviceCidr));
  if (cidrProblem(podCidr) === undefined && cidrsOverlap(podCidr, serviceCidr)) {
    add('serviceCidr', `${serviceCidr} overlaps the pod network ${podCidr}; give k3s two separate ranges`);
  }
  const httpPort = local.httpPort ?? LOCAL_DEFAULTS.httpPort;
  const registryPort = local.registryPort ?? LOCAL_DEFAULTS.registryPort;
  add('httpPort', positiveIntegerProblem(httpPort, 1, 65535));
  add('registryPort', positiveIntegerProblem(registryPort, 1, 65535));
  if (httpPort === registryPort) {
    add('registryPort', `${registryPort} is also local.httpPort; the registry and Traefik need a host port each`);
  }
  add('agents', positiveIntegerProblem(local.agents ?? LOCAL_DEFAULTS.agents, 0, 5));
  return problems;
}
