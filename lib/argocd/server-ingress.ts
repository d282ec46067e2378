import type { ClusterDefinition } from '../model/cluster';
import { albTlsAndWafAnnotations } from '../../platform/ingress/alb-annotations';
import { eksClusterName } from '../naming';
import type { ResolvedArgoCdAccess } from './access-settings';

const ALB = 'alb.ingress.kubernetes.io';

/** The argo-cd chart's `server.ingress` values: how people reach the UI and API for SSO. */
export interface ArgoCdServerIngressValues {
  readonly enabled: true;
  readonly controller: 'aws';
  readonly ingressClassName: string;
  readonly hostname: string;
  readonly annotations: Readonly<Record<string, string>>;
  readonly aws: { readonly serviceType: 'ClusterIP'; readonly backendProtocolVersion: 'GRPC' };
}

/**
 * With SSO, Argo CD is reached at `argocd.url` through an internal ALB (its own group, so it never shares a
 * load balancer with the public apps): HTTPS only with the cluster's certificate and WAF, TLS kept on to the
 * server (backend HTTPS), pods as targets, the gRPC service for the CLI, the host published by external-dns.
 * Internal, because the API can sync and roll back: people reach it over the VPN or a peered network; the
 * OIDC callback needs only the browser to reach it. Without SSO nothing is exposed (port-forward, break-glass).
 */
export function argoCdServerIngress(
  cluster: ClusterDefinition,
  access: ResolvedArgoCdAccess,
): ArgoCdServerIngressValues | undefined {
  if (access.sso === undefined) return undefined;
  const host = new URL(access.url).hostname;
  return {
    enabled: true,
    controller: 'aws',
    ingressClassName: cluster.ingress?.className ?? 'alb',
    hostname: host,
    annotations: {
      [`${ALB}/scheme`]: 'internal',
      [`${ALB}/target-type`]: 'ip',
      [`${ALB}/group.name`]: `${eksClusterName(cluster)}-internal`,
      [`${ALB}/listen-ports`]: '[{"HTTPS": 443}]',
      [`${ALB}/backend-protocol`]: 'HTTPS',
      [`${ALB}/healthcheck-path`]: '/healthz',
      ...albTlsAndWafAnnotations(cluster),
      'external-dns.alpha.kubernetes.io/hostname': host,
    },
    aws: { serviceType: 'ClusterIP', backendProtocolVersion: 'GRPC' },
  };
}
