import type { ValidationReport } from '../types';

/** Machine-readable output: the report as is, stable key order. */
export function formatJson(report: ValidationReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
