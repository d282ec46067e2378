import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ClusterDefinition } from '../model/cluster';
import type { ResolvedApp } from '../model/resolved-app';
import { callsInto, type ServiceCall } from '../model/service-calls';
import { subnetLayout } from '../subnet-layout';
import { appLabels, selectorLabels } from './labels';
import { objectNames } from './object-names';

/** Namespace label that enrolls every pod of the namespace in the ambient mesh (istio-cni redirects it to ztunnel). */
export const AMBIENT_LABEL = { key: 'istio.io/dataplane-mode', value: 'ambient' } as const;

/** The mesh's trust domain (Istio's default `meshConfig.trustDomain`). */
export const TRUST_DOMAIN = 'cluster.local';

/** The SPIFFE identity ztunnel gives an app's pods: its namespace and ServiceAccount. */
export function meshPrincipal(app: ResolvedApp): string {
  return `${TRUST_DOMAIN}/ns/${app.name}/sa/${objectNames.workload(app)}`;
}

/**
 * The ports of an app that must accept plain text although the namespace is STRICT, because their callers are
 * outside the mesh: Prometheus (the monitoring namespace is not enrolled) on the metrics port, and the load
 * balancer on the port a public app's Ingress routes to. The NetworkPolicy admits only those sources there.
 */
export function plainTextPorts(app: ResolvedApp): { readonly metrics?: number; readonly ingress?: number } {
  const number = (name: string | undefined) => app.ports.find((port) => port.name === name)?.port;
  const metrics = number(app.metrics?.port);
  const ingress = app.ingress === undefined ? undefined : app.ports[0]?.port;
  return { ...(metrics === undefined ? {} : { metrics }), ...(ingress === undefined ? {} : { ingress }) };
}

export interface AppMeshPoliciesProps {
  readonly app: ResolvedApp;
  readonly cluster: ClusterDefinition;
  /** Who may call whom in the cluster (serviceCalls), the same source as the NetworkPolicies. */
  readonly calls: readonly ServiceCall[];
}

/**
 * What an enrolled app's namespace gets: mutual TLS required (PeerAuthentication STRICT), and an ALLOW
 * AuthorizationPolicy that ztunnel enforces at L4: its callers' ServiceAccounts on the app's ports, plain text
 * from Prometheus on the metrics port and from the load balancer's subnets on the routed port. Anything else is
 * denied, as an ALLOW policy denies what none of its rules match.
 */
export class AppMeshPolicies extends Construct {
  constructor(scope: Construct, id: string, props: AppMeshPoliciesProps) {
    super(scope, id);
    const { app, cluster } = props;
    if (!app.mesh) return;
    const namespace = app.name;
    const labels = appLabels(app);
    const selector = { matchLabels: selectorLabels(app) };
    new ApiObject(this, 'peer-authentication', {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace, labels },
      spec: { mtls: { mode: 'STRICT' } },
    });
    const plain = plainTextPorts(app);
    const plainPorts = [...new Set([plain.metrics, plain.ingress].filter((port) => port !== undefined))].sort(
      (a, b) => a - b,
    );
    if (plainPorts.length > 0) {
      // Port-level exceptions only exist on a workload policy; ztunnel turns them into a deny of plain text elsewhere.
      new ApiObject(this, 'peer-authentication-ports', {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: objectNames.workload(app), namespace, labels },
        spec: {
          selector,
          mtls: { mode: 'STRICT' },
          portLevelMtls: Object.fromEntries(plainPorts.map((port) => [String(port), { mode: 'PERMISSIVE' }])),
        },
      });
    }
    const callers = callsInto(props.calls, app);
    const rules: Record<string, unknown>[] = [];
    if (callers.length > 0) {
      rules.push({
        from: [{ source: { principals: callers.map(({ client }) => meshPrincipal(client)) } }],
        to: [{ operation: { ports: app.ports.map((port) => String(port.port)) } }],
      });
    }
    // Plain text only (`notPrincipals: ['*']`: no mesh identity), so a meshed pod never gets in through these
    // rules, and only from where those callers are: Prometheus' pods in the private subnets (the NetworkPolicy
    // narrows it to the monitoring namespace), the load balancer's ENIs in the public subnets.
    const layout = subnetLayout(cluster.vpcCidr);
    if (plain.metrics !== undefined) {
      rules.push({
        from: [{ source: { notPrincipals: ['*'], ipBlocks: layout.private } }],
        to: [{ operation: { ports: [String(plain.metrics)] } }],
      });
    }
    if (plain.ingress !== undefined) {
      rules.push({
        from: [{ source: { notPrincipals: ['*'], ipBlocks: layout.public } }],
        to: [{ operation: { ports: [String(plain.ingress)] } }],
      });
    }
    new ApiObject(this, 'authorization-policy', {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: objectNames.workload(app), namespace, labels },
      // No rules: nothing is allowed (an app with no callers, metrics or Ingress takes no connections).
      spec: { selector, action: 'ALLOW', ...(rules.length > 0 ? { rules } : {}) },
    });
  }
}
