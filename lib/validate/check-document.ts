import { apiVersionOf, kindOf } from './kube-object';
import type { DocumentCache } from './read/document-cache';
import { type BrokenSchemas, checkSchema, isSkipped } from './schema/schema-check';
import type { SchemaRegistry } from './schema/schema-registry';
import { checkStructure } from './structural/structural-check';
import type { UncheckedRules } from './structural/unchecked-rules';
import type { Finding, ManifestDocument } from './types';

export interface DocumentChecks {
  readonly registry: SchemaRegistry;
  readonly kubernetesVersion: string;
  readonly skipKinds: ReadonlySet<string>;
  readonly broken: BrokenSchemas;
  readonly unchecked: UncheckedRules;
  readonly cache: DocumentCache;
}

/**
 * The checks of one document on its own: strict schema, then list-map keys, sets and CEL along the schema.
 * Results for an unchanged document and schema come from the run cache, without loading the validator.
 */
export async function checkDocument(document: ManifestDocument, checks: DocumentChecks): Promise<Finding[]> {
  const { registry, kubernetesVersion, skipKinds, cache } = checks;
  const apiVersion = apiVersionOf(document.object);
  const kind = kindOf(document.object);
  const skipped = isSkipped(skipKinds, apiVersion, kind);
  const identity =
    apiVersion === '' || kind === '' ? undefined : await registry.schemaIdentity(kubernetesVersion, apiVersion, kind);
  const key = cache.resultKey([
    identity?.key,
    document.source?.key,
    document.index,
    document.item ?? '-',
    String(skipped),
    kubernetesVersion,
  ]);
  const cached = cache.getResult(key);
  if (cached !== undefined && identity !== undefined) {
    checks.unchecked.add(
      identity.file,
      cached.unchecked.map((hit) => ({ ...hit, document })),
    );
    return cached.findings;
  }
  const brokenBefore = checks.broken.size;
  const findings = await checkSchema(registry, document, kubernetesVersion, skipKinds, checks.broken);
  const plan = skipped ? undefined : await registry.plan(kubernetesVersion, apiVersion, kind);
  const structural =
    plan === undefined ? { findings: [], unchecked: [] } : checkStructure(document, plan.plan, plan.definitions);
  findings.push(...structural.findings);
  if (plan !== undefined) checks.unchecked.add(plan.file, structural.unchecked);
  const stillCompiles =
    checks.broken.size === brokenBefore &&
    ![...checks.broken.values()].some((entry) => entry.documents.includes(document));
  if (stillCompiles) {
    cache.setResult(key, {
      findings,
      unchecked: structural.unchecked.map(({ rule, reason, path }) => ({ rule, reason, path: [...path] })),
    });
  }
  return findings;
}
