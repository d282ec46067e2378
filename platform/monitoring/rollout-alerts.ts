import { DEFAULTS } from '../../lib/model/defaults';
import type { ResolvedApp } from '../../lib/model/resolved-app';
import type { AlertingRule, RuleGroup } from './prometheus-rule';
import { runbookUrl } from './selectors';
import { Severity } from './severity';

/**
 * Alerts on an app's Rollout, from the Argo Rollouts controller's `rollout_info` (its ServiceMonitor keeps the
 * Rollout's own `namespace`): the rollout aborted (an analysis or smoke test failed, or the new pods never became
 * ready; traffic is back on the stable version and git is ahead of what runs), or it has been paused longer than
 * any of its steps waits (an inconclusive analysis, which waits for a person). Tickets: production still serves
 * the stable version in both cases. Empty for an app without a Rollout.
 */
export function rolloutRuleGroups(app: ResolvedApp): RuleGroup[] {
  const delivery = app.delivery;
  if (delivery === undefined) return [];
  const rollout = `namespace="${app.name}",name="${app.name}"`;
  const labels = { severity: Severity.WARNING, team: app.team, app: app.name, namespace: app.name };
  const longestPause = delivery.strategy === 'canary' ? delivery.pauseMinutes : 0;
  const pausedFor = longestPause + DEFAULTS.rolloutPausedGraceMinutes;
  const rules: AlertingRule[] = [
    {
      alert: 'RolloutAborted',
      expr: `max(rollout_info{${rollout},phase="Degraded"}) == 1`,
      for: '1m',
      labels,
      annotations: {
        summary: `${app.name}: the rollout of a new version was aborted and rolled back`,
        description: `The Rollout ${app.name} is Degraded: Argo Rollouts aborted the new version (a failed analysis or smoke test, or pods that never became ready) and sent all traffic back to the stable one. Git still asks for the new version: fix it or revert the change.`,
        runbook_url: runbookUrl('RolloutAborted'),
      },
    },
    {
      alert: 'RolloutPausedTooLong',
      expr: `max(rollout_info{${rollout},phase="Paused"}) == 1`,
      for: `${pausedFor}m`,
      labels,
      annotations: {
        summary: `${app.name}: the rollout has been paused for more than ${pausedFor} minutes`,
        description: `The Rollout ${app.name} has been Paused for ${pausedFor} minutes, longer than any of its steps waits (${longestPause} minutes): most likely an analysis was inconclusive (too few requests to judge the new version). Promote or abort it in Argo CD.`,
        runbook_url: runbookUrl('RolloutPausedTooLong'),
      },
    },
  ];
  return [{ name: `${app.name}.rollout`, rules }];
}
