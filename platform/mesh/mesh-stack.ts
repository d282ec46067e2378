import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import type { ClusterDefinition } from '../../lib/model/cluster';
import { DEFAULTS } from '../../lib/model/defaults';
import { type MeshSettings, PlatformComponent } from '../../lib/model/platform-settings';
import { SYNC_WAVE_ANNOTATION } from '../shared/argocd';
import { HelmApplication } from '../shared/helm-application';
import { platformLabels } from '../shared/labels';
import { podSecurityLabels } from '../../lib/render/labels';
import { ISTIO_BASE_CHART, ISTIO_CNI_CHART, ISTIOD_CHART, ZTUNNEL_CHART } from './charts';
import { GatewayApiCrds } from './gateway-api';
import { nodeAgentWaivers } from './node-agent-waivers';
import {
  ISTIO_NAMESPACE,
  ISTIO_NODE_NAMESPACE,
  istioBaseValues,
  istioCniValues,
  istiodValues,
  TRACING_PROVIDER,
  ztunnelValues,
} from './values';

/**
 * Install order inside the mesh folder (Argo CD sync waves): the namespaces, then base and the Gateway API CRDs
 * (waypoints are Gateways), istiod (its
 * webhook admits every Istio resource and it is the CA ztunnel asks for certificates), istio-cni (it must run on
 * a node before ztunnel, or ztunnel has no pods to serve), ztunnel, and last the mesh-wide custom resources.
 */
export const MESH_SYNC_WAVES = {
  namespaces: -6,
  base: -5,
  istiod: -4,
  cni: -3,
  ztunnel: -2,
  resources: 0,
} as const;

export interface MeshStackProps {
  readonly cluster: ClusterDefinition;
  readonly settings: MeshSettings;
}

/** Istio in ambient mode: its four charts in order, the namespaces they run in, and mesh-wide tracing. */
export class MeshStack extends Construct {
  constructor(scope: Construct, id: string, props: MeshStackProps) {
    super(scope, id);
    const { cluster, settings } = props;
    const labels = platformLabels(PlatformComponent.MESH);
    const wave = (value: number) => ({ [SYNC_WAVE_ANNOTATION]: String(value) });
    // Warnings and audit events stay at restricted: they keep showing what the node agents do beyond it.
    const podSecurity = (level: 'restricted' | 'privileged') => podSecurityLabels(cluster.kubernetesVersion, level);
    const namespaces: [string, 'restricted' | 'privileged', Record<string, string>][] = [
      [ISTIO_NAMESPACE, 'restricted', {}],
      // Only the node agents run privileged, in a namespace of their own.
      [ISTIO_NODE_NAMESPACE, 'privileged', nodeAgentWaivers()],
    ];
    for (const [name, level, waivers] of namespaces) {
      new k8s.KubeNamespace(this, `namespace-${name}`, {
        metadata: {
          name,
          labels: { ...labels, ...podSecurity(level) },
          annotations: { ...wave(MESH_SYNC_WAVES.namespaces), ...waivers },
        },
      });
      // The charts render NetworkPolicies for their own ports (global.networkPolicy.enabled); nothing else gets in.
      new k8s.KubeNetworkPolicy(this, `default-deny-${name}`, {
        metadata: {
          name: `${name}-default-deny`,
          namespace: name,
          labels,
          annotations: wave(MESH_SYNC_WAVES.namespaces),
        },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      });
    }

    const chart = (
      id: string,
      pin: typeof ISTIO_BASE_CHART,
      namespace: string,
      values: Record<string, unknown>,
      syncWave: number,
    ) =>
      new HelmApplication(this, id, {
        component: PlatformComponent.MESH,
        pin,
        platform: cluster.platform,
        releaseName: id,
        namespace,
        values,
        syncWave,
      });
    const tracing = {
      service: settings.tracing?.otlpService ?? DEFAULTS.meshTracingService,
      port: settings.tracing?.otlpPort ?? DEFAULTS.meshTracingPort,
    };
    chart('istio-base', ISTIO_BASE_CHART, ISTIO_NAMESPACE, istioBaseValues(), MESH_SYNC_WAVES.base);
    // Before istiod, so it serves waypoints and mesh routes from its start.
    new GatewayApiCrds(this, 'gateway-api', { syncWave: MESH_SYNC_WAVES.base });
    chart(
      'istiod',
      ISTIOD_CHART,
      ISTIO_NAMESPACE,
      istiodValues({ replicas: settings.istiodReplicas, tracing }),
      MESH_SYNC_WAVES.istiod,
    );
    chart('istio-cni', ISTIO_CNI_CHART, ISTIO_NODE_NAMESPACE, istioCniValues(), MESH_SYNC_WAVES.cni);
    chart('ztunnel', ZTUNNEL_CHART, ISTIO_NODE_NAMESPACE, ztunnelValues(), MESH_SYNC_WAVES.ztunnel);

    // Mesh-wide (root namespace): spans of every waypoint go to the OTLP provider; ztunnel itself is L4 and
    // emits none. Apps must forward the W3C trace headers (traceparent) for the spans to join up.
    new ApiObject(this, 'telemetry', {
      apiVersion: 'telemetry.istio.io/v1',
      kind: 'Telemetry',
      metadata: {
        name: 'mesh-default',
        namespace: ISTIO_NAMESPACE,
        labels,
        annotations: wave(MESH_SYNC_WAVES.resources),
      },
      spec: {
        tracing: [
          {
            providers: [{ name: TRACING_PROVIDER }],
            randomSamplingPercentage: settings.tracing?.samplingPercent ?? DEFAULTS.meshTracingSamplingPercent,
          },
        ],
      },
    });
  }
}
