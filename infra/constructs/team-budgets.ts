import { SnsTopic } from '@cdktn/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktn/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktn/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { byCodePoint } from '../../lib/order';
import { Budget } from './budget';
import { EncryptionKey } from './encryption-key';
import { policyDocument } from './policy-document';

/** One team's budget in the cluster. */
export interface TeamBudgetSpec {
  readonly team: string;
  readonly budgetName: string;
  readonly topicName: string;
  readonly monthlyLimitUsd: number;
  /** Subscribed to the team's topic by mail (each address confirms once). @default none: subscribe the team's channel by hand or through AWS Chatbot */
  readonly alertEmails?: readonly string[];
}

export interface TeamBudgetsProps {
  readonly accountId: string;
  /** Prefix of the key alias: `<name>-budget-alerts`. */
  readonly name: string;
  readonly deletionWindowDays: number;
  /** Tags every team's cost must carry besides `team` (the cluster's own, so two clusters of an account split). */
  readonly scopeTags: Readonly<Record<string, string>>;
  readonly teams: readonly TeamBudgetSpec[];
}

/** What AWS Budgets needs of a topic's key to publish an encrypted message (AWS Budgets user guide, "SNS topic"). */
const BUDGETS_KEY_ACTIONS = ['kms:GenerateDataKey*', 'kms:Decrypt'];

/**
 * A monthly budget per team, over the cost tagged `team=<team>` (and the cluster's scope tags), alerting an SNS
 * topic of the team's own. Each topic is encrypted with one customer-managed key, and its policy lets only AWS
 * Budgets publish, only for this account's budget of that team, only over TLS; the key admits AWS Budgets for this
 * account only.
 */
export class TeamBudgets extends Construct {
  readonly topics: Record<string, SnsTopic> = {};

  constructor(scope: Construct, id: string, props: TeamBudgetsProps) {
    super(scope, id);
    if (props.teams.length === 0) return;
    const key = new EncryptionKey(this, 'key', {
      alias: `${props.name}-budget-alerts`,
      description: `Budget alert topics of ${props.name}`,
      deletionWindowDays: props.deletionWindowDays,
      accountId: props.accountId,
    });
    key.attachPolicy([
      {
        sid: 'BudgetsPublishEncrypted',
        actions: BUDGETS_KEY_ACTIONS,
        resources: ['*'],
        principals: [{ type: 'Service', identifiers: ['budgets.amazonaws.com'] }],
        conditions: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [props.accountId] }],
      },
    ]);
    for (const spec of [...props.teams].sort((a, b) => byCodePoint(a.team, b.team))) {
      const topic = new SnsTopic(this, `${spec.team}-topic`, { name: spec.topicName, kmsMasterKeyId: key.arn });
      this.topics[spec.team] = topic;
      const topicPolicy = new SnsTopicPolicy(this, `${spec.team}-topic-policy`, {
        arn: topic.arn,
        policy: policyDocument(this, `${spec.team}-topic-policy-document`, [
          {
            sid: 'BudgetsPublishTeamBudget',
            actions: ['SNS:Publish'],
            resources: [topic.arn],
            principals: [{ type: 'Service', identifiers: ['budgets.amazonaws.com'] }],
            conditions: [
              { test: 'StringEquals', variable: 'aws:SourceAccount', values: [props.accountId] },
              {
                test: 'ArnLike',
                variable: 'aws:SourceArn',
                values: [`arn:aws:budgets::${props.accountId}:budget/${spec.budgetName}`],
              },
            ],
          },
          {
            sid: 'DenyPlainHttp',
            effect: 'Deny',
            actions: ['SNS:Publish', 'SNS:Subscribe'],
            resources: [topic.arn],
            principals: [{ type: '*', identifiers: ['*'] }],
            conditions: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
          },
        ]),
      });
      (spec.alertEmails ?? []).forEach((email, index) => {
        new SnsTopicSubscription(this, `${spec.team}-email-${index}`, {
          topicArn: topic.arn,
          protocol: 'email',
          endpoint: email,
        });
      });
      new Budget(this, `${spec.team}-budget`, {
        name: spec.budgetName,
        monthlyLimitUsd: spec.monthlyLimitUsd,
        alertTopicArns: [topic.arn],
        tags: { ...props.scopeTags, team: spec.team },
        // The topic must admit AWS Budgets before the budget's notifications are created.
        dependsOn: [topicPolicy],
      });
    }
  }
}
