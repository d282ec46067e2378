import { WAF_LOG_GROUP_PREFIX, WAF_REDACTED_HEADERS } from '../constructs/waf-logging';
import { block, blockList, refersTo, resourcesOf } from './terraform-json';
import { type Policy, type Violation } from './violation';

/**
 * Every web ACL logs to a CloudWatch log group named aws-waf-logs-* with a retention, and redacts the
 * Authorization and Cookie headers (checkov CKV2_AWS_31 plus redaction).
 */
export const wafLogging: Policy = {
  id: 'waf-logging',
  description: 'web ACLs log to a retained aws-waf-logs-* log group with credentials redacted',
  check(json) {
    const violations: Violation[] = [];
    const configs = resourcesOf(json, 'aws_wafv2_web_acl_logging_configuration');
    const groups = resourcesOf(json, 'aws_cloudwatch_log_group');
    for (const acl of resourcesOf(json, 'aws_wafv2_web_acl')) {
      const add = (message: string) => violations.push({ policy: this.id, address: acl.address, message });
      const config = configs.find((candidate) => refersTo(candidate.config.resource_arn, acl));
      if (config === undefined) {
        add('has no aws_wafv2_web_acl_logging_configuration');
        continue;
      }
      const destinations = Array.isArray(config.config.log_destination_configs)
        ? (config.config.log_destination_configs as unknown[])
        : [];
      const group = groups.find((candidate) => destinations.some((destination) => refersTo(destination, candidate)));
      if (group === undefined || !String(group.config.name).startsWith(WAF_LOG_GROUP_PREFIX)) {
        add(`does not log to a log group of the stack named ${WAF_LOG_GROUP_PREFIX}*`);
      } else if (typeof group.config.retention_in_days !== 'number') {
        add(`log group ${String(group.config.name)} has no retention_in_days`);
      }
      const redacted = blockList(config.config.redacted_fields).map((field) =>
        String(block(field.single_header)?.name ?? '').toLowerCase(),
      );
      const missing = WAF_REDACTED_HEADERS.filter((header) => !redacted.includes(header));
      if (missing.length > 0) add(`does not redact the ${missing.join(', ')} header(s)`);
    }
    return violations;
  },
};
