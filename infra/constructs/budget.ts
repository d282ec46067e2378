import { BudgetsBudget } from '@cdktn/provider-aws/lib/budgets-budget';
import { Construct } from 'constructs';

export interface BudgetProps {
  readonly name: string;
  readonly monthlyLimitUsd: number;
  readonly alertEmails: readonly string[];
}

/** Alert thresholds: actual spend at 80 % and 100 %, forecast at 100 % of the monthly limit. */
export const BUDGET_ALERTS = [
  { type: 'ACTUAL', percent: 80 },
  { type: 'ACTUAL', percent: 100 },
  { type: 'FORECASTED', percent: 100 },
] as const;

/** A monthly cost budget for the environment's account, mailing its owners before and when it is spent. */
export class Budget extends Construct {
  constructor(scope: Construct, id: string, props: BudgetProps) {
    super(scope, id);
    new BudgetsBudget(this, 'budget', {
      name: props.name,
      budgetType: 'COST',
      timeUnit: 'MONTHLY',
      limitAmount: String(props.monthlyLimitUsd),
      limitUnit: 'USD',
      notification: BUDGET_ALERTS.map((alert) => ({
        comparisonOperator: 'GREATER_THAN',
        notificationType: alert.type,
        threshold: alert.percent,
        thresholdType: 'PERCENTAGE',
        subscriberEmailAddresses: [...props.alertEmails],
      })),
    });
  }
}
