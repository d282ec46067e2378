import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import type { ClusterDefinition } from '../model/cluster';
import { DEFAULTS } from '../model/defaults';
import type { ResolvedApp } from '../model/resolved-app';
import { inClusterCidrs, loadBalancerPeers } from './cluster-network';
import { appLabels, selectorLabels } from './labels';
import { objectNames } from './object-names';
import { smokeName } from './smoke';

export interface AppNetworkPoliciesProps {
  readonly app: ResolvedApp;
  readonly cluster: ClusterDefinition;
}

/**
 * Default deny for the app's namespace, then one policy that opens exactly what the app needs. In: Prometheus
 * on the metrics port, the load balancer (from the public subnets) on the port a public app's Ingress routes
 * to, and the named client apps on every port. Out: DNS, the apps that admit it as a client, and everything
 * outside the cluster's pod and node subnets except the node's instance metadata endpoint. The load balancer
 * rule covers every Service of a Rollout (stable, canary, preview: the same pods and port); an app with a smoke
 * test admits its smoke pods, which get a policy of their own.
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
      // The load balancer (or a local cluster's Traefik), only to the port the Ingress routes to.
      ingress.push({
        from: loadBalancerPeers(cluster),
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
          ...app.upstreams.map((upstream) => ({
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': upstream.app } },
                podSelector: { matchLabels: { 'app.kubernetes.io/name': upstream.app } },
              },
            ],
            ports: upstream.ports.map(port),
          })),
          outside,
        ],
      },
    });
  }
}
