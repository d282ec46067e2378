import { defineCluster, Environment, HeartbeatProvider, LokiMode, SyncWindowKind } from '../lib';

/** Production: changes only through promotion pull requests reviewed by the platform team. */
export default defineCluster({
  name: 'production',
  environment: Environment.PRODUCTION,
  // Gated: app specs and images change only by `npm run promote` (clusters/production.promoted/, docs/promotion.md).
  promotion: { from: 'staging' },
  awsAccountId: '222222222222',
  awsRegion: 'eu-west-1',
  kubernetesVersion: '1.34',
  baseDomain: 'example.com',
  vpcCidr: '10.30.0.0/16',
  argocd: {
    // Log in through Okta; the client secret is production/platform/argocd (oidc-client-secret) in Secrets Manager.
    // The local admin is off: break-glass in docs/security.md.
    sso: { issuer: 'https://acme.okta.com/oauth2/default', clientId: '0oa1production2argocd3' },
    // Prune too: what reaches main went through a reviewed pull request (CODEOWNERS), which is the gate.
    autoSyncPrune: true,
    autoSyncSelfHeal: true,
    highAvailability: true,
    // Commit statuses (argocd/production/<app>) for the promotion gate and deploy messages in Slack; the App key
    // and Slack token are in Secrets Manager (production/platform/argocd-notifications).
    notifications: { githubAppId: 1029384, githubInstallationId: 56473829, slackChannel: '#deploys-production' },
    // Automated syncs wait outside office hours; a person may still sync by hand (manualSync).
    syncWindows: [
      {
        kind: SyncWindowKind.DENY,
        schedule: '0 20 * * 1-4',
        duration: '11h',
        timeZone: 'Europe/Dublin',
        description: 'Weeknights: no automated syncs from 20:00 to 07:00 (Monday to Thursday)',
      },
      {
        kind: SyncWindowKind.DENY,
        schedule: '0 20 * * 5',
        duration: '59h',
        timeZone: 'Europe/Dublin',
        description: 'Weekends: no automated syncs from Friday 20:00 to Monday 07:00',
      },
    ],
  },
  platform: {
    monitoring: {
      prometheusReplicas: 2,
      prometheusRetentionDays: 30,
      prometheusStorageGi: 200,
      alertmanagerReplicas: 3,
      grafanaReplicas: 1,
      alerting: {
        slackChannel: '#alerts-production',
        pagerDuty: true,
        // Dead man's switch: Watchdog pings a PagerDuty heartbeat every minute (URL: heartbeat-url in Secrets Manager).
        heartbeat: { provider: HeartbeatProvider.PAGERDUTY },
      },
    },
    // Microservices, 3 of each on the write and read paths: replication factor 3, ingesters in three zones.
    logging: { lokiMode: LokiMode.DISTRIBUTED, lokiReplicas: 3 },
    externalSecrets: { replicas: 2 },
    ingress: { controllerReplicas: 2 },
    // Velero: cluster state every 30 minutes, volumes every 2 hours, kept 30 days in the backup copy region.
    backup: {},
    // OpenCost: cost per team, app and environment (docs/platform.md, "Cost").
    cost: {},
    // RDS and ElastiCache alerts from CloudWatch (YACE), default thresholds.
    cloudwatch: {},
    // Tempo, 7 days on S3; apps opt in with `tracing` (10% of new traces by default).
    tracing: {},
    // Argo Rollouts, two controllers (one leader), for apps with a canary or blue-green `delivery`.
    rollouts: { controllerReplicas: 2 },
    // Not yet: the mesh and the event bus run in staging first (docs/platform.md "Service mesh", docs/events.md).
  },
  apps: {
    gateway: {
      autoscaling: { minReplicas: 3, maxReplicas: 12, cpuTargetPercent: 65 },
      resources: { cpuRequestMilli: 500, memoryRequestMi: 512, memoryLimitMi: 1024 },
    },
    web: {
      autoscaling: { minReplicas: 3, maxReplicas: 10 },
      resources: { cpuRequestMilli: 400, memoryRequestMi: 384, memoryLimitMi: 768 },
    },
    worker: { replicas: 3, resources: { cpuRequestMilli: 250, memoryRequestMi: 384, memoryLimitMi: 768 } },
    report: { resources: { memoryRequestMi: 512, memoryLimitMi: 1024 } },
  },
});
