import { block, blockList, isTrue, refersTo, resourcesOf } from './terraform-json';
import { type Policy, type Violation } from './violation';

/** Every data store is encrypted at rest (and the cache in transit too). */
export const encryptedStores: Policy = {
  id: 'encrypted-stores',
  description: 'S3 buckets, databases, caches, EKS secrets and node volumes are encrypted',
  check(json) {
    const violations: Violation[] = [];
    const add = (address: string, message: string) => violations.push({ policy: this.id, address, message });
    const encryptionConfigs = resourcesOf(json, 'aws_s3_bucket_server_side_encryption_configuration');
    for (const bucket of resourcesOf(json, 'aws_s3_bucket')) {
      const encrypted = encryptionConfigs.some((config) => refersTo(config.config.bucket, bucket));
      if (!encrypted) add(bucket.address, 'bucket has no aws_s3_bucket_server_side_encryption_configuration');
    }
    for (const database of resourcesOf(json, 'aws_db_instance', 'aws_rds_cluster')) {
      if (!isTrue(database.config.storage_encrypted)) add(database.address, 'storage_encrypted is not true');
    }
    for (const cache of resourcesOf(json, 'aws_elasticache_replication_group')) {
      if (!isTrue(cache.config.at_rest_encryption_enabled)) {
        add(cache.address, 'at_rest_encryption_enabled is not true');
      }
      if (!isTrue(cache.config.transit_encryption_enabled)) {
        add(cache.address, 'transit_encryption_enabled is not true');
      }
    }
    for (const cluster of resourcesOf(json, 'aws_eks_cluster')) {
      const resources = block(cluster.config.encryption_config)?.resources;
      if (!Array.isArray(resources) || !resources.includes('secrets')) {
        add(cluster.address, 'Kubernetes secrets are not encrypted with a KMS key (encryption_config)');
      }
    }
    for (const template of resourcesOf(json, 'aws_launch_template')) {
      for (const device of blockList(template.config.block_device_mappings)) {
        const ebs = block(device.ebs);
        if (ebs !== undefined && !isTrue(ebs.encrypted)) {
          add(template.address, `volume ${String(device.device_name)} is not encrypted`);
        }
      }
    }
    for (const volume of resourcesOf(json, 'aws_ebs_volume', 'aws_efs_file_system')) {
      if (!isTrue(volume.config.encrypted)) add(volume.address, 'encrypted is not true');
    }
    return violations;
  },
};
