import type { ClusterDefinition } from '../../lib/model/cluster';
import { DEFAULT_SSL_POLICY } from '../../lib/model/platform-settings';
import type { ResolvedApp } from '../../lib/model/resolved-app';
import { eksClusterName, wafWebAclName } from '../../lib/naming';

const ALB = 'alb.ingress.kubernetes.io';
/** The prefix of the AWS Load Balancer Controller's Ingress annotations. */
export const ALB_ANNOTATION_PREFIX = ALB;

/**
 * The ALB action that answers 404 for an app's metrics path. Referenced from an Ingress path whose backend
 * port is `use-annotation`, the controller's convention for actions instead of Services.
 */
export const BLOCK_METRICS_ACTION = 'block-metrics';
export const ALB_ACTION_PORT = 'use-annotation';

/**
 * Whether the app serves Prometheus metrics on the port and under the path its public Ingress routes: then
 * the load balancer must refuse the metrics path, or anyone could read them from the internet.
 */
export function metricsBehindIngress(app: ResolvedApp): boolean {
  if (app.ingress === undefined || app.metrics === undefined) return false;
  const routedPort = app.ports[0]?.name;
  const prefix = app.ingress.path.endsWith('/') ? app.ingress.path : `${app.ingress.path}/`;
  const underRoute =
    app.ingress.path === '/' || app.metrics.path === app.ingress.path || app.metrics.path.startsWith(prefix);
  return app.metrics.port === routedPort && underRoute;
}

/**
 * What every load balancer of the cluster (the apps' and Argo CD's) uses: the TLS policy, the certificate when
 * the cluster pins one (else the controller discovers it by host), and the WAF web ACL.
 */
export function albTlsAndWafAnnotations(cluster: ClusterDefinition): Record<string, string> {
  const settings = cluster.platform?.ingress;
  return {
    [`${ALB}/ssl-policy`]: settings?.sslPolicy ?? DEFAULT_SSL_POLICY,
    ...(settings?.certificateArn === undefined ? {} : { [`${ALB}/certificate-arn`]: settings.certificateArn }),
    ...(settings?.wafAclArn === undefined
      ? { [`${ALB}/wafv2-acl-name`]: wafWebAclName(cluster) }
      : { [`${ALB}/wafv2-acl-arn`]: settings.wafAclArn }),
  };
}

/**
 * The annotations that make the AWS Load Balancer Controller serve an app's public host: an internet-facing
 * ALB shared by every app of the cluster (one group), HTTPS only (80 redirects to 443) with the cluster's ACM
 * certificate (or the one discovered for the host), the cluster's WAF web ACL, pods as targets, the health
 * check on the readiness probe, and the host name for external-dns.
 */
export function albAnnotations(app: ResolvedApp, cluster: ClusterDefinition): Record<string, string> {
  if (app.ingress === undefined) throw new Error(`app "${app.name}" has no ingress`);
  const readiness = app.probes.readiness;
  const healthPort = app.ports.find((port) => port.name === readiness?.port);
  return {
    [`${ALB}/scheme`]: 'internet-facing',
    [`${ALB}/target-type`]: 'ip',
    [`${ALB}/group.name`]: eksClusterName(cluster),
    [`${ALB}/listen-ports`]: '[{"HTTP": 80}, {"HTTPS": 443}]',
    [`${ALB}/ssl-redirect`]: '443',
    ...albTlsAndWafAnnotations(cluster),
    [`${ALB}/healthcheck-path`]: readiness?.path ?? '/',
    [`${ALB}/healthcheck-port`]: healthPort === undefined ? 'traffic-port' : String(healthPort.port),
    'external-dns.alpha.kubernetes.io/hostname': app.ingress.host,
    ...(metricsBehindIngress(app)
      ? {
          [`${ALB}/actions.${BLOCK_METRICS_ACTION}`]: JSON.stringify({
            type: 'fixed-response',
            fixedResponseConfig: { contentType: 'text/plain', statusCode: '404', messageBody: 'Not Found' },
          }),
        }
      : {}),
  };
}
