import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import { WorkloadKind } from '../model/app-spec';
import type { ClusterDefinition } from '../model/cluster';
import { DEFAULTS } from '../model/defaults';
import type { ResolvedApp } from '../model/resolved-app';
import { appLabels, selectorLabels, workloadLabels } from './labels';
import { AppNetworkPolicies } from './network-policies';
import { objectNames } from './object-names';
import { podTemplate } from './pod-template';
import { AppExternalSecret } from '../../platform/external-secrets/app-external-secret';
import { AppKafkaCredentials } from '../../platform/events/app-kafka-credentials';
import { AppIngress } from '../../platform/ingress/app-ingress';
import { AppDashboard } from '../../platform/monitoring/app-dashboard';
import { AppMetricsMonitor } from '../../platform/monitoring/app-monitor';
import { AppPrometheusRule } from '../../platform/monitoring/app-rules';

export interface AppResourcesProps {
  readonly app: ResolvedApp;
  readonly cluster: ClusterDefinition;
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
    const { app, cluster } = props;
    const namespace = app.name;
    const name = objectNames.workload(app);
    const metadata = { name, namespace, labels: appLabels(app) };

    new k8s.KubeNamespace(this, 'namespace', {
      metadata: {
        name: namespace,
        labels: {
          ...appLabels(app),
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': `v${cluster.kubernetesVersion}`,
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
          // Rollouts wait until the load balancer sees new pods healthy before old ones go.
          ...(app.ingress === undefined ? {} : { 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' }),
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
    new AppNetworkPolicies(this, 'network-policies', { app, cluster });
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
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: workloadMetadata,
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
    if (app.kind === WorkloadKind.WEB_SERVICE) this.renderService(app, metadata);
    if (app.autoscaling !== undefined) {
      new k8s.KubeHorizontalPodAutoscalerV2(this, 'autoscaler', {
        metadata,
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
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

  private renderService(app: ResolvedApp, metadata: k8s.ObjectMeta): void {
    new k8s.KubeService(this, 'service', {
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
