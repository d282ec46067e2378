import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedApp } from '../../lib/model/resolved-app';
import { appLabels } from '../../lib/render/labels';
import { CUSTOM_RESOURCE_ANNOTATIONS } from '../shared/argocd';
import { standardRuleGroup } from './app-alerts';
import { rolloutRuleGroups } from './rollout-alerts';
import { sloRuleGroups } from './slo';

export interface AppPrometheusRuleProps {
  readonly app: ResolvedApp;
}

/**
 * One PrometheusRule per app, in its namespace: the standard alerts and, with an SLO, its rules and alerts; with a
 * Rollout, its aborted and paused-too-long alerts.
 */
export class AppPrometheusRule extends Construct {
  constructor(scope: Construct, id: string, props: AppPrometheusRuleProps) {
    super(scope, id);
    const { app } = props;
    new ApiObject(this, 'rule', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: {
        name: app.name,
        namespace: app.name,
        labels: appLabels(app),
        annotations: { ...CUSTOM_RESOURCE_ANNOTATIONS },
      },
      spec: { groups: [standardRuleGroup(app), ...sloRuleGroups(app), ...rolloutRuleGroups(app)] },
    });
  }
}
