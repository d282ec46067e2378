import { parse } from 'yaml';
import { isMap } from './key-path';

/** One Helm release as generated/ ships it: an Argo CD Application whose source is a chart. */
export interface HelmRelease {
  readonly cluster: string;
  /** Path of the Application's file, `<cluster>/<folder>/<file>` as synth writes it under generated/. */
  readonly file: string;
  readonly chart: string;
  readonly repoURL: string;
  /** `targetRevision`: the chart version the cluster runs (its pin, or the cluster's override). */
  readonly version: string;
  /** `helm.valuesObject` (or the parsed `helm.values` string when there is no object). */
  readonly values: Readonly<Record<string, unknown>>;
}

/**
 * The Helm releases among generated files (`{ path, content }` with paths `<cluster>/...`, as synth returns
 * them or readTree reads them): every Argo CD Application with a chart source, Argo CD's own included.
 */
export function helmReleasesIn(files: readonly { readonly path: string; readonly content: string }[]): HelmRelease[] {
  const releases: HelmRelease[] = [];
  for (const file of files) {
    const name = file.path.split('/').at(-1) ?? '';
    if (!name.startsWith('application-')) continue;
    const object: unknown = parse(file.content);
    if (!isMap(object) || object.kind !== 'Application' || !String(object.apiVersion).startsWith('argoproj.io/'))
      continue;
    const source = isMap(object.spec) ? object.spec.source : undefined;
    if (!isMap(source) || typeof source.chart !== 'string') continue;
    const helm = isMap(source.helm) ? source.helm : {};
    const values = isMap(helm.valuesObject)
      ? helm.valuesObject
      : typeof helm.values === 'string'
        ? (parse(helm.values) as unknown)
        : {};
    releases.push({
      cluster: file.path.split('/')[0]!,
      file: file.path,
      chart: source.chart,
      repoURL: String(source.repoURL),
      version: String(source.targetRevision),
      values: isMap(values) ? values : {},
    });
  }
  return releases;
}
