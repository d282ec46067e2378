import { documentStatements } from './iam-json';
import { block, blockList, isTrue, refersTo, resourcesOf, type TerraformResource } from './terraform-json';
import { type Policy, type Violation } from './violation';

/**
 * A trail records every management event, reads included (Secrets Manager logs GetSecretValue as a read
 * management event), across regions, with log file validation, encrypted with KMS, into a bucket that is
 * versioned, object-locked, access-logged and private (checkov CKV_AWS_35/36/67, CKV_AWS_18/21 on the bucket).
 */
export const cloudtrailSecretAudit: Policy = {
  id: 'cloudtrail-secret-audit',
  description: 'a multi-region trail of all management events (reads too) into an encrypted, locked, logged bucket',
  check(json, context) {
    // One trail per account region lives in the cluster's main stack; phase 1 (the zone) has none.
    if (context.phase === 'dns') return [];
    const violations: Violation[] = [];
    const trails = resourcesOf(json, 'aws_cloudtrail');
    if (trails.length === 0) {
      return [{ policy: this.id, address: 'aws_cloudtrail', message: 'the stack has no CloudTrail trail' }];
    }
    for (const trail of trails) {
      const add = (address: string, message: string) => violations.push({ policy: this.id, address, message });
      if (!isTrue(trail.config.is_multi_region_trail)) add(trail.address, 'is_multi_region_trail is not true');
      if (!isTrue(trail.config.enable_log_file_validation))
        add(trail.address, 'enable_log_file_validation is not true');
      if (typeof trail.config.kms_key_id !== 'string')
        add(trail.address, 'log files are not encrypted with KMS (kms_key_id)');
      if (!recordsAllManagementEvents(trail)) {
        add(trail.address, 'does not record every management event, reads included (GetSecretValue is a read)');
      }
      const bucket = resourcesOf(json, 'aws_s3_bucket').find((candidate) =>
        refersTo(trail.config.s3_bucket_name, candidate),
      );
      if (bucket === undefined) {
        add(trail.address, 's3_bucket_name does not reference a bucket of the stack');
        continue;
      }
      const about = (type: string) =>
        resourcesOf(json, type).find((candidate) => refersTo(candidate.config.bucket, bucket));
      if (!isTrue(bucket.config.object_lock_enabled)) add(bucket.address, 'object_lock_enabled is not true');
      const versioning = about('aws_s3_bucket_versioning');
      if (block(versioning?.config.versioning_configuration)?.status !== 'Enabled')
        add(bucket.address, 'is not versioned');
      if (block(about('aws_s3_bucket_object_lock_configuration')?.config.rule) === undefined) {
        add(bucket.address, 'has no default object lock retention');
      }
      if (about('aws_s3_bucket_logging') === undefined) add(bucket.address, 'has no server access logging');
      const policy = about('aws_s3_bucket_policy');
      const limited = documentStatements(json, policy?.config.policy).some((statement) =>
        statement.conditions.some((condition) => condition.variable === 'aws:SourceArn'),
      );
      if (!limited) {
        add(bucket.address, 'has no bucket policy limiting CloudTrail by aws:SourceArn');
      }
    }
    return violations;
  },
};

/** A management-event selector that excludes nothing (no readOnly filter), basic or advanced. */
function recordsAllManagementEvents(trail: TerraformResource): boolean {
  const advanced = blockList(trail.config.advanced_event_selector);
  if (advanced.length > 0) {
    return advanced.some((selector) => {
      const fields = blockList(selector.field_selector);
      const category = fields.find((field) => field.field === 'eventCategory');
      return (
        Array.isArray(category?.equals) &&
        (category.equals as unknown[]).includes('Management') &&
        fields.every((field) => field.field === 'eventCategory')
      );
    });
  }
  const basic = blockList(trail.config.event_selector);
  if (basic.length === 0) return true; // CloudTrail's default: all management events
  return basic.some(
    (selector) => selector.include_management_events !== false && (selector.read_write_type ?? 'All') === 'All',
  );
}
