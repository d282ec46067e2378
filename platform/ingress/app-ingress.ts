import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import { type ClusterDefinition, isLocalCluster } from '../../lib/model/cluster';
import { LOCAL_INGRESS_CONTROLLER } from '../../lib/render/cluster-network';
import { DEFAULTS } from '../../lib/model/defaults';
import type { ResolvedApp } from '../../lib/model/resolved-app';
import { appLabels } from '../../lib/render/labels';
import { objectNames } from '../../lib/render/object-names';
import { ALB_ACTION_PORT, albAnnotations, BLOCK_METRICS_ACTION, metricsBehindIngress } from './alb-annotations';

export interface AppIngressProps {
  readonly app: ResolvedApp;
  readonly cluster: ClusterDefinition;
}

/**
 * The public route of a web service: an Ingress of the cluster's class (`alb`) to the app's first port; a
 * metrics path served on that port is answered with 404 at the load balancer. The
 * `tls` host lets the controller discover the ACM certificate when the cluster names none. The cluster's
 * extra `ingress.annotations` are added but cannot replace the golden-path ones. Renders nothing for an app
 * without a public host.
 */
export class AppIngress extends Construct {
  constructor(scope: Construct, id: string, props: AppIngressProps) {
    super(scope, id);
    const { app, cluster } = props;
    if (app.ingress === undefined) return;
    const name = objectNames.workload(app);
    if (isLocalCluster(cluster)) {
      new LocalAppIngress(this, 'ingress', { app, name });
      return;
    }
    new k8s.KubeIngress(this, 'ingress', {
      metadata: {
        name,
        namespace: app.name,
        labels: appLabels(app),
        annotations: { ...cluster.ingress?.annotations, ...albAnnotations(app, cluster) },
      },
      spec: {
        ingressClassName: cluster.ingress?.className ?? DEFAULTS.ingressClassName,
        tls: [{ hosts: [app.ingress.host] }],
        rules: [
          {
            host: app.ingress.host,
            http: {
              paths: [
                // Listed first: the ALB evaluates an Ingress's paths in order.
                ...(metricsBehindIngress(app)
                  ? [
                      {
                        path: app.metrics!.path,
                        pathType: 'Exact',
                        backend: { service: { name: BLOCK_METRICS_ACTION, port: { name: ALB_ACTION_PORT } } },
                      },
                    ]
                  : []),
                {
                  path: app.ingress.path,
                  pathType: 'Prefix',
                  backend: { service: { name, port: { name: app.ports[0]!.name } } },
                },
              ],
            },
          },
        ],
      },
    });
  }
}

/**
 * A local cluster's route: the same host and path through the Traefik k3s bundles, plain HTTP on
 * `http://<host>:<local.httpPort>`. No TLS (there is no certificate to discover) and no metrics block: k3d binds
 * the port to 127.0.0.1, so only the developer's machine reaches it.
 */
class LocalAppIngress extends Construct {
  constructor(scope: Construct, id: string, props: { readonly app: ResolvedApp; readonly name: string }) {
    super(scope, id);
    const { app, name } = props;
    const ingress = app.ingress!;
    new k8s.KubeIngress(this, 'ingress', {
      metadata: { name, namespace: app.name, labels: appLabels(app) },
      spec: {
        ingressClassName: LOCAL_INGRESS_CONTROLLER.ingressClassName,
        rules: [
          {
            host: ingress.host,
            http: {
              paths: [
                {
                  path: ingress.path,
                  pathType: 'Prefix',
                  backend: { service: { name, port: { name: app.ports[0]!.name } } },
                },
              ],
            },
          },
        ],
      },
    });
  }
}
