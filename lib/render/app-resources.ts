import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import { WorkloadKind } from '../model/app-spec';
import type { ClusterDefinition } from '../model/cluster';
import { DEFAULTS } from '../model/defaults';
import type { ResolvedApp } from '../model/resolved-app';
import type { ServiceCall } from '../model/service-calls';
import { appLabels, podSecurityLabels, selectorLabels, workloadLabels } from './labels';
import { AMBIENT_LABEL, AppMeshPolicies, USE_WAYPOINT_LABEL, WAYPOINT_NAME, waypointPolicy } from './mesh-policies';
import { AppNetworkPolicies } from './network-policies';
import { isLocalCluster } from '../model/cluster';
import { objectNames } from './object-names';
import { podTemplate } from './pod-template';
import { AppDelivery } from './app-delivery';
import { SmokeHookJob } from './smoke';
import { ROLLOUT_ROLE_LABEL, ROLLOUTS_API_VERSION } from './rollout';
import { AppExternalSecret } from '../../platform/external-secrets/app-external-secret';
import { AppKafkaCredentials } from '../../platform/events/app-kafka-credentials';
import { AppIngress } from '../../platform/ingress/app-ingress';
import { AppDashboard } from '../../platform/monitoring/app-dashboard';
import { AppMetricsMonitor } from '../../platform/monitoring/app-monitor';
import { AppPrometheusRule } from '../../platform/monitoring/app-rules';

export interface AppResourcesProps {
  readonly app: ResolvedApp;
  readonly cluster: ClusterDefinition;
  /** Who may call whom in the cluster (serviceCalls of its apps): network and mesh policies derive from it. */
  readonly calls: readonly ServiceCall[];
}

/**
 * The golden path: everything one app needs in one cluster, in its own namespace. Web services get a
 * Deployment and a Service (and an ALB Ingress when public), workers a Deployment, cron jobs a CronJob; all
 * get a ServiceAccount, network policies, a ConfigMap for plain config, an ExternalSecret for their secrets
 * and, when they scale past one replica, a PodDisruptionBudget. In a cluster with monitoring, apps also get
 * their alerts (PrometheusRule, with SLO rules when they have SLOs) and, when they expose metrics, a
 * ServiceMonitor or PodMonitor and a Grafana dashboard.
 */
