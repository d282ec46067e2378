import { slowSuffix } from '../../timing';
import type { ValidationReport } from '../types';

/** How long the run and each cluster took: printed as ` (1.3 s)` where a second or more. */
export interface ValidateTimes {
  readonly clusters: ReadonlyMap<string, number>;
  readonly total: number;
}

/** Readable output, grouped and counted per cluster, then per rule. */
export function formatHuman(report: ValidationReport, times?: ValidateTimes): string {
  const lines: string[] = [];
  for (const cluster of report.clusters) {
    const status = cluster.findings.length === 0 ? 'ok' : `${cluster.findings.length} error(s)`;
    lines.push(
      `cluster ${cluster.cluster} (${cluster.environment}, Kubernetes ${cluster.kubernetesVersion}): ${cluster.documents} documents, ${status}, ${cluster.waivers.length} waiver(s), ${cluster.unchecked.length} unchecked CEL rule(s)${slowSuffix(times?.clusters.get(cluster.cluster) ?? 0)}`,
    );
    const byRule = new Map<string, number>();
    for (const finding of cluster.findings) byRule.set(finding.rule, (byRule.get(finding.rule) ?? 0) + 1);
    if (byRule.size > 0) {
      lines.push(`  by rule: ${[...byRule.entries()].map(([rule, count]) => `${rule} ${count}`).join(', ')}`);
    }
    for (const finding of cluster.findings) {
      const where = `${finding.file}${finding.line === undefined ? '' : `:${finding.line}`} [doc ${finding.documentIndex}${finding.item === undefined ? '' : ` item ${finding.item}`}] ${finding.path}`;
      lines.push(`  ✗ ${where}`);
      lines.push(`      ${finding.rule}: ${finding.message}`);
      if (finding.expected !== undefined) lines.push(`      expected: ${finding.expected}`);
    }
    for (const waiver of cluster.waivers) {
      lines.push(
        `  ~ waiver ${waiver.rule} on ${waiver.resource} (${waiver.file} [doc ${waiver.documentIndex}]): ${waiver.reason}`,
      );
    }
    for (const rule of cluster.unchecked) {
      lines.push(
        `  ? unchecked CEL rule of ${rule.schema} on ${rule.objects} object(s), e.g. ${rule.example}: \`${rule.rule}\` (${rule.reason})`,
      );
    }
  }
  const clusters = report.clusters.length;
  lines.push(
    (report.errorCount === 0
      ? `validate: ${clusters} cluster(s), no errors`
      : `validate: ${report.errorCount} error(s) in ${report.clusters.filter((c) => c.findings.length > 0).length} of ${clusters} cluster(s)`) +
      slowSuffix(times?.total ?? 0),
  );
  return `${lines.join('\n')}\n`;
}
