import type { Construct } from 'constructs';
import { type ClusterDefinition, isAwsCluster } from '../model/cluster';
import { DEFAULTS } from '../model/defaults';
import { PlatformComponent } from '../model/platform-settings';
import { KARPENTER_SERVICE_ACCOUNT, platformServiceAccount } from '../naming';
import { BackupStack } from '../../platform/backup/backup-stack';
import { CloudWatchStack } from '../../platform/cloudwatch/cloudwatch-stack';
import { ClusterAddonsStack } from '../../platform/cluster-addons/cluster-addons-stack';
import { KarpenterStack } from '../../platform/karpenter/karpenter-stack';
import { ExternalSecretsStack } from '../../platform/external-secrets/external-secrets-stack';
import { IngressStack } from '../../platform/ingress/ingress-stack';
import { LoggingStack } from '../../platform/logging/logging-stack';
import { CostStack, OPENCOST_NAMESPACE } from '../../platform/cost/cost-stack';
import { MeshStack } from '../../platform/mesh/mesh-stack';
import { ISTIO_NAMESPACE } from '../../platform/mesh/values';
import { AlertReceivers } from '../../platform/monitoring/alert-receivers';
import { MonitoringStack } from '../../platform/monitoring/monitoring-stack';
import { RolloutsStack } from '../../platform/rollouts/rollouts-stack';
import { ARGO_ROLLOUTS_NAMESPACE } from '../../platform/rollouts/values';
import { PLATFORM_TEAM } from '../../platform/shared/labels';
import { TracingStack } from '../../platform/tracing/tracing-stack';
import { EventsStack } from '../../platform/events/events-stack';
import { KAFKA_NAMESPACE } from '../events/names';
import { type OutputUnit, UnitCategory, type UnitProvider } from './output-unit';

/**
 * Sync waves of the platform units. The root Application waits for each wave's Applications to be healthy
 * before it creates the next wave, so a unit must never need a CRD or Secret from a later wave (`npm run
 * converge` proves it):
 *
 * - karpenter (-45) first: its controller runs on the tainted system pool, and every other pod needs the nodes
 *   its NodePools launch;
 * - cluster add-ons (-40): the default StorageClass (Prometheus' and Loki's volumes), metrics-server and
 *   cert-manager, whose CRDs and webhook the AWS Load Balancer Controller's certificate needs;
 * - external secrets (-30) first: monitoring's ExternalSecrets (Alertmanager receivers, Grafana admin) need
 *   its CRDs and ClusterSecretStore, and Grafana and Alertmanager only become healthy once those Secrets
 *   exist. The operator chart's own ServiceMonitors are rendered only when the ServiceMonitor CRD exists
 *   (the chart checks `.Capabilities`), so they appear on a later sync, after monitoring, without blocking;
 * - mesh (-35), when on: Istio ambient (base, istiod, istio-cni, ztunnel in that order inside its folder) after
 *   metrics-server (istiod's autoscaler) and before any app pod starts, so every enrolled pod is captured by
 *   istio-cni from its first start, and before the apps' PeerAuthentications and AuthorizationPolicies, which
 *   istiod's webhook admits;
 * - monitoring (-20): the Prometheus Operator CRDs every later component's ServiceMonitors need; its alert
 *   receivers (-20 too) are an optional unit: nothing waits for the values a person sets later;
 * - ingress (-15): its charts' ServiceMonitors need monitoring's CRDs, so it comes after monitoring rather
 *   than in the same wave (where it would only converge through retries);
 * - logging (-10): Loki's and Alloy's ServiceMonitors need monitoring's CRDs too;
 * - cost (-10): OpenCost's ServiceMonitor needs monitoring's CRDs, and it queries monitoring's Prometheus.
 * - backup (-5): Velero's ServiceMonitor and PrometheusRule need monitoring's CRDs, and its first backups should
 *   hold a cluster whose platform is already there.
 * - rollouts (-5): Argo Rollouts' CRDs, which the Rollouts and AnalysisTemplates of apps (wave 0) need; its
 *   controller's ServiceMonitor needs monitoring's CRDs.
 * - cloudwatch (-15): YACE's ServiceMonitor and the data store PrometheusRule need monitoring's CRDs;
 * - tracing (-10): Tempo's ServiceMonitor needs monitoring's CRDs; Alloy (logging) forwards to it and retries
 *   until it is up, so neither waits for the other.
 * - events (-5): Kafka Exporter's PodMonitor and rules need monitoring's CRDs; apps (wave 0) read their Kafka
 *   credentials through External Secrets, so the KafkaUsers' Secrets exist before the apps start.
 *
 * Apps follow at wave 0. Inside a folder a chart's Application is at -1 and the custom resources that need
 * its CRDs at 0; Secrets a chart mounts come from ExternalSecrets at -2 (PLATFORM_SECRET_SYNC_WAVE).
 */
export const PLATFORM_SYNC_WAVES: Readonly<Record<PlatformComponent, number>> = {
  [PlatformComponent.KARPENTER]: -45,
  [PlatformComponent.CLUSTER_ADDONS]: -40,
  [PlatformComponent.MESH]: -35,
  [PlatformComponent.EXTERNAL_SECRETS]: -30,
  [PlatformComponent.MONITORING]: -20,
  [PlatformComponent.ALERT_RECEIVERS]: -20,
  [PlatformComponent.INGRESS]: -15,
  [PlatformComponent.LOGGING]: -10,
  [PlatformComponent.COST]: -10,
  [PlatformComponent.BACKUP]: -5,
  [PlatformComponent.ROLLOUTS]: -5,
  [PlatformComponent.CLOUDWATCH]: -15,
  [PlatformComponent.TRACING]: -10,
  [PlatformComponent.EVENTS]: -5,
};

