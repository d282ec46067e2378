import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import type { ClusterDefinition } from '../model/cluster';
import { DEFAULTS } from '../model/defaults';
import type { ResolvedApp } from '../model/resolved-app';
import { inClusterCidrs, loadBalancerPeers } from './cluster-network';
import { callsFrom, callsInto, type ServiceCall } from '../model/service-calls';
import { ISTIO_NAMESPACE } from '../../platform/mesh/values';
import { ALLOY_NAMESPACE } from '../../platform/logging/logging-stack';
import { OTLP_GRPC_PORT, OTLP_HTTP_PORT } from '../../platform/tracing/endpoints';
import { appLabels, selectorLabels } from './labels';
import { GATEWAY_NAME_LABEL, WAYPOINT_NAME, waypointPolicy } from './mesh-policies';
import { objectNames } from './object-names';
import { smokeName } from './smoke';
import { KAFKA_BROKER_LABELS, KAFKA_CLIENT_PORT, KAFKA_NAMESPACE } from '../events/names';

/**
 * Istio ambient: ztunnel carries mesh traffic as HBONE (mTLS over HTTP CONNECT) to this port of the destination
 * pod, and istio-cni sends kubelet's probes from this link-local address (Istio's "ambient and Kubernetes
 * NetworkPolicy" guidance). Opened only for apps in the mesh.
 */
export const HBONE_PORT = 15008;
export const AMBIENT_PROBE_SOURCE_CIDR = '169.254.7.127/32';
/** istiod's xDS and CA port, which waypoints connect to. */
const ISTIOD_XDS_PORT = 15012;

export interface AppNetworkPoliciesProps {
  readonly app: ResolvedApp;
  readonly cluster: ClusterDefinition;
  /** Who may call whom in the cluster (serviceCalls): the app's callers in, its upstreams out. */
  readonly calls: readonly ServiceCall[];
}

/**
 * Default deny for the app's namespace, then one policy that opens exactly what the app needs. In: Prometheus
 * on the metrics port, the load balancer (from the public subnets) on the port a public app's Ingress routes
 * to, and its callers (serviceCalls) on every port. Out: DNS, the apps that admit it as a client, the Kafka
 * brokers' client port for apps that declare topics, and everything
 * outside the cluster's pod and node subnets except the node's instance metadata endpoint. The load balancer
 * rule covers every Service of a Rollout (stable, canary, preview: the same pods and port); an app with a smoke
 * test admits its smoke pods, which get a policy of their own.
 */
export class AppNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: AppNetworkPoliciesProps) {
    super(scope, id);
    const { app, cluster } = props;
    const callers = callsInto(props.calls, app);
    const namespace = app.name;

    new k8s.KubeNetworkPolicy(this, 'default-deny', {
      metadata: { name: objectNames.defaultDenyPolicy, namespace, labels: appLabels(app) },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });

