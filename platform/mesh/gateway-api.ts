import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ChartInstallsTable } from '../../lib/converge/chart-installs';
import { chartInstalls } from '../../lib/converge/chart-installs';
import { PlatformComponent } from '../../lib/model/platform-settings';
import { ARGOCD_NAMESPACE, IN_CLUSTER, PLATFORM_PROJECT, SYNC_WAVE_ANNOTATION } from '../shared/argocd';
import { platformLabels } from '../shared/labels';

/**
 * Gateway API's standard-channel CRDs (Gateway, HTTPRoute...), which waypoints and mesh routes are made of and
 * which neither EKS nor Istio's charts install. They have no Helm chart: Argo CD applies the release's
 * `config/crd/standard` directory from the project's repository at a pinned tag.
 */
export const GATEWAY_API_SOURCE = {
  repoURL: 'https://github.com/kubernetes-sigs/gateway-api.git',
  path: 'config/crd/standard',
  targetRevision: 'v1.5.1',
} as const;

const GATEWAY_API_CRDS = [
  'BackendTLSPolicy',
  'GRPCRoute',
  'Gateway',
  'GatewayClass',
  'HTTPRoute',
  'ListenerSet',
  'ReferenceGrant',
  'TLSRoute',
].map((kind) => `gateway.networking.k8s.io/${kind}`);

/** What the directory installs, for converge (lib/converge/chart-catalog.ts, REMOTE_SOURCE_CATALOG). */
export const GATEWAY_API_INSTALLS: ChartInstallsTable = {
  chart: `${GATEWAY_API_SOURCE.repoURL}#${GATEWAY_API_SOURCE.path}`,
  allCrds: GATEWAY_API_CRDS,
  installs: () => chartInstalls({ crds: GATEWAY_API_CRDS }),
};

export interface GatewayApiCrdsProps {
  readonly syncWave: number;
}

/** The Argo CD Application that installs the Gateway API CRDs (server-side: they exceed the annotation limit). */
export class GatewayApiCrds extends Construct {
  constructor(scope: Construct, id: string, props: GatewayApiCrdsProps) {
    super(scope, id);
    new ApiObject(this, 'application', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'gateway-api-crds',
        namespace: ARGOCD_NAMESPACE,
        labels: platformLabels(PlatformComponent.MESH),
        annotations: { [SYNC_WAVE_ANNOTATION]: String(props.syncWave) },
        // No resources finalizer, as for the charts: deleting the Application must not delete the CRDs.
      },
      spec: {
        project: PLATFORM_PROJECT,
        source: { ...GATEWAY_API_SOURCE },
        destination: { server: IN_CLUSTER },
        syncPolicy: {
          automated: { prune: false, selfHeal: true },
          syncOptions: ['ServerSideApply=true'],
          retry: { limit: -1, backoff: { duration: '30s', factor: 2, maxDuration: '5m' } },
        },
      },
    });
  }
}
