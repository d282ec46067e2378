import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { AwsClusterDefinition, ClusterDefinition } from '../model/cluster';
import type { ResolvedApp } from '../model/resolved-app';
import type { DependencySpec } from '../model/app-spec';
import { callsInto, type ServiceCall, trafficPolicyOf } from '../model/service-calls';
import { subnetLayout } from '../subnet-layout';
import { appLabels, selectorLabels } from './labels';
import { objectNames } from './object-names';

/** Namespace label that enrolls every pod of the namespace in the ambient mesh (istio-cni redirects it to ztunnel). */
export const AMBIENT_LABEL = { key: 'istio.io/dataplane-mode', value: 'ambient' } as const;

/** Namespace label that sends the namespace's traffic through the named waypoint (L7). */
export const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';

/** The waypoint Gateway of an app's namespace; Istio names its Deployment and ServiceAccount the same. */
export const WAYPOINT_NAME = 'waypoint';

/** The label Istio puts on a Gateway's pods, naming the Gateway. */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** The waypoint's identity: what the app's pods see as the caller when traffic goes through it. */
export function waypointPrincipal(app: ResolvedApp): string {
  return `${TRUST_DOMAIN}/ns/${app.name}/sa/${WAYPOINT_NAME}`;
}

/**
 * The L7 policy that calls into the app get, where its callers declare one (`dependencies`) and it is in the
 * mesh: it then gets a waypoint, which enforces it.
 */
export function waypointPolicy(app: ResolvedApp, calls: readonly ServiceCall[]): DependencySpec | undefined {
  return app.mesh ? trafficPolicyOf(calls, app) : undefined;
}

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
    const policy = waypointPolicy(app, props.calls);
    const callerPrincipals = callers.map(({ client }) => meshPrincipal(client));
    const rules: Record<string, unknown>[] = [];
    if (callers.length > 0) {
      rules.push({
        // Through a waypoint the pods see the waypoint as the caller; the waypoint checks the callers (below).
        from: [{ source: { principals: policy === undefined ? callerPrincipals : [waypointPrincipal(app)] } }],
        to: [{ operation: { ports: app.ports.map((port) => String(port.port)) } }],
      });
    }
    if (policy !== undefined) new AppWaypoint(this, 'waypoint', { app, policy, callerPrincipals });
    // Plain text only (`notPrincipals: ['*']`: no mesh identity), so a meshed pod never gets in through these
    // rules, and only from where those callers are: Prometheus' pods in the private subnets (the NetworkPolicy
    // narrows it to the monitoring namespace), the load balancer's ENIs in the public subnets.
    // A local cluster never runs the mesh (check-local refuses platform.mesh there), so the cluster has a VPC.
    const layout = subnetLayout((cluster as AwsClusterDefinition).vpcCidr);
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

interface AppWaypointProps {
  readonly app: ResolvedApp;
  readonly policy: DependencySpec;
  readonly callerPrincipals: readonly string[];
}

/**
 * L7 for calls into an app (ambient mode): a waypoint Gateway in its namespace (the namespace's
 * `istio.io/use-waypoint` label sends its Service's traffic there), an HTTPRoute per port with the timeout, a
 * DestinationRule with the outlier detection, and the callers' AuthorizationPolicy attached to the
 * Service, which the waypoint enforces with the callers' real identities.
 */
class AppWaypoint extends Construct {
  constructor(scope: Construct, id: string, props: AppWaypointProps) {
    super(scope, id);
    const { app, policy } = props;
    const namespace = app.name;
    const labels = appLabels(app);
    const service = objectNames.workload(app);
    new ApiObject(this, 'gateway', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: WAYPOINT_NAME, namespace, labels: { ...labels, 'istio.io/waypoint-for': 'service' } },
      spec: {
        gatewayClassName: 'istio-waypoint',
        listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE', allowedRoutes: { namespaces: { from: 'Same' } } }],
      },
    });
    if (policy.timeoutSeconds !== undefined) {
      for (const port of app.ports) {
        new ApiObject(this, `route-${port.name}`, {
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'HTTPRoute',
          metadata: { name: `${service}-${port.name}`, namespace, labels },
          spec: {
            // A Service parent: a mesh (GAMMA) route of this Service's port, applied by its waypoint.
            parentRefs: [{ group: '', kind: 'Service', name: service, port: port.port }],
            rules: [
              {
                backendRefs: [{ name: service, port: port.port }],
                timeouts: { request: `${policy.timeoutSeconds}s` },
              },
            ],
          },
        });
      }
    }
    if (policy.outlierDetection !== undefined) {
      new ApiObject(this, 'destination-rule', {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: service, namespace, labels },
        spec: {
          host: `${service}.${namespace}.svc.cluster.local`,
          trafficPolicy: {
            outlierDetection: {
              consecutive5xxErrors: policy.outlierDetection.consecutive5xxErrors,
              interval: '10s',
              baseEjectionTime: `${policy.outlierDetection.ejectionSeconds ?? 30}s`,
              // Never eject every pod: half stays in load balancing however many fail.
              maxEjectionPercent: 50,
            },
          },
        },
      });
    }
    new ApiObject(this, 'authorization-policy', {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: `${service}-${WAYPOINT_NAME}`, namespace, labels },
      spec: {
        targetRefs: [{ group: '', kind: 'Service', name: service }],
        action: 'ALLOW',
        rules: [{ from: [{ source: { principals: props.callerPrincipals } }] }],
      },
    });
  }
}
