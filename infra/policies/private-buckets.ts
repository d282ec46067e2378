import { isTrue, refersTo, resourcesOf } from './terraform-json';
import { type Policy, type Violation } from './violation';

const PUBLIC_ACCESS_SETTINGS = [
  'block_public_acls',
  'block_public_policy',
  'ignore_public_acls',
  'restrict_public_buckets',
] as const;

/** No bucket can become public: all four public-access-block settings on, no public canned ACL. */
export const privateBuckets: Policy = {
  id: 'private-buckets',
  description: 'every S3 bucket blocks public access and has no public ACL',
  check(json) {
    const violations: Violation[] = [];
    const add = (address: string, message: string) => violations.push({ policy: this.id, address, message });
    const blocks = resourcesOf(json, 'aws_s3_bucket_public_access_block');
    const acls = resourcesOf(json, 'aws_s3_bucket_acl');
    for (const bucket of resourcesOf(json, 'aws_s3_bucket')) {
      const publicAccessBlock = blocks.find((candidate) => refersTo(candidate.config.bucket, bucket));
      if (publicAccessBlock === undefined) {
        add(bucket.address, 'bucket has no aws_s3_bucket_public_access_block');
      } else {
        const off = PUBLIC_ACCESS_SETTINGS.filter((setting) => !isTrue(publicAccessBlock.config[setting]));
        if (off.length > 0) add(publicAccessBlock.address, `public access is not blocked: ${off.join(', ')} not true`);
      }
      if (typeof bucket.config.acl === 'string' && bucket.config.acl.startsWith('public')) {
        add(bucket.address, `canned ACL "${bucket.config.acl}" makes the bucket public`);
      }
      for (const acl of acls.filter((candidate) => refersTo(candidate.config.bucket, bucket))) {
        if (typeof acl.config.acl === 'string' && acl.config.acl.startsWith('public')) {
          add(acl.address, `canned ACL "${acl.config.acl}" makes the bucket public`);
        }
      }
    }
    return violations;
  },
};
