/** How urgently a human must act on an alert; Alertmanager routes on it. */
export enum Severity {
  /** Pages the on-call now (PagerDuty in production). */
  CRITICAL = 'critical',
  /** A ticket: look at it during working hours (Slack). */
  WARNING = 'warning',
}
