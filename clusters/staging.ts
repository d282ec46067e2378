import { defineCluster, Environment, LokiMode } from '../lib';

/** Staging: auto-synced by Argo CD after every merge; small and cheap. */
export default defineCluster({
  name: 'staging',
  environment: Environment.STAGING,
  awsAccountId: '111111111111',
  awsRegion: 'eu-west-1',
  kubernetesVersion: '1.34',
  baseDomain: 'staging.example.com',
  vpcCidr: '10.20.0.0/16',
  argocd: {
    // Log in through Okta; the client secret is staging/platform/argocd (oidc-client-secret) in Secrets Manager.
    // The local admin is off: break-glass in docs/security.md.
    sso: { issuer: 'https://acme.okta.com/oauth2/default', clientId: '0oa1staging2argocd3' },
    // Every merge to main reaches staging at once; drift is reverted and failed syncs retried for ever.
    autoSyncPrune: true,
    autoSyncSelfHeal: true,
    syncRetryBackoffDuration: '10s',
    syncRetryBackoffFactor: 2,
    syncRetryBackoffMaxDuration: '3m',
    // Commit statuses (argocd/staging/<app>) for the promotion gate and deploy messages in Slack; the App key
    // and Slack token are in Secrets Manager (staging/platform/argocd-notifications).
    notifications: { githubAppId: 1029384, githubInstallationId: 56473829, slackChannel: '#deploys-staging' },
  },
  platform: {
    monitoring: {
      prometheusReplicas: 1,
      prometheusRetentionDays: 7,
      prometheusStorageGi: 20,
      alertmanagerReplicas: 1,
      grafanaReplicas: 1,
      alerting: { slackChannel: '#alerts-staging' },
    },
    // One single binary: staging is small and needs no HA.
    logging: { lokiMode: LokiMode.MONOLITHIC, lokiReplicas: 1 },
    externalSecrets: { replicas: 1 },
    ingress: { controllerReplicas: 1 },
    // OpenCost: cost by team, app and environment from monitoring's Prometheus (docs/platform.md, "Cost").
    cost: {},
    // Velero into a bucket in the backup copy region, at the default RPOs and 7 days' retention.
    backup: {},
    // Canary and blue-green delivery for the apps that ask for it (docs/delivery.md).
    rollouts: { controllerReplicas: 1 },
    // Istio ambient: mTLS and AuthorizationPolicies between apps (docs/platform.md, "Service mesh").
    mesh: { istiodReplicas: 1, enrollAppsByDefault: true },
    // RDS and ElastiCache metrics from CloudWatch (YACE), their alerts and dashboard; default thresholds.
    cloudwatch: {},
    // Tempo (7 days on S3) and Alloy's OTLP receiver; apps opt in with `tracing`. Staging samples every trace.
    tracing: { samplingPercent: 100 },
    // One broker that is its own KRaft controller: one copy of every partition, no HA (docs/events.md, "Sizing").
    events: { brokers: 1, brokerStorageGi: 20 },
  },
  apps: {
    gateway: {
      autoscaling: { minReplicas: 1, maxReplicas: 3 },
      config: { LOG_LEVEL: 'debug' },
      // Staging rolls the app's canary through without pauses (docs/delivery.md), and a smoke test gates the first
      // step. The smoke test stays here until production sets platform.rollouts.smokeHttpImage with a digest
      // (production refuses images without one).
      delivery: { strategy: 'canary', pauseMinutes: 0 },
      smoke: { path: '/ready', expectStatus: 200 },
    },
    web: {
      replicas: 1,
      // Calls to the gateway: 5 s per request, and a gateway pod failing 5 times in a row is ejected for 30 s
      // (the gateway's waypoint applies it; staging tries it before any app spec declares it).
      dependencies: { gateway: { timeoutSeconds: 5, outlierDetection: { consecutive5xxErrors: 5 } } },
    },
    worker: {},
    report: { schedule: '0 * * * *' },
    // The event bus's sample pair (docs/events.md): staging only until production runs platform.events.
    orders: {},
    notifier: {},
  },
});
