import { App, Chart } from 'cdk8s';
import type { OutputUnit } from './output-unit';

/** A rendered Kubernetes object, as cdk8s's toJson gives it. Treat as read-only. */
export type RenderedObject = Readonly<Record<string, unknown>>;

const rendered = new WeakMap<OutputUnit, readonly RenderedObject[]>();

/**
 * The objects of one unit, rendered once: the Argo CD wiring reads them (HPAs, CRDs, child Applications)
 * and synth serializes them, so a unit is never built twice in one run.
 */
export function renderUnit(unit: OutputUnit): readonly RenderedObject[] {
  let objects = rendered.get(unit);
  if (objects === undefined) {
    // One App per chart: cdk8s validates and orders the whole App on every chart.toJson().
    const app = new App({ outdir: 'unused', recordConstructMetadata: false });
    const chart = new Chart(app, unit.folder, { disableResourceNameHashes: true });
    unit.render(chart);
    objects = chart.toJson() as RenderedObject[];
    rendered.set(unit, objects);
  }
  return objects;
}
