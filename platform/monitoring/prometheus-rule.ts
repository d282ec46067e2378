/** The parts of the `monitoring.coreos.com/v1` PrometheusRule spec we write. */

import { runbookUrl } from './selectors';

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  /** Prometheus duration the condition must hold before the alert fires. @default fires at once */
  readonly for?: string;
  /** Always carries `severity` and `team`. */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: { readonly summary: string; readonly description: string; readonly runbook_url: string };
}

export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly (RecordingRule | AlertingRule)[];
}

/** An alerting rule with its runbook link (docs/runbooks.md, one section per alert name). */
export function alertingRule(
  alert: string,
  expr: string,
  forDuration: string,
  labels: Readonly<Record<string, string>>,
  summary: string,
  description: string,
): AlertingRule {
  return {
    alert,
    expr,
    for: forDuration,
    labels,
    annotations: { summary, description, runbook_url: runbookUrl(alert) },
  };
}
