import { ciApplyTrust } from './ci-apply-trust';
import { ciCoversStack } from './ci-covers-stack';
import { ciPlanReadOnly } from './ci-plan-read-only';
import { cloudtrailSecretAudit } from './cloudtrail-secret-audit';
import { defaultSecurityGroupClosed } from './default-security-group-closed';
import { eksPrivateEndpoint } from './eks-private-endpoint';
import { encryptedStores } from './encrypted-stores';
import { explicitKeyPolicies } from './explicit-key-policies';
import { iamPermissionsBoundary } from './iam-permissions-boundary';
import { imdsv2Required } from './imdsv2-required';
import { noIamWildcardAdmin } from './no-iam-wildcard-admin';
import { privateBuckets } from './private-buckets';
import { secretRotation } from './secret-rotation';
import { wafLogging } from './waf-logging';
import { productionDeletionProtection } from './production-deletion-protection';
import { replaceableNodeGroups } from './replaceable-node-groups';
import { type TerraformJson } from './terraform-json';
import { type Policy, type PolicyContext, type Violation } from './violation';

/** Every policy a stack must pass. */
export const POLICIES: readonly Policy[] = [
  encryptedStores,
  privateBuckets,
  imdsv2Required,
  productionDeletionProtection,
  noIamWildcardAdmin,
  explicitKeyPolicies,
  replaceableNodeGroups,
  ciPlanReadOnly,
  ciApplyTrust,
  iamPermissionsBoundary,
  ciCoversStack,
  eksPrivateEndpoint,
  defaultSecurityGroupClosed,
  wafLogging,
  cloudtrailSecretAudit,
  secretRotation,
];

/** Runs every policy over a synthesized stack. */
export function checkPolicies(json: TerraformJson, context: PolicyContext): Violation[] {
  return POLICIES.flatMap((policy) => policy.check(json, context));
}
