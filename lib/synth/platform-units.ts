import type { Construct } from 'constructs';
import type { ClusterDefinition } from '../model/cluster';
import { DEFAULTS } from '../model/defaults';
import { PlatformComponent } from '../model/platform-settings';
import { platformServiceAccount } from '../naming';
import { ExternalSecretsStack } from '../../platform/external-secrets/external-secrets-stack';
import { IngressStack } from '../../platform/ingress/ingress-stack';
import { LoggingStack } from '../../platform/logging/logging-stack';
import { MonitoringStack } from '../../platform/monitoring/monitoring-stack';
import { PLATFORM_TEAM } from '../../platform/shared/labels';
import { type OutputUnit, UnitCategory, type UnitProvider } from './output-unit';

/**
 * Sync waves of the platform units: the Prometheus Operator's CRDs first (every other component's
 * ServiceMonitors need them), then the other operators with CRDs or webhooks apps rely on, then logging.
 * Apps follow at wave 0.
 */
export const PLATFORM_SYNC_WAVES: Readonly<Record<PlatformComponent, number>> = {
  [PlatformComponent.MONITORING]: -30,
  [PlatformComponent.EXTERNAL_SECRETS]: -20,
  [PlatformComponent.INGRESS]: -20,
  [PlatformComponent.LOGGING]: -10,
};

/** Source files a reader edits to change a component's output. */
function componentSources(component: PlatformComponent, clusterFile: string): string[] {
  return [`platform/${component}/`, clusterFile];
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
  const { monitoring, externalSecrets, ingress, logging } = platform;
  if (monitoring !== undefined) {
    units.push(
      unit(PlatformComponent.MONITORING, DEFAULTS.monitoringNamespace, (scope) => {
        new MonitoringStack(scope, 'monitoring', { cluster: definition, settings: monitoring });
      }),
    );
  }
  if (externalSecrets !== undefined) {
    units.push(
      unit(PlatformComponent.EXTERNAL_SECRETS, platformServiceAccount('external-secrets').namespace, (scope) => {
        new ExternalSecretsStack(scope, 'external-secrets', { cluster: definition, settings: externalSecrets });
      }),
    );
  }
  if (ingress !== undefined) {
    units.push(
      unit(PlatformComponent.INGRESS, platformServiceAccount('aws-load-balancer-controller').namespace, (scope) => {
        new IngressStack(scope, 'ingress', { cluster: definition, settings: ingress });
      }),
    );
  }
  if (logging !== undefined) {
    units.push(
      unit(PlatformComponent.LOGGING, platformServiceAccount('loki').namespace, (scope) => {
        new LoggingStack(scope, 'logging', { cluster: definition, settings: logging });
      }),
    );
  }
  return units;
};
