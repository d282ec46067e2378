import type { OutputUnit } from '../synth/output-unit';
import { renderUnit } from '../synth/render-unit';
import { byCodePoint } from '../order';

/** A Deployment whose replica count a HorizontalPodAutoscaler owns. */
export interface ScaledDeployment {
  readonly namespace: string;
  readonly name: string;
}

/** A field another controller owns in the live object: Argo CD neither reports nor reverts its changes. */
export interface ControllerOwnedField {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly jsonPointers: readonly string[];
}

/** What the Argo CD wiring needs to know about the objects a unit renders. */
export interface UnitFacts {
  /** Deployments scaled by an HPA: Argo CD must leave their `spec.replicas` alone. */
  readonly scaledDeployments: readonly ScaledDeployment[];
  /**
   * Fields of Argo Rollouts' objects that other controllers change: the replicas of a Rollout an HPA scales, and
   * the weighted ALB action of a canary's Ingress, which Argo Rollouts rewrites at every step.
   */
  readonly controllerOwnedFields: readonly ControllerOwnedField[];
  /** The unit ships CustomResourceDefinitions, which can be too large for client-side apply. */
  readonly hasCustomResourceDefinitions: boolean;
  /** The unit renders the Namespace it deploys into (otherwise Argo CD creates it). */
  readonly rendersOwnNamespace: boolean;
  /** Namespaces of the unit's namespaced objects, sorted. */
  readonly objectNamespaces: readonly string[];
  /** Argo CD Applications the unit ships (platform components installing upstream Helm charts). */
  readonly childApplications: readonly ChildApplication[];
}

export interface ChildApplication {
  readonly name: string;
  readonly project: string;
  readonly repoUrls: readonly string[];
  readonly destinationNamespaces: readonly string[];
}

/** Reads the facts off the objects a unit renders (the same objects synth writes). */
export function unitFacts(unit: OutputUnit): UnitFacts {
  return factsOf(renderUnit(unit) as readonly KubeObject[], unit.namespace);
}

interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: Record<string, unknown>;
}

export function factsOf(objects: readonly KubeObject[], unitNamespace: string): UnitFacts {
  const scaledDeployments: ScaledDeployment[] = [];
  const controllerOwnedFields: ControllerOwnedField[] = [];
  const childApplications: ChildApplication[] = [];
  const namespaces = new Set<string>();
  let hasCustomResourceDefinitions = false;
  let rendersOwnNamespace = false;
  for (const object of objects) {
    const namespace = object.metadata?.namespace;
    if (namespace !== undefined) namespaces.add(namespace);
    const group = (object.apiVersion ?? '').split('/').slice(0, -1).join('/');
    if (object.kind === 'CustomResourceDefinition') hasCustomResourceDefinitions = true;
    if (object.kind === 'Namespace' && object.metadata?.name === unitNamespace) rendersOwnNamespace = true;
    if (object.kind === 'HorizontalPodAutoscaler') {
      const target = object.spec?.scaleTargetRef as { kind?: string; name?: string } | undefined;
      if (target?.kind === 'Deployment' && target.name !== undefined) {
        scaledDeployments.push({ namespace: namespace ?? unitNamespace, name: target.name });
      }
      if (target?.kind === 'Rollout' && target.name !== undefined) {
        controllerOwnedFields.push({
          group: 'argoproj.io',
          kind: 'Rollout',
          namespace: namespace ?? unitNamespace,
          name: target.name,
          jsonPointers: ['/spec/replicas'],
        });
      }
    }
    if (object.kind === 'Rollout' && group === 'argoproj.io') {
      const canary = (object.spec?.strategy as { canary?: Record<string, unknown> } | undefined)?.canary;
      const alb = (canary?.trafficRouting as { alb?: { ingress?: string; rootService?: string } } | undefined)?.alb;
      const action = alb?.rootService ?? (canary?.stableService as string | undefined);
      if (alb?.ingress !== undefined && action !== undefined) {
        controllerOwnedFields.push({
          group: 'networking.k8s.io',
          kind: 'Ingress',
          namespace: namespace ?? unitNamespace,
          name: alb.ingress,
          // JSON pointer escaping: `/` in the annotation name is `~1`.
          jsonPointers: [`/metadata/annotations/alb.ingress.kubernetes.io~1actions.${action}`],
        });
      }
    }
    if (object.kind === 'Application' && group === 'argoproj.io') {
      const spec = object.spec ?? {};
      const sources = [spec.source, ...((spec.sources as unknown[] | undefined) ?? [])] as (
        { repoURL?: string } | undefined
      )[];
      const destination = spec.destination as { namespace?: string } | undefined;
      childApplications.push({
        name: object.metadata?.name ?? '',
        project: String(spec.project ?? 'default'),
        repoUrls: sources.flatMap((source) => (source?.repoURL === undefined ? [] : [source.repoURL])),
        destinationNamespaces: destination?.namespace === undefined ? [] : [destination.namespace],
      });
    }
  }
  scaledDeployments.sort((a, b) => byCodePoint(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
  controllerOwnedFields.sort((a, b) =>
    byCodePoint(`${a.kind}/${a.namespace}/${a.name}`, `${b.kind}/${b.namespace}/${b.name}`),
  );
  return {
    scaledDeployments,
    controllerOwnedFields,
    hasCustomResourceDefinitions,
    rendersOwnNamespace,
    objectNamespaces: [...namespaces].sort(),
    childApplications,
  };
}
