import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import type { ClusterDefinition } from '../model/cluster';
import { DEFAULTS } from '../model/defaults';
import type { ResolvedApp } from '../model/resolved-app';
import { subnetLayout } from '../subnet-layout';
import { appLabels, selectorLabels } from './labels';
import { objectNames } from './object-names';
import { KAFKA_BROKER_LABELS, KAFKA_CLIENT_PORT, KAFKA_NAMESPACE } from '../events/names';

/** The instance metadata endpoint: pods get AWS credentials through Pod Identity, never from the node. */
const INSTANCE_METADATA_CIDR = '169.254.169.254/32';

export interface AppNetworkPoliciesProps {
  readonly app: ResolvedApp;
  readonly cluster: ClusterDefinition;
}

/**
 * Default deny for the app's namespace, then one policy that opens exactly what the app needs. In: Prometheus
 * on the metrics port, the load balancer (from the public subnets) on the port a public app's Ingress routes
 * to, and the named client apps on every port. Out: DNS, the apps that admit it as a client, the Kafka brokers'
 * client port for apps that declare topics, and everything
 * outside the cluster's pod and node subnets except the node's instance metadata endpoint.
 */
export class AppNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: AppNetworkPoliciesProps) {
    super(scope, id);
    const { app, cluster } = props;
    const namespace = app.name;

    new k8s.KubeNetworkPolicy(this, 'default-deny', {
      metadata: { name: objectNames.defaultDenyPolicy, namespace, labels: appLabels(app) },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });

    const port = (name: string): k8s.NetworkPolicyPort => ({ port: k8s.IntOrString.fromString(name), protocol: 'TCP' });
    const ingress: k8s.NetworkPolicyIngressRule[] = [];
    if (app.metrics !== undefined) {
      ingress.push({
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': DEFAULTS.monitoringNamespace } } }],
        ports: [port(app.metrics.port)],
      });
    }
    if (app.ingress !== undefined) {
      // Load balancers (target type ip) connect from their ENIs in the public subnets, and only to the
      // port the Ingress routes to. Not the whole VPC: with the VPC CNI every pod has a VPC address too.
      ingress.push({
        from: subnetLayout(cluster.vpcCidr).public.map((cidr) => ({ ipBlock: { cidr } })),
        ports: [port(app.ports[0]!.name)],
      });
    }
    if (app.allowedClients.length > 0 && app.ports.length > 0) {
      ingress.push({
        from: app.allowedClients.map((client) => ({
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': client } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': client } },
        })),
        ports: app.ports.map((p) => port(p.name)),
      });
    }

    new k8s.KubeNetworkPolicy(this, 'app', {
      metadata: { name: objectNames.workload(app), namespace, labels: appLabels(app) },
      spec: {
        podSelector: { matchLabels: selectorLabels(app) },
        policyTypes: ['Ingress', 'Egress'],
        ingress,
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
            ports: [
              { port: k8s.IntOrString.fromNumber(53), protocol: 'UDP' },
              { port: k8s.IntOrString.fromNumber(53), protocol: 'TCP' },
            ],
          },
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
          ...app.upstreams.map((upstream) => ({
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': upstream.app } },
                podSelector: { matchLabels: { 'app.kubernetes.io/name': upstream.app } },
              },
            ],
            ports: upstream.ports.map(port),
          })),
          // Everything outside the cluster's pods and nodes: the internet (through NAT), load balancers,
          // databases and the Pod Identity agent. Other pods only as allowed above; never the node's IMDS.
          {
            to: [
              {
                ipBlock: {
                  cidr: '0.0.0.0/0',
                  except: [INSTANCE_METADATA_CIDR, ...subnetLayout(cluster.vpcCidr).private],
                },
              },
            ],
          },
        ],
      },
    });
  }
}
