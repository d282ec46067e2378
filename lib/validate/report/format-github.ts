import type { ValidationReport } from '../types';

/** Escapes a workflow command property or message (GitHub Actions "workflow commands" syntax). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One `::error` annotation per finding, so GitHub shows them on the pull request's files. */
export function formatGithub(report: ValidationReport): string {
  const lines: string[] = [];
  for (const cluster of report.clusters) {
    for (const finding of cluster.findings) {
      const properties = [`file=${escapeProperty(finding.file)}`];
      if (finding.line !== undefined) properties.push(`line=${finding.line}`);
      properties.push(`title=${escapeProperty(`${finding.rule} (${cluster.cluster})`)}`);
      const expected = finding.expected === undefined ? '' : ` Expected: ${finding.expected}`;
      lines.push(
        `::error ${properties.join(',')}::${escapeData(`[doc ${finding.documentIndex}] ${finding.path}: ${finding.message}.${expected}`)}`,
      );
    }
    for (const waiver of cluster.waivers) {
      lines.push(
        `::notice file=${escapeProperty(waiver.file)},title=${escapeProperty(`waiver ${waiver.rule} (${cluster.cluster})`)}::${escapeData(`${waiver.resource}: ${waiver.reason}`)}`,
      );
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
