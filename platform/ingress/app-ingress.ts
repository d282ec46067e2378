import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import { type ClusterDefinition, isLocalCluster } from '../../lib/model/cluster';
import { LOCAL_INGRESS_CONTROLLER } from '../../lib/render/cluster-network';
import { DEFAULTS } from '../../lib/model/defaults';
import type { ResolvedApp } from '../../lib/model/resolved-app';
import { appLabels } from '../../lib/render/labels';
import { objectNames } from '../../lib/render/object-names';
import {
  ALB_ACTION_PORT,
  ALB_ANNOTATION_PREFIX,
  albAnnotations,
  BLOCK_METRICS_ACTION,
  metricsBehindIngress,
} from './alb-annotations';

export interface AppIngressProps {
  readonly app: ResolvedApp;
  readonly cluster: ClusterDefinition;
}

/**
 * The public route of a web service: an Ingress of the cluster's class (`alb`) to the app's first port; a
 * metrics path served on that port is answered with 404 at the load balancer. The
 * `tls` host lets the controller discover the ACM certificate when the cluster names none. The cluster's
 * extra `ingress.annotations` are added but cannot replace the golden-path ones. Renders nothing for an app
 * without a public host. A canary's route goes to the weighted ALB action of Argo Rollouts; a blue-green app
 * with a preview host gets a second Ingress for its preview Service.
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
    const port = app.ports[0]!;
    // A canary: the route goes to the ALB action Argo Rollouts keeps weighting between the stable and canary
    // target groups; rendered at 100/0 so the load balancer has a valid action before the first rollout.
    const canary = app.delivery?.strategy === 'canary';
    const actionName = objectNames.stableService(app);
    this.ingress('ingress', app, cluster, {
      name,
      host: app.ingress.host,
      path: app.ingress.path,
      backend: canary
        ? { service: { name: actionName, port: { name: ALB_ACTION_PORT } } }
        : { service: { name, port: { name: port.name } } },
      annotations: canary ? { [canaryActionAnnotation(app)]: canaryForwardAction(app, 100) } : {},
    });
    if (app.delivery?.strategy === 'blueGreen' && app.delivery.previewHost !== undefined) {
      this.ingress('preview-ingress', app, cluster, {
        name: objectNames.preview(app),
        host: app.delivery.previewHost,
        path: app.ingress.path,
        backend: { service: { name: objectNames.preview(app), port: { name: port.name } } },
        annotations: {},
      });
    }
  }

  private ingress(
    id: string,
    app: ResolvedApp,
    cluster: ClusterDefinition,
    route: {
      readonly name: string;
      readonly host: string;
      readonly path: string;
      readonly backend: k8s.IngressBackend;
      readonly annotations: Readonly<Record<string, string>>;
    },
  ): void {
    new k8s.KubeIngress(this, id, {
      metadata: {
        name: route.name,
        namespace: app.name,
        labels: appLabels(app),
        annotations: {
          ...cluster.ingress?.annotations,
          ...albAnnotations(app, cluster),
          'external-dns.alpha.kubernetes.io/hostname': route.host,
          ...route.annotations,
        },
      },
      spec: {
        ingressClassName: cluster.ingress?.className ?? DEFAULTS.ingressClassName,
        tls: [{ hosts: [route.host] }],
        rules: [
          {
            host: route.host,
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
                { path: route.path, pathType: 'Prefix', backend: route.backend },
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

/**
 * The annotation of the ALB action a canary's Ingress routes to. Argo Rollouts rewrites its weights at every
 * step; the app's Argo CD Application ignores the field (lib/argocd/unit-facts.ts), so a sync never resets them.
 */
export function canaryActionAnnotation(app: ResolvedApp): string {
  return `${ALB_ANNOTATION_PREFIX}/actions.${objectNames.stableService(app)}`;
}

/** The forward action with the stable target group at `stableWeight` percent, in the form Argo Rollouts writes. */
export function canaryForwardAction(app: ResolvedApp, stableWeight: number): string {
  const servicePort = String(app.ports[0]!.port);
  return JSON.stringify({
    Type: 'forward',
    ForwardConfig: {
      TargetGroups: [
        { ServiceName: objectNames.canaryService(app), ServicePort: servicePort, Weight: 100 - stableWeight },
        { ServiceName: objectNames.stableService(app), ServicePort: servicePort, Weight: stableWeight },
      ],
    },
  });
}
