import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DEFAULTS } from '../../lib/model/defaults';
import { PlatformComponent } from '../../lib/model/platform-settings';
import { platformServiceAccount } from '../../lib/naming';
import { platformLabels } from '../shared/labels';
import { RESTORE_DRILL_NAMESPACE } from './restore-drill';

/** Port of Velero's metrics endpoint (the chart's `http-monitoring`). */
export const VELERO_METRICS_PORT = 8085;

export interface BackupNetworkPoliciesProps {
  /** Admit Prometheus (from the monitoring namespace) to Velero's metrics port. */
  readonly monitoring: boolean;
  /** The scratch namespace of the restore drill exists. */
  readonly restoreDrill: boolean;
}

/**
 * Ingress is denied by default in Velero's namespace (nothing calls Velero but Prometheus) and in the drill's
 * scratch namespace, where only restored objects, never pods, live. Egress stays open in Velero's namespace: the
 * server reaches S3 in another region and the Kubernetes API, whose addresses no selector names.
 */
export class BackupNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: BackupNetworkPoliciesProps) {
    super(scope, id);
    const velero = platformServiceAccount('velero').namespace;
    const labels = platformLabels(PlatformComponent.BACKUP);
    const policy = (name: string, namespace: string, spec: Record<string, unknown>) =>
      new ApiObject(this, `${namespace}-${name}`, {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name, namespace, labels },
        spec,
      });
    policy('default-deny', velero, { podSelector: {}, policyTypes: ['Ingress'] });
    if (props.monitoring) {
      policy('allow-prometheus', velero, {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'velero' } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': DEFAULTS.monitoringNamespace } } },
            ],
            ports: [{ protocol: 'TCP', port: VELERO_METRICS_PORT }],
          },
        ],
      });
    }
    if (props.restoreDrill) {
      policy('restore-drill-default-deny', RESTORE_DRILL_NAMESPACE, {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
      });
    }
  }
}
