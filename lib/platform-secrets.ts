import type { ClusterDefinition } from './model/cluster';
import { NOTIFICATIONS_SECRET_KEYS } from './argocd/notifications';
import { ARGOCD_OIDC_SECRET_PROPERTY, platformSecretName, type PlatformSecret } from './naming';

/** A Secrets Manager secret of a platform component and the JSON properties the component's ExternalSecret reads. */
export interface PlatformSecretSpec {
  readonly secret: PlatformSecret;
  readonly name: string;
  readonly description: string;
  readonly properties: readonly string[];
}

/**
 * The platform secrets the cluster's enabled components read (see platformSecretName in lib/naming.ts):
 * monitoring reads Alertmanager's receiver credentials (the PagerDuty key only when it pages through
 * PagerDuty) and Grafana's admin login (platform/monitoring/monitoring-stack.ts); Argo CD with SSO reads its
 * OIDC client secret, with notifications its GitHub App key and Slack token. Infra creates them empty, converge assumes they exist: one list for both.
 */
export function platformSecretsOf(cluster: ClusterDefinition): PlatformSecretSpec[] {
  const argocd: PlatformSecretSpec[] =
    cluster.argocd?.sso === undefined
      ? []
      : [
          {
            secret: 'argocd',
            name: platformSecretName(cluster, 'argocd'),
            description: 'Argo CD SSO (OIDC) client secret',
            properties: [ARGOCD_OIDC_SECRET_PROPERTY],
          },
        ];
  if (cluster.argocd?.notifications !== undefined) {
    argocd.push({
      secret: 'argocd-notifications',
      name: platformSecretName(cluster, 'argocd-notifications'),
      description: 'Argo CD notifications: GitHub App private key (commit statuses) and Slack bot token',
      properties: Object.values(NOTIFICATIONS_SECRET_KEYS),
    });
  }
  const monitoring = cluster.platform?.monitoring;
  if (monitoring === undefined) return argocd;
  return [
    ...argocd,
    {
      secret: 'alertmanager',
      name: platformSecretName(cluster, 'alertmanager'),
      description: 'Alertmanager receiver credentials',
      properties: ['slack-webhook-url', ...(monitoring.alerting.pagerDuty === true ? ['pagerduty-routing-key'] : [])],
    },
    {
      secret: 'grafana',
      name: platformSecretName(cluster, 'grafana'),
      description: 'Grafana admin login',
      properties: ['admin-user', 'admin-password'],
    },
  ];
}
