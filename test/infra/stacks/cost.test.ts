import { describe, expect, it } from 'vitest';
import { COST_ALLOCATION_TAGS, teamBudgetName, teamBudgetTopicName } from '../../../lib/naming';
import { infraSettings } from '../../../infra/settings';
import { all, APPS, documentOf, named, production, staging, synthStack } from '../helpers';
import { checkPolicies } from '../../../infra/policies';

/** The teams of the apps that run in a cluster (derived, not listed). */
function teamsIn(cluster: typeof staging): string[] {
  return [...new Set(Object.keys(cluster.apps).map((app) => APPS[app]!.team))].sort();
}

describe.each([
  { name: 'staging', cluster: staging },
  { name: 'production', cluster: production },
])('cost allocation and team budgets, $name', ({ cluster }) => {
  const json = synthStack(cluster);
  const teams = teamsIn(cluster);

  it('activates team, app, environment and cluster as cost allocation tags', () => {
    const tags = all(json, 'aws_ce_cost_allocation_tag');
    expect(tags.map((tag) => tag.tag_key).sort()).toEqual([...COST_ALLOCATION_TAGS].sort());
    expect([...COST_ALLOCATION_TAGS].sort()).toEqual(['app', 'cluster', 'environment', 'team']);
    expect(new Set(tags.map((tag) => tag.status))).toEqual(new Set(['Active']));
  });

  it('tags every resource with environment, cluster and the platform team, and app resources with their app', () => {
    const provider = (json.provider as { aws: { default_tags: { tags: Record<string, string> }[] }[] }).aws[0]!;
    expect(provider.default_tags[0]!.tags).toMatchObject({
      environment: cluster.environment,
      cluster: cluster.name,
      team: 'platform',
    });
    for (const app of Object.keys(cluster.apps)) {
      const spec = APPS[app]!;
      const repository = all(json, 'aws_ecr_repository').find((r) => String(r.name).endsWith(spec.imageRepository));
      expect(repository?.tags).toEqual({ team: spec.team, app });
      if (Object.keys(spec.secrets ?? {}).length > 0) {
        expect(named(json, 'aws_secretsmanager_secret', 'name', `${cluster.name}/apps/${app}`).tags).toEqual({
          team: spec.team,
          app,
        });
      }
    }
  });

  it('gives every team of the cluster a monthly budget over its tagged cost in this cluster, alerting its topic', () => {
    expect(teams.length).toBeGreaterThan(0);
    for (const team of teams) {
      const budget = named(json, 'aws_budgets_budget', 'name', teamBudgetName(cluster, team));
      expect(budget).toMatchObject({
        budget_type: 'COST',
        time_unit: 'MONTHLY',
        limit_amount: String(infraSettings(cluster.environment).teamMonthlyBudgetUsd),
        filter_expression: {
          and: [
            { tags: { key: 'cluster', values: [cluster.name], match_options: ['EQUALS'] } },
            { tags: { key: 'team', values: [team], match_options: ['EQUALS'] } },
          ],
        },
      });
      const topicId = Object.entries(json.resource!.aws_sns_topic!).find(
        ([, topic]) => topic.name === teamBudgetTopicName(cluster, team),
      )![0];
      for (const notification of budget.notification as Record<string, unknown>[]) {
        expect(notification.subscriber_sns_topic_arns).toEqual([`\${aws_sns_topic.${topicId}.arn}`]);
      }
      expect(budget.depends_on).toEqual([expect.stringMatching(/^aws_sns_topic_policy\./)]);
    }
    // The environment's budget stays, over the whole account.
    expect(named(json, 'aws_budgets_budget', 'name', `${cluster.name}-monthly`).filter_expression).toBeUndefined();
  });

  it("lets only AWS Budgets publish to a team's topic, for that team's budget in this account, over TLS", () => {
    for (const team of teams) {
      const [topicId, topic] = Object.entries(json.resource!.aws_sns_topic!).find(
        ([, candidate]) => candidate.name === teamBudgetTopicName(cluster, team),
      )!;
      expect(String(topic.kms_master_key_id)).toMatch(/^\$\{aws_kms_key\./);
      const policy = all(json, 'aws_sns_topic_policy').find((p) => p.arn === `\${aws_sns_topic.${topicId}.arn}`)!;
      const [allow, deny] = documentOf(json, policy.policy).statement as Record<string, unknown>[];
      expect(allow).toEqual({
        sid: 'BudgetsPublishTeamBudget',
        effect: 'Allow',
        actions: ['SNS:Publish'],
        resources: [`\${aws_sns_topic.${topicId}.arn}`],
        principals: [{ type: 'Service', identifiers: ['budgets.amazonaws.com'] }],
        condition: [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [cluster.awsAccountId] },
          {
            test: 'ArnLike',
            variable: 'aws:SourceArn',
            values: [`arn:aws:budgets::${cluster.awsAccountId}:budget/${teamBudgetName(cluster, team)}`],
          },
        ],
      });
      expect(deny).toMatchObject({
        effect: 'Deny',
        condition: [{ variable: 'aws:SecureTransport', values: ['false'] }],
      });
    }
  });

  it('passes every infra policy', () => {
    expect(checkPolicies(json, { production: cluster.environment === 'production' })).toEqual([]);
  });
});

describe('cost allocation tags of a second cluster in an account', () => {
  it('are activated by the stack that owns the account resources only', () => {
    const json = synthStack(staging, APPS, undefined, undefined, false);
    expect(all(json, 'aws_ce_cost_allocation_tag')).toEqual([]);
  });

  it('sends a team its alerts by mail when the settings name addresses, and uses its own limit', () => {
    const team = teamsIn(staging)[0]!;
    const settings = {
      ...infraSettings(staging.environment),
      teamMonthlyBudgetsUsd: { [team]: 42 },
      teamBudgetAlertEmails: { [team]: ['finops@example.com'] },
    };
    const json = synthStack(staging, APPS, settings);
    expect(named(json, 'aws_budgets_budget', 'name', teamBudgetName(staging, team)).limit_amount).toBe('42');
    expect(all(json, 'aws_sns_topic_subscription').filter((s) => s.endpoint === 'finops@example.com')).toHaveLength(1);
  });
});
