import { ClusterKind, defineCluster, Environment } from '../lib';

/**
 * A developer's own cluster: k3d on their machine, no AWS at all (docs/local.md). It runs the same apps as
 * staging, one replica each; secrets come from the git-ignored .env, ingress is k3s' Traefik on
 * http://<host>.localhost:8080, images come from the k3d registry (localhost:5111).
 */
export default defineCluster({
  name: 'local',
  kind: ClusterKind.LOCAL,
  environment: Environment.STAGING,
  kubernetesVersion: '1.34',
  // *.localhost resolves to 127.0.0.1 without any DNS set-up (RFC 6761).
  baseDomain: 'localhost',
  argocd: {
    // Developers apply their work in progress by hand (docs/local.md); Argo CD does not revert it.
    autoSyncPrune: true,
    autoSyncSelfHeal: false,
  },
  platform: {
    monitoring: {
      prometheusReplicas: 1,
      prometheusRetentionDays: 1,
      prometheusStorageGi: 2,
      alertmanagerReplicas: 1,
      grafanaReplicas: 1,
      alerting: { slackChannel: '#alerts-local' },
    },
    externalSecrets: { replicas: 1 },
  },
  apps: {
    // A plain rolling update: a canary's traffic weights need the ALB, and k3s routes through Traefik.
    gateway: { replicas: 1, delivery: { strategy: 'rollingUpdate' } },
    web: { replicas: 1 },
    worker: { replicas: 1 },
    report: {},
  },
});
