import { stringify } from 'yaml';
import { ProblemList } from '../errors';
import type { AppSpec } from './app-spec';
import { parseYamlInput } from './yaml-input';

/** A promoted spec holds one app's spec, config included (a ConfigMap is at most 1 MiB): larger is a mistake. */
export const MAX_PROMOTED_SPEC_BYTES = 2 * 1024 * 1024;

/** One app's spec as a gated cluster runs it: copied from `from` by `npm run promote`. */
export interface PromotedSpec {
  /** The cluster it was promoted from. */
  readonly from: string;
  readonly spec: AppSpec;
}

/**
 * Parses `clusters/<cluster>.promoted/<app>.yaml`: `promotedFrom` and `spec` (the app's spec, plain data as
 * `defineApp` takes it). The spec itself is checked like any app spec when the cluster is resolved.
 */
export function parsePromotedSpec(text: string, file: string, cluster: string, app: string): PromotedSpec {
  const problems = new ProblemList();
  const root = parseYamlInput(text, { file, cluster, app }, { maxBytes: MAX_PROMOTED_SPEC_BYTES });
  if (!isRecord(root)) {
    problems.add({ file, cluster, app }, 'expected a mapping with "promotedFrom" and "spec"');
    problems.throwIfAny();
  }
  const record = root as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== 'promotedFrom' && key !== 'spec') {
      problems.add({ file, cluster, app, field: key }, 'unknown key; allowed: promotedFrom, spec');
    }
  }
  if (typeof record.promotedFrom !== 'string' || record.promotedFrom === '') {
    problems.add({ file, cluster, app, field: 'promotedFrom' }, 'missing: the cluster the spec was promoted from');
  }
  if (!isRecord(record.spec)) problems.add({ file, cluster, app, field: 'spec' }, "missing: the app's spec");
  problems.throwIfAny();
  return { from: record.promotedFrom as string, spec: record.spec as unknown as AppSpec };
}

/** Writes a promoted spec: a header for people, then the spec with its keys in the order the app declares them. */
export function formatPromotedSpec(cluster: string, promoted: PromotedSpec, sourceFile: string): string {
  const app = promoted.spec.name;
  const header = [
    `# Promoted spec of app "${app}" in cluster "${cluster}": what it runs here, copied from ${promoted.from}.`,
    `# Written by \`npm run promote\`; change ${sourceFile} and promote it, never this file by hand.`,
  ].join('\n');
  const body = stringify(
    { promotedFrom: promoted.from, spec: plain(promoted.spec) },
    { lineWidth: 0, defaultKeyType: 'PLAIN' },
  );
  return `${header}\n${body}`;
}

/** Whether two specs are the same data (what a promotion compares). */
export function sameSpec(a: AppSpec | undefined, b: AppSpec | undefined): boolean {
  return JSON.stringify(plain(a)) === JSON.stringify(plain(b));
}

/** The spec as plain data: what YAML keeps (no undefined values). */
function plain(spec: unknown): unknown {
  return spec === undefined ? undefined : (JSON.parse(JSON.stringify(spec)) as unknown);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