/** Source files a reader edits to change a component's output. */
function componentSources(component: PlatformComponent, clusterFile: string): string[] {
  const folder = component === PlatformComponent.ALERT_RECEIVERS ? PlatformComponent.MONITORING : component;
  return [`platform/${folder}/`, clusterFile];
}

/** One unit per platform component enabled in the cluster's `platform` settings, in a fixed order. */
export const platformUnits: UnitProvider = (cluster) => {
  const definition: ClusterDefinition = cluster.definition;
  const platform = definition.platform ?? {};
  const unit = (component: PlatformComponent, namespace: string, render: (scope: Construct) => void): OutputUnit => ({
    folder: component,
    namespace,
    category: UnitCategory.PLATFORM,
    team: PLATFORM_TEAM,
    syncWave: PLATFORM_SYNC_WAVES[component],
    sources: componentSources(component, cluster.file),
    render,
  });
  const units: OutputUnit[] = [];
  // Foundations every AWS cluster has: nothing else schedules, binds a volume or scales without them. A local
  // k3d cluster has neither Karpenter nor EBS, and k3s bundles a default StorageClass and metrics-server.
  if (isAwsCluster(definition)) {
    units.push(
      unit(PlatformComponent.KARPENTER, KARPENTER_SERVICE_ACCOUNT.namespace, (scope) => {
        new KarpenterStack(scope, 'karpenter', { cluster: definition });
      }),
      unit(PlatformComponent.CLUSTER_ADDONS, 'kube-system', (scope) => {
        new ClusterAddonsStack(scope, 'cluster-addons', { cluster: definition });
      }),
    );
  }
  const { monitoring, externalSecrets, ingress, logging, cost, backup, rollouts, mesh, cloudwatch, tracing } = platform;
  if (mesh !== undefined) {
    units.push(
      unit(PlatformComponent.MESH, ISTIO_NAMESPACE, (scope) => {
        new MeshStack(scope, 'mesh', { cluster: definition, settings: mesh });
      }),
    );
  }
  if (monitoring !== undefined) {
    units.push(
      unit(PlatformComponent.MONITORING, DEFAULTS.monitoringNamespace, (scope) => {
        new MonitoringStack(scope, 'monitoring', { cluster: definition, settings: monitoring });
      }),
      {
        ...unit(PlatformComponent.ALERT_RECEIVERS, DEFAULTS.monitoringNamespace, (scope) => {
          new AlertReceivers(scope, 'alert-receivers', { cluster: definition, settings: monitoring });
        }),
        optional: true,
      },
    );
  }
  if (externalSecrets !== undefined) {
    units.push(
      unit(PlatformComponent.EXTERNAL_SECRETS, platformServiceAccount('external-secrets').namespace, (scope) => {
        new ExternalSecretsStack(scope, 'external-secrets', { cluster: definition, settings: externalSecrets });
      }),
    );
  }
  // AWS-only components: check-platform refuses them on a local cluster.
  if (ingress !== undefined && isAwsCluster(definition)) {
    units.push(
      unit(PlatformComponent.INGRESS, platformServiceAccount('aws-load-balancer-controller').namespace, (scope) => {
        new IngressStack(scope, 'ingress', { cluster: definition, settings: ingress });
      }),
    );
  }
  if (logging !== undefined && isAwsCluster(definition)) {
    units.push(
      unit(PlatformComponent.LOGGING, platformServiceAccount('loki').namespace, (scope) => {
        new LoggingStack(scope, 'logging', { cluster: definition, settings: logging });
      }),
    );
  }
  if (cost !== undefined) {
    units.push(
      unit(PlatformComponent.COST, OPENCOST_NAMESPACE, (scope) => {
        new CostStack(scope, 'cost', { cluster: definition, settings: cost });
      }),
    );
  }
  if (backup !== undefined && isAwsCluster(definition)) {
    units.push(
      unit(PlatformComponent.BACKUP, platformServiceAccount('velero').namespace, (scope) => {
        new BackupStack(scope, 'backup', { cluster: definition, settings: backup });
      }),
    );
  }
  if (rollouts !== undefined) {
    units.push(
      unit(PlatformComponent.ROLLOUTS, ARGO_ROLLOUTS_NAMESPACE, (scope) => {
        new RolloutsStack(scope, 'rollouts', { cluster: definition, settings: rollouts });
      }),
    );
  }
  if (cloudwatch !== undefined && isAwsCluster(definition)) {
    units.push(
      unit(PlatformComponent.CLOUDWATCH, platformServiceAccount('cloudwatch-exporter').namespace, (scope) => {
        new CloudWatchStack(scope, 'cloudwatch', { cluster: definition, settings: cloudwatch });
      }),
    );
  }
  if (tracing !== undefined && isAwsCluster(definition)) {
    units.push(
      unit(PlatformComponent.TRACING, platformServiceAccount('tempo').namespace, (scope) => {
        new TracingStack(scope, 'tracing', { cluster: definition, settings: tracing });
      }),
    );
  }
  const events = platform.events;
  if (events !== undefined) {
    const eventUnit = unit(PlatformComponent.EVENTS, KAFKA_NAMESPACE, (scope) => {
      new EventsStack(scope, 'events', { cluster: definition, settings: events, apps: cluster.apps });
    });
    // Topics and users come from the apps' declarations: their spec files are sources too.
    const appFiles = cluster.apps.filter((app) => app.events !== undefined).map((app) => app.sources[0]!);
    units.push({ ...eventUnit, sources: [...eventUnit.sources, ...appFiles] });
  }
  return units;
};
