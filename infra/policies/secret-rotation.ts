import { SECRET_ROTATION_DAYS } from '../constructs/secret-rotation';
import { block, isTrue, resourcesOf } from './terraform-json';
import { type Policy, type Violation } from './violation';

/** Days between rotations a rotation rule gives, or undefined when it names none. */
export function rotationDays(rules: Readonly<Record<string, unknown>> | undefined): number | undefined {
  if (rules === undefined) return undefined;
  if (typeof rules.automatically_after_days === 'number') return rules.automatically_after_days;
  const rate = /^rate\((\d+) days?\)$/.exec(String(rules.schedule_expression ?? ''));
  return rate === null ? undefined : Number(rate[1]);
}

/**
 * Secrets AWS can rotate are rotated on a schedule of SECRET_ROTATION_DAYS or shorter (checkov CKV2_AWS_57):
 * the master secret of every database whose password RDS manages. The secrets only people can rotate are
 * covered by a scheduled reminder (aws_scheduler_schedule) when the stack holds any.
 */
export const secretRotation: Policy = {
  id: 'secret-rotation',
  description: `RDS-managed master secrets rotate every ${SECRET_ROTATION_DAYS} days or sooner; other secrets get a reminder`,
  check(json) {
    const violations: Violation[] = [];
    const rotations = resourcesOf(json, 'aws_secretsmanager_secret_rotation');
    for (const database of resourcesOf(json, 'aws_db_instance', 'aws_rds_cluster')) {
      if (!isTrue(database.config.manage_master_user_password)) continue;
      const reference = `\${${database.type}.${database.name}.master_user_secret[0].secret_arn}`;
      const rotation = rotations.find((candidate) => candidate.config.secret_id === reference);
      const days = rotationDays(block(rotation?.config.rotation_rules));
      if (rotation === undefined) {
        violations.push({
          policy: this.id,
          address: database.address,
          message: 'its managed master secret has no aws_secretsmanager_secret_rotation',
        });
      } else if (days === undefined || days > SECRET_ROTATION_DAYS) {
        violations.push({
          policy: this.id,
          address: rotation.address,
          message: `rotates every ${days ?? '?'} days; at most ${SECRET_ROTATION_DAYS}`,
        });
      }
    }
    const secrets = resourcesOf(json, 'aws_secretsmanager_secret');
    if (secrets.length > 0 && resourcesOf(json, 'aws_scheduler_schedule').length === 0) {
      violations.push({
        policy: this.id,
        address: 'aws_scheduler_schedule',
        message: `${secrets.length} secret(s) AWS cannot rotate and no scheduled rotation reminder`,
      });
    }
    return violations;
  },
};