    const port = (name: string): k8s.NetworkPolicyPort => ({ port: k8s.IntOrString.fromString(name), protocol: 'TCP' });
    const numbered = (value: number): k8s.NetworkPolicyPort => ({
      port: k8s.IntOrString.fromNumber(value),
      protocol: 'TCP',
    });
    const ingress: k8s.NetworkPolicyIngressRule[] = [];
    if (app.metrics !== undefined) {
      ingress.push({
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': DEFAULTS.monitoringNamespace } } }],
        ports: [port(app.metrics.port)],
      });
    }
    if (app.ingress !== undefined) {
      // The load balancer (or a local cluster's Traefik), only to the port the Ingress routes to.
      ingress.push({
        from: loadBalancerPeers(cluster),
        ports: [port(app.ports[0]!.name)],
      });
    }
    if (callers.length > 0) {
      const hbone = app.mesh && callers.some(({ client }) => client.mesh);
      ingress.push({
        from: callers.map(({ client }) => ({
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': client.name } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': client.name } },
        })),
        ports: [...app.ports.map((p) => port(p.name)), ...(hbone ? [numbered(HBONE_PORT)] : [])],
      });
    }
    const probePorts = [
      ...new Set(
        [app.probes.liveness, app.probes.readiness, app.probes.startup].flatMap((probe) =>
          probe === undefined ? [] : [probe.port],
        ),
      ),
    ].sort();
    const waypoint = waypointPolicy(app, props.calls) !== undefined;
    const waypointPods = { matchLabels: { [GATEWAY_NAME_LABEL]: WAYPOINT_NAME } };
    if (waypoint) {
      // Calls through the Service come from the namespace's waypoint, over HBONE.
      ingress.push({ from: [{ podSelector: waypointPods }], ports: [numbered(HBONE_PORT)] });
    }
    if (app.mesh && probePorts.length > 0) {
      // In ambient mode kubelet's probes arrive from istio-cni's link-local address, not the node's.
      ingress.push({ from: [{ ipBlock: { cidr: AMBIENT_PROBE_SOURCE_CIDR } }], ports: probePorts.map(port) });
    }

    if (app.smoke !== undefined && app.ports.length > 0) {
      // The smoke test's pods call the app (through its Services) on its ports.
      ingress.push({
        from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': smokeName(app) } } }],
        ports: app.ports.map((p) => port(p.name)),
      });
    }
    const dns: k8s.NetworkPolicyEgressRule = {
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
      ports: [
        { port: k8s.IntOrString.fromNumber(53), protocol: 'UDP' },
        { port: k8s.IntOrString.fromNumber(53), protocol: 'TCP' },
      ],
    };
    // Everything outside the cluster's pods and nodes: the internet (through NAT), load balancers,
    // databases and the Pod Identity agent. Other pods only as allowed above; never the node's IMDS.
    const outside: k8s.NetworkPolicyEgressRule = {
      to: [
        {
          ipBlock: {
            cidr: '0.0.0.0/0',
            except: inClusterCidrs(cluster),
          },
        },
      ],
    };

    if (app.smoke !== undefined) {
      // The smoke test: DNS, the app's pods (canary, preview or all of them) and, for a command that checks the
      // public route, what lies outside the cluster. Nothing may call it.
      new k8s.KubeNetworkPolicy(this, 'smoke', {
        metadata: { name: smokeName(app), namespace, labels: appLabels(app) },
        spec: {
          podSelector: { matchLabels: { 'app.kubernetes.io/name': smokeName(app) } },
          policyTypes: ['Ingress', 'Egress'],
          egress: [
            dns,
            ...(app.ports.length === 0
              ? []
              : [
                  {
                    to: [{ podSelector: { matchLabels: selectorLabels(app) } }],
                    ports: app.ports.map((p) => port(p.name)),
                  },
                ]),
            outside,
          ],
        },
      });
    }

    new k8s.KubeNetworkPolicy(this, 'app', {
      metadata: { name: objectNames.workload(app), namespace, labels: appLabels(app) },
      spec: {
        podSelector: { matchLabels: selectorLabels(app) },
        policyTypes: ['Ingress', 'Egress'],
        ingress,
        egress: [
          dns,
          // Apps on the event bus reach the brokers' client listener (Strimzi's policy admits them there).
          ...(app.events === undefined
            ? []
            : [
                {
                  to: [
                    {
                      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': KAFKA_NAMESPACE } },
                      podSelector: { matchLabels: { ...KAFKA_BROKER_LABELS } },
                    },
                  ],
                  ports: [{ port: k8s.IntOrString.fromNumber(KAFKA_CLIENT_PORT), protocol: 'TCP' }],
                },
              ]),
          // To a server in the mesh, this app's ztunnel connects over HBONE when this app is in it too (to the
          // server's waypoint, where it has one).
          ...callsFrom(props.calls, app).map(({ server, ports }) => ({
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': server.name } },
                podSelector: { matchLabels: { 'app.kubernetes.io/name': server.name } },
              },
              ...(app.mesh && waypointPolicy(server, props.calls) !== undefined
                ? [
                    {
                      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': server.name } },
                      podSelector: waypointPods,
                    },
                  ]
                : []),
            ],
            ports: [...ports.map((p) => port(p.name)), ...(app.mesh && server.mesh ? [numbered(HBONE_PORT)] : [])],
          })),
          // Traced apps send OTLP to Alloy (the DaemonSet's pods, through its Service).
          ...(app.tracing === undefined
            ? []
            : [
                {
                  to: [
                    {
                      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ALLOY_NAMESPACE } },
                      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'alloy' } },
                    },
                  ],
                  ports: [OTLP_HTTP_PORT, OTLP_GRPC_PORT].map((number) => ({
                    port: k8s.IntOrString.fromNumber(number),
                    protocol: 'TCP',
                  })),
                },
              ]),
          outside,
        ],
      },
    });

    if (waypoint) {
      const service = cluster.platform?.mesh?.tracing?.otlpService ?? DEFAULTS.meshTracingService;
      const tracing = {
        namespace: service.split('.')[1] ?? service,
        port: cluster.platform?.mesh?.tracing?.otlpPort ?? DEFAULTS.meshTracingPort,
      };
      // The waypoint's pods: HBONE from the callers, to the app's pods; xDS and certificates from istiod; spans; DNS.
      new k8s.KubeNetworkPolicy(this, 'waypoint', {
        metadata: { name: WAYPOINT_NAME, namespace, labels: appLabels(app) },
        spec: {
          podSelector: waypointPods,
          policyTypes: ['Ingress', 'Egress'],
          ingress: [
            {
              from: callers.map(({ client }) => ({
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': client.name } },
                podSelector: { matchLabels: { 'app.kubernetes.io/name': client.name } },
              })),
              ports: [numbered(HBONE_PORT)],
            },
          ],
          egress: [
            { to: [{ podSelector: { matchLabels: selectorLabels(app) } }], ports: [numbered(HBONE_PORT)] },
            {
              to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ISTIO_NAMESPACE } } }],
              ports: [numbered(ISTIOD_XDS_PORT)],
            },
            // Spans to the mesh's OTLP receiver (platform.mesh.tracing): `<service>.<namespace>.svc...`.
            {
              to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': tracing.namespace } } }],
              ports: [numbered(tracing.port)],
            },
            {
              to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
              ports: [
                { port: k8s.IntOrString.fromNumber(53), protocol: 'UDP' },
                { port: k8s.IntOrString.fromNumber(53), protocol: 'TCP' },
              ],
            },
          ],
        },
      });
    }
  }
}
