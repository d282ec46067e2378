import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ESO_SESSION_TAGS } from '../../lib/naming';

export interface StoreGuardProps {
  readonly labels: Readonly<Record<string, string>>;
}

/** Name of the admission policy (and of its binding) that guards the session tags of secret stores. */
export const STORE_GUARD_NAME = 'secret-store-session-tags';

/**
 * An admission policy that refuses any SecretStore or ClusterSecretStore that sets `sessionTags` (or
 * `customSessionTags`) with a key External Secrets reserves for itself. Reader roles trust these tags; a store
 * author who could set them by hand could claim another namespace. Tag keys compare case-insensitively in AWS.
 */
export class StoreGuard extends Construct {
  constructor(scope: Construct, id: string, props: StoreGuardProps) {
    super(scope, id);
    const reserved = Object.values(ESO_SESSION_TAGS)
      .map((key) => `'${key.toLowerCase()}'`)
      .join(', ');
    new ApiObject(this, 'policy', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: STORE_GUARD_NAME, labels: { ...props.labels } },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [
            {
              apiGroups: ['external-secrets.io'],
              apiVersions: ['*'],
              operations: ['CREATE', 'UPDATE'],
              resources: ['secretstores', 'clustersecretstores'],
            },
          ],
        },
        validations: [
          {
            expression: `!has(object.spec.provider.aws) || !has(object.spec.provider.aws.sessionTags) || object.spec.provider.aws.sessionTags.all(tag, !(tag.key.lowerAscii() in [${reserved}]))`,
            message: `sessionTags must not set ${Object.values(ESO_SESSION_TAGS).join(', ')}: External Secrets sets them (sessionTagsPolicy) and IAM trusts them`,
          },
          {
            expression: `!has(object.spec.provider.aws) || !has(object.spec.provider.aws.customSessionTags) || object.spec.provider.aws.customSessionTags.all(key, !(key.lowerAscii() in [${reserved}]))`,
            message: `customSessionTags must not set ${Object.values(ESO_SESSION_TAGS).join(', ')} in any letter case`,
          },
        ],
      },
    });
    new ApiObject(this, 'binding', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: STORE_GUARD_NAME, labels: { ...props.labels } },
      spec: { policyName: STORE_GUARD_NAME, validationActions: ['Deny'] },
    });
  }
}
