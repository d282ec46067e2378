import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors';
import { ALL_RULES } from './all-rules';
import { loadClusterDocuments } from './load-documents';
import { DocumentCache } from './read/document-cache';
import type { ClusterContext, Rule } from './rule';
import { checkDocument } from './check-document';
import { type BrokenSchemas, brokenSchemaFindings } from './schema/schema-check';
import { UncheckedRules } from './structural/unchecked-rules';
import { SchemaRegistry } from './schema/schema-registry';
import type { ClusterReport, ClusterTarget, Finding, ValidationReport, Waiver } from './types';
import { scanWaivers, waiverKey } from './waivers';
import { byCodePoint } from '../order';

export interface ValidateTreeOptions {
  /** Repository root: file names in findings are relative to it, Argo CD paths resolve against it. */
  readonly repoRoot: string;
  /** @default `<repoRoot>/generated` */
  readonly generatedDir?: string;
  /** Clusters to check, each against its own Kubernetes version and environment. */
  readonly clusters: readonly ClusterTarget[];
  /** Folder laid out like shared/schemas (kubernetes/ and crds/). */
  readonly schemaDir: string;
  /** @default no disk cache of compiled validators */
  readonly cacheDir?: string;
  /** Kinds with no schema on purpose: `Kind` or `group/version/Kind`. @default none */
  readonly skipKinds?: readonly string[];
  /** @default ALL_RULES */
  readonly rules?: readonly Rule[];
  /** Reuse compiled validators across calls (tests, benchmarks). @default a new registry */
  readonly registry?: SchemaRegistry;
  /** Told how long each cluster took (the report itself stays free of timings). @default nobody */
  readonly onClusterTimed?: (cluster: string, elapsedMs: number) => void;
}

/** A rule that throws is a finding naming the rule, never a crash of the whole run. */
async function runRule(rule: Rule, context: ClusterContext): Promise<Finding[]> {
  try {
    return await rule.check(context);
  } catch (error) {
    const first = context.documents[0];
    return [
      {
        rule: 'rule-error',
        cluster: context.cluster.name,
        file: first?.file ?? `generated/${context.cluster.name}`,
        documentIndex: first?.index ?? 0,
        path: '$',
        message: `rule ${rule.id} failed and checked nothing: ${(error as Error).message}`,
        expected: 'a rule that runs (this is a bug in lib/validate; please report it with this file)',
      },
    ];
  }
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    byCodePoint(a.file, b.file) ||
    a.documentIndex - b.documentIndex ||
    byCodePoint(a.path, b.path) ||
    byCodePoint(a.rule, b.rule)
  );
}

/**
 * Validates every document of `generated/<cluster>/` for the given clusters: strict schemas, policies (with
 * waivers) and cross-references. Bad input (missing folders or schemas) throws ConfigError before any check.
 */
export async function validateTree(options: ValidateTreeOptions): Promise<ValidationReport> {
  const generatedDir = options.generatedDir ?? path.join(options.repoRoot, 'generated');
  const registry = options.registry ?? new SchemaRegistry({ schemaDir: options.schemaDir, cacheDir: options.cacheDir });
  const rules = options.rules ?? ALL_RULES;
  const skipKinds = new Set(options.skipKinds ?? []);
  for (const cluster of options.clusters) {
    const dir = path.join(generatedDir, cluster.name);
    const isDir = await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) {
      throw new ConfigError(
        { cluster: cluster.name, file: path.relative(options.repoRoot, dir) || dir },
        'no generated manifests for this cluster; run `npm run synth` first',
      );
    }
    await registry.requireKubernetesVersion(cluster.kubernetesVersion);
  }

  const reports: ClusterReport[] = [];
  const documentCache = await DocumentCache.open(options.cacheDir ?? registry.cacheDir);
  for (const cluster of options.clusters) {
    const started = performance.now();
    const loaded = loadClusterDocuments(
      options.repoRoot,
      path.join(generatedDir, cluster.name),
      cluster.name,
      documentCache,
    );
    const findings: Finding[] = [...loaded.findings];
    const broken: BrokenSchemas = new Map();
    const unchecked = new UncheckedRules(cluster.name, options.schemaDir);
    const checks = {
      registry,
      kubernetesVersion: cluster.kubernetesVersion,
      skipKinds,
      broken,
      unchecked,
      cache: documentCache,
    };
    for (const document of loaded.documents) findings.push(...(await checkDocument(document, checks)));
    findings.push(...brokenSchemaFindings(broken, options.schemaDir));
    const { waivers, findings: waiverFindings } = scanWaivers(loaded.documents, rules);
    findings.push(...waiverFindings);
    const context = { cluster, documents: loaded.documents, repoRoot: options.repoRoot };
    const policies = new Set(rules.filter((rule) => rule.category === 'policy').map((rule) => rule.id));
    for (const rule of rules) {
      for (const finding of await runRule(rule, context)) {
        const waived =
          policies.has(finding.rule) &&
          waivers.has(waiverKey(finding.file, finding.documentIndex, finding.rule, finding.item));
        if (!waived) findings.push(finding);
      }
    }
    const listedWaivers: Waiver[] = [...waivers.values()].sort(
      (a, b) => byCodePoint(a.file, b.file) || a.documentIndex - b.documentIndex || byCodePoint(a.rule, b.rule),
    );
    reports.push({
      cluster: cluster.name,
      environment: cluster.environment,
      kubernetesVersion: cluster.kubernetesVersion,
      documents: loaded.documents.length,
      findings: findings.sort(compareFindings),
      waivers: listedWaivers,
      unchecked: unchecked.list(),
    });
    options.onClusterTimed?.(cluster.name, performance.now() - started);
  }
  await documentCache.save();
  return { clusters: reports, errorCount: reports.reduce((sum, report) => sum + report.findings.length, 0) };
}