export class AppResources extends Construct {
  constructor(scope: Construct, id: string, props: AppResourcesProps) {
    super(scope, id);
    const { app, cluster, calls } = props;
    const namespace = app.name;
    const name = objectNames.workload(app);
    const metadata = { name, namespace, labels: appLabels(app) };

    new k8s.KubeNamespace(this, 'namespace', {
      metadata: {
        name: namespace,
        labels: {
          ...appLabels(app),
          ...podSecurityLabels(cluster.kubernetesVersion),
          // Rollouts wait until the load balancer sees new pods healthy before old ones go.
          ...(app.ingress === undefined || isLocalCluster(cluster)
            ? {}
            : { 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' }),
          ...(app.mesh ? { [AMBIENT_LABEL.key]: AMBIENT_LABEL.value } : {}),
          ...(waypointPolicy(app, calls) === undefined ? {} : { [USE_WAYPOINT_LABEL]: WAYPOINT_NAME }),
        },
      },
    });
    new k8s.KubeServiceAccount(this, 'service-account', { metadata, automountServiceAccountToken: false });
    if (Object.keys(app.config).length > 0) {
      new k8s.KubeConfigMap(this, 'config', {
        metadata: { ...metadata, name: objectNames.config(app) },
        data: Object.fromEntries(
          Object.keys(app.config)
            .sort()
            .map((key) => [key, app.config[key]!]),
        ),
      });
    }
    new AppNetworkPolicies(this, 'network-policies', { app, cluster, calls });
    new AppMeshPolicies(this, 'mesh-policies', { app, cluster, calls });
    new AppExternalSecret(this, 'secrets', { app, cluster });
    new AppKafkaCredentials(this, 'kafka-credentials', { app, cluster });
    if (cluster.platform?.monitoring !== undefined) {
      new AppMetricsMonitor(this, 'metrics-monitor', { app });
      new AppPrometheusRule(this, 'rules', { app });
      new AppDashboard(this, 'dashboard', { app });
    }

    const workloadMetadata = { ...metadata, labels: workloadLabels(app) };
    if (app.kind === WorkloadKind.CRON_JOB) {
      this.renderCronJob(app, workloadMetadata);
      return;
    }
    if (app.delivery === undefined) this.renderDeployment(app, workloadMetadata);
    else new AppDelivery(this, 'delivery', { app, delivery: app.delivery, cluster });
    // Without a Rollout, the smoke test runs after every sync (with one, the Rollout runs it: AppDelivery).
    if (app.delivery === undefined && app.smoke !== undefined) {
      new SmokeHookJob(this, 'smoke', {
        app,
        smoke: app.smoke,
        ...(app.kind === WorkloadKind.WEB_SERVICE ? { service: objectNames.workload(app) } : {}),
      });
    }
    if (app.kind === WorkloadKind.WEB_SERVICE) this.renderServices(app, metadata);
    if (app.autoscaling !== undefined) {
      new k8s.KubeHorizontalPodAutoscalerV2(this, 'autoscaler', {
        metadata,
        spec: {
          // With a Rollout the autoscaler scales it (Argo Rollouts serves the scale subresource).
          scaleTargetRef:
            app.delivery === undefined
              ? { apiVersion: 'apps/v1', kind: 'Deployment', name }
              : { apiVersion: ROLLOUTS_API_VERSION, kind: 'Rollout', name },
          minReplicas: app.autoscaling.minReplicas,
          maxReplicas: app.autoscaling.maxReplicas,
          metrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: app.autoscaling.cpuTargetPercent },
              },
            },
          ],
        },
      });
    }
    const lowestReplicas = app.autoscaling?.minReplicas ?? app.replicas ?? 1;
    if (lowestReplicas > 1) {
      new k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
        metadata,
        spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selectorLabels(app) } },
      });
    }
    new AppIngress(this, 'ingress', { app, cluster });
  }

  private renderDeployment(app: ResolvedApp, metadata: k8s.ObjectMeta): void {
    new k8s.KubeDeployment(this, 'deployment', {
      metadata,
      spec: {
        ...(app.replicas === undefined ? {} : { replicas: app.replicas }),
        revisionHistoryLimit: DEFAULTS.revisionHistoryLimit,
        selector: { matchLabels: selectorLabels(app) },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: k8s.IntOrString.fromString('25%'), maxUnavailable: k8s.IntOrString.fromNumber(0) },
        },
        template: podTemplate(app),
      },
    });
  }

  /**
   * The app's Service, plus the Services Argo Rollouts steers: stable and canary (canary), preview (blue-green,
   * where the app's own Service is the active one). The extra ones carry the role label, which the app's
   * ServiceMonitor excludes: each pod is scraped once, through the app's own Service.
   */
  private renderServices(app: ResolvedApp, metadata: k8s.ObjectMeta): void {
    this.renderService(app, metadata, 'service');
    const extra: [string, string][] =
      app.delivery?.strategy === 'canary'
        ? [
            [objectNames.stableService(app), 'stable'],
            [objectNames.canaryService(app), 'canary'],
          ]
        : app.delivery?.strategy === 'blueGreen'
          ? [[objectNames.preview(app), 'preview']]
          : [];
    for (const [serviceName, role] of extra) {
      this.renderService(
        app,
        { ...metadata, name: serviceName, labels: { ...metadata.labels, [ROLLOUT_ROLE_LABEL]: role } },
        `service-${role}`,
      );
    }
  }

  private renderService(app: ResolvedApp, metadata: k8s.ObjectMeta, id: string): void {
    new k8s.KubeService(this, id, {
      metadata,
      spec: {
        type: 'ClusterIP',
        selector: selectorLabels(app),
        ports: app.ports.map((port) => ({
          name: port.name,
          port: port.port,
          targetPort: k8s.IntOrString.fromString(port.name),
          protocol: 'TCP',
        })),
      },
    });
  }

  private renderCronJob(app: ResolvedApp, metadata: k8s.ObjectMeta): void {
    new k8s.KubeCronJob(this, 'cron-job', {
      metadata,
      spec: {
        schedule: app.schedule!,
        timeZone: DEFAULTS.cronTimeZone,
        concurrencyPolicy: 'Forbid',
        suspend: app.suspend,
        startingDeadlineSeconds: DEFAULTS.cronStartingDeadlineSeconds,
        successfulJobsHistoryLimit: DEFAULTS.cronHistoryLimit,
        failedJobsHistoryLimit: DEFAULTS.cronHistoryLimit,
        jobTemplate: {
          metadata: { labels: workloadLabels(app) },
          spec: {
            backoffLimit: DEFAULTS.cronBackoffLimit,
            ttlSecondsAfterFinished: DEFAULTS.cronTtlSecondsAfterFinished,
            template: podTemplate(app, { restartPolicy: 'Never' }),
          },
        },
      },
    });
  }
}
