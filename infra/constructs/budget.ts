import { BudgetsBudget, type BudgetsBudgetFilterExpression } from '@cdktn/provider-aws/lib/budgets-budget';
import type { ITerraformDependable } from 'cdktn';
import { Construct } from 'constructs';

export interface BudgetProps {
  readonly name: string;
  readonly monthlyLimitUsd: number;
  /** @default none */
  readonly alertEmails?: readonly string[];
  /** SNS topics that receive the alerts (their policy must let budgets.amazonaws.com publish). @default none */
  readonly alertTopicArns?: readonly string[];
  /**
   * Tags the counted cost must carry, all of them (cost allocation tags, activated in the payer account).
   * @default none: the account's whole cost
   */
  readonly tags?: Readonly<Record<string, string>>;
  /** What must exist first (the topic policy that lets AWS Budgets publish). @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** Alert thresholds: actual spend at 80 % and 100 %, forecast at 100 % of the monthly limit. */
export const BUDGET_ALERTS = [
  { type: 'ACTUAL', percent: 80 },
  { type: 'ACTUAL', percent: 100 },
  { type: 'FORECASTED', percent: 100 },
] as const;

/** Cost Explorer's filter for costs that carry every given tag (a single tag needs no `and`). */
export function tagFilter(tags: Readonly<Record<string, string>>): BudgetsBudgetFilterExpression {
  const terms = Object.keys(tags)
    .sort()
    .map((key) => ({ tags: { key, values: [tags[key]!], matchOptions: ['EQUALS'] } }));
  return terms.length === 1 ? terms[0]! : { and: terms };
}

/**
 * A monthly cost budget of the account (or of the cost carrying `tags`), alerting its owners by mail or SNS
 * before and when it is spent.
 */
export class Budget extends Construct {
  readonly budget: BudgetsBudget;

  constructor(scope: Construct, id: string, props: BudgetProps) {
    super(scope, id);
    const emails = props.alertEmails ?? [];
    const topics = props.alertTopicArns ?? [];
    this.budget = new BudgetsBudget(this, 'budget', {
      name: props.name,
      ...(props.dependsOn === undefined ? {} : { dependsOn: [...props.dependsOn] }),
      budgetType: 'COST',
      timeUnit: 'MONTHLY',
      limitAmount: String(props.monthlyLimitUsd),
      limitUnit: 'USD',
      ...(props.tags === undefined || Object.keys(props.tags).length === 0
        ? {}
        : { filterExpression: tagFilter(props.tags) }),
      notification: BUDGET_ALERTS.map((alert) => ({
        comparisonOperator: 'GREATER_THAN',
        notificationType: alert.type,
        threshold: alert.percent,
        thresholdType: 'PERCENTAGE',
        ...(emails.length === 0 ? {} : { subscriberEmailAddresses: [...emails] }),
        ...(topics.length === 0 ? {} : { subscriberSnsTopicArns: [...topics] }),
      })),
    });
  }
}
