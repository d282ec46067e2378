import { CloudwatchLogGroup } from '@cdktn/provider-aws/lib/cloudwatch-log-group';
import { Wafv2WebAclLoggingConfiguration } from '@cdktn/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { Construct } from 'constructs';

/** WAF delivers to CloudWatch Logs only into log groups whose name starts with this. */
export const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';

/** Request headers that carry credentials: WAF writes them as REDACTED. */
export const WAF_REDACTED_HEADERS: readonly string[] = ['authorization', 'cookie'];

export interface WafLoggingProps {
  readonly webAclName: string;
  readonly webAclArn: string;
  readonly retentionDays: number;
}

/**
 * Every request the web ACL evaluates, with the rule that matched, into a CloudWatch log group kept for the
 * environment's log retention; credentials (Authorization, Cookie) are redacted before they are written.
 */
export class WafLogging extends Construct {
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: WafLoggingProps) {
    super(scope, id);
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `${WAF_LOG_GROUP_PREFIX}${props.webAclName}`,
      retentionInDays: props.retentionDays,
    });
    new Wafv2WebAclLoggingConfiguration(this, 'logging', {
      resourceArn: props.webAclArn,
      logDestinationConfigs: [this.logGroup.arn],
      redactedFields: WAF_REDACTED_HEADERS.map((name) => ({ singleHeader: { name } })),
    });
  }
}
