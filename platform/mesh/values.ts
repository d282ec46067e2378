import type { HelmValues } from '../shared/helm-application';

/**
 * Helm values of the four Istio charts. Istio's values.yaml nests every default under
 * `_internal_defaults_do_not_set`; releases set the same keys at the top level (chart-rules.ts checks them there).
 */

/** Where istiod runs (and the mesh's root namespace: mesh-wide Telemetry lives here). */
export const ISTIO_NAMESPACE = 'istio-system';

/**
 * Where the two privileged node agents run, apart from istiod: only this namespace enforces the privileged Pod
 * Security Standard, and istiod trusts ztunnel here (`trustedZtunnelNamespace`).
 */
export const ISTIO_NODE_NAMESPACE = 'istio-node';

/** Name of the mesh's OpenTelemetry tracing provider in meshConfig; the Telemetry resource refers to it. */
export const TRACING_PROVIDER = 'otlp-tracing';

/** Each chart renders NetworkPolicies for its own ports, so its namespace can deny everything else by default. */
const NETWORK_POLICIES = { networkPolicy: { enabled: true } } as const;

/** istio/base: CRDs as templates, so an Argo CD sync upgrades them with the chart (Helm never upgrades `crds/`). */
export function istioBaseValues(): HelmValues {
  return { base: { enableCRDTemplates: true }, defaultRevision: 'default' };
}

export interface IstiodValuesProps {
  readonly replicas: number;
  readonly tracing: { readonly service: string; readonly port: number };
}

/** istio/istiod in ambient mode (the chart's `ambient` profile), restricted-compatible (RuntimeDefault seccomp). */
export function istiodValues(props: IstiodValuesProps): HelmValues {
  return {
    profile: 'ambient',
    replicaCount: props.replicas,
    autoscaleMin: props.replicas,
    autoscaleMax: Math.max(5, props.replicas),
    seccompProfile: { type: 'RuntimeDefault' },
    resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } },
    trustedZtunnelNamespace: ISTIO_NODE_NAMESPACE,
    // Waypoints run in app namespaces, which enforce restricted: their pods need the RuntimeDefault profile.
    gateways: { seccompProfile: { type: 'RuntimeDefault' } },
    global: { istioNamespace: ISTIO_NAMESPACE, ...NETWORK_POLICIES },
    meshConfig: {
      extensionProviders: [
        { name: TRACING_PROVIDER, opentelemetry: { service: props.tracing.service, port: props.tracing.port } },
      ],
    },
  };
}

/** istio/cni with ambient redirection (the chart's `ambient` profile turns `ambient.enabled` on). */
export function istioCniValues(): HelmValues {
  return {
    profile: 'ambient',
    seccompProfile: { type: 'RuntimeDefault' },
    resources: { requests: { cpu: '100m', memory: '100Mi' }, limits: { memory: '256Mi' } },
    global: NETWORK_POLICIES,
  };
}

/** istio/ztunnel, pointed at istiod in ISTIO_NAMESPACE. */
export function ztunnelValues(): HelmValues {
  return {
    istioNamespace: ISTIO_NAMESPACE,
    resources: { requests: { cpu: '200m', memory: '512Mi' }, limits: { memory: '1Gi' } },
    global: NETWORK_POLICIES,
  };
}
