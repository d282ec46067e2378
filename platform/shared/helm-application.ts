import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { PlatformChart, PlatformComponent, PlatformSettings } from '../../lib/model/platform-settings';
import {
  ARGOCD_NAMESPACE,
  HELM_APPLICATION_SYNC_WAVE,
  IN_CLUSTER,
  PLATFORM_PROJECT,
  SYNC_WAVE_ANNOTATION,
} from './argocd';
import { platformLabels } from './labels';

/** An upstream Helm chart at a pinned version. */
export interface ChartPin {
  readonly chart: PlatformChart;
  /** Helm repository URL. */
  readonly repoURL: string;
  /** Exact chart version, never a range. */
  readonly version: string;
}

/** The chart's version in a cluster: its `platform.chartVersions` override, else the pin. */
export function chartVersion(pin: ChartPin, platform: PlatformSettings | undefined): string {
  return platform?.chartVersions?.[pin.chart] ?? pin.version;
}

/** Helm values: plain JSON data, typed per chart by the component that builds them. */
export type HelmValues = { readonly [key: string]: unknown };

export interface HelmApplicationProps {
  readonly component: PlatformComponent;
  readonly pin: ChartPin;
  readonly platform: PlatformSettings | undefined;
  /** Helm release name; also names the Application `helm-<releaseName>`. */
  readonly releaseName: string;
  /** Namespace the chart installs into (created by Argo CD). */
  readonly namespace: string;
  readonly values: HelmValues;
  /**
   * Apply with server-side apply: needed for charts whose CRDs exceed the client-side annotation limit.
   * @default false
   */
  readonly serverSideApply?: boolean;
  /**
   * Sync wave of this Application inside its component folder.
   * @default HELM_APPLICATION_SYNC_WAVE (-1): before the custom resources of the same folder
   */
  readonly syncWave?: number;
  /**
   * Labels Argo CD sets on the namespace it creates (`managedNamespaceMetadata`), e.g. the Pod Security Standard
   * the namespace enforces.
   * @default none: the namespace gets no labels
   */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
}

/**
 * An Argo CD Application that installs one upstream chart at a pinned version with values generated from
 * TypeScript. Argo CD prunes and self-heals, and retries while the CRDs the chart's own custom resources need
 * are not there yet.
 *
 * The Application deliberately carries no `resources-finalizer.argocd.argoproj.io`: with it, deleting or
 * renaming the Application (a renamed release, a moved component, a disabled component) would delete
 * everything the chart installed, CRDs included, and Kubernetes then deletes every custom resource of those
 * CRDs in the cluster: all ServiceMonitors and PrometheusRules, all ExternalSecrets and, through their owner
 * references, the Secrets they wrote, which apps are running on. Without the finalizer the chart's objects
 * stay until someone removes them on purpose (`helm uninstall` or kubectl), and a renamed Application adopts
 * them again on its first sync.
 */
export class HelmApplication extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: HelmApplicationProps) {
    super(scope, id);
    this.name = `helm-${props.releaseName}`;
    const syncOptions = ['CreateNamespace=true', 'SkipDryRunOnMissingResource=true'];
    if (props.serverSideApply === true) syncOptions.push('ServerSideApply=true');
    new ApiObject(this, 'application', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: this.name,
        namespace: ARGOCD_NAMESPACE,
        labels: platformLabels(props.component),
        annotations: { [SYNC_WAVE_ANNOTATION]: String(props.syncWave ?? HELM_APPLICATION_SYNC_WAVE) },
        // No resources finalizer: see the class comment (deleting the Application must not delete CRDs).
      },
      spec: {
        project: PLATFORM_PROJECT,
        source: {
          repoURL: props.pin.repoURL,
          chart: props.pin.chart,
          targetRevision: chartVersion(props.pin, props.platform),
          helm: { releaseName: props.releaseName, valuesObject: props.values },
        },
        destination: { server: IN_CLUSTER, namespace: props.namespace },
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          syncOptions,
          ...(props.namespaceLabels === undefined
            ? {}
            : { managedNamespaceMetadata: { labels: { ...props.namespaceLabels } } }),
          // Retry for ever with a capped backoff: a chart waiting for a CRD or a Secret converges once it exists.
          retry: { limit: -1, backoff: { duration: '30s', factor: 2, maxDuration: '5m' } },
        },
      },
    });
  }
}
