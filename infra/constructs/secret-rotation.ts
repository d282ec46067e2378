import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import { SchedulerSchedule } from '@cdktn/provider-aws/lib/scheduler-schedule';
import { SecretsmanagerSecretRotation } from '@cdktn/provider-aws/lib/secretsmanager-secret-rotation';
import { SnsTopic } from '@cdktn/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktn/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { byCodePoint } from '../../lib/order';
import { policyDocument } from './policy-document';

/** Longest time a secret may keep one value (the security baseline). */
export const SECRET_ROTATION_DAYS = 90;

/**
 * Rotation period of the RDS-managed master secrets: RDS's own default for managed master secrets, kept
 * explicit. Nobody works with the master user day to day (apps have their own users), so rotating often
 * costs nothing; SECRET_ROTATION_DAYS is the ceiling the secret-rotation policy enforces.
 */
export const MASTER_SECRET_ROTATION_DAYS = 7;

/**
 * When the reminder for the secrets AWS cannot rotate goes out: 09:00 UTC on the first day of every quarter,
 * so no value lives longer than SECRET_ROTATION_DAYS plus the days a rotation takes.
 */
export const ROTATION_REMINDER_SCHEDULE = 'cron(0 9 1 1,4,7,10 ? *)';

export interface SecretRotationProps {
  readonly name: string;
  readonly accountId: string;
  /** ARNs of the secrets RDS manages (manage_master_user_password): Secrets Manager rotates them itself. */
  readonly managedSecretArns: readonly string[];
  /** Names of the secrets a person rotates (app and platform secrets set outside git). */
  readonly manualSecretNames: readonly string[];
  readonly reminderEmails: readonly string[];
}

/**
 * Rotation where AWS can rotate: the RDS-managed master secret every MASTER_SECRET_ROTATION_DAYS (managed
 * rotation: no Lambda, the schedule is the secret's rotation rule). For the secrets only their owners can
 * rotate, a quarterly EventBridge Scheduler reminder to the platform team's SNS topic that lists them and
 * links the procedure (docs/security.md).
 */
export class SecretRotation extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: SecretRotationProps) {
    super(scope, id);
    props.managedSecretArns.forEach((secretId, index) => {
      new SecretsmanagerSecretRotation(this, `managed-${index}`, {
        secretId,
        // schedule_expression, not automatically_after_days: the console writes this form, so it stays in sync.
        rotationRules: { scheduleExpression: `rate(${MASTER_SECRET_ROTATION_DAYS} days)` },
      });
    });

    this.topic = new SnsTopic(this, 'topic', {
      name: `${props.name}-secret-rotation`,
      // The AWS-managed SNS key: usable by the scheduler's role without a key policy change.
      kmsMasterKeyId: 'alias/aws/sns',
    });
    props.reminderEmails.forEach((email, index) => {
      new SnsTopicSubscription(this, `email-${index}`, {
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: email,
      });
    });
    const role = new IamRole(this, 'scheduler-role', {
      name: `${props.name}-secret-rotation-reminder`,
      description: 'EventBridge Scheduler: publishes the quarterly secret rotation reminder',
      assumeRolePolicy: policyDocument(this, 'scheduler-trust', [
        {
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['scheduler.amazonaws.com'] }],
          conditions: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [props.accountId] }],
        },
      ]),
    });
    new IamRolePolicy(this, 'scheduler-policy', {
      role: role.name,
      name: 'publish-reminder',
      policy: policyDocument(this, 'scheduler-permissions', [
        { sid: 'PublishReminder', actions: ['sns:Publish'], resources: [this.topic.arn] },
      ]),
    });
    const secrets = [...props.manualSecretNames].sort(byCodePoint);
    new SchedulerSchedule(this, 'reminder', {
      name: `${props.name}-secret-rotation-reminder`,
      description: `Quarterly: rotate the ${secrets.length} secrets of ${props.name} that AWS cannot rotate`,
      scheduleExpression: ROTATION_REMINDER_SCHEDULE,
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: this.topic.arn,
        roleArn: role.arn,
        input: JSON.stringify({
          subject: `${props.name}: rotate secrets (every ${SECRET_ROTATION_DAYS} days at most)`,
          procedure: 'docs/security.md#secret-rotation',
          secrets,
        }),
      },
    });
  }
}
