import { blockList, dataSourcesOf, refersTo, resourcesOf, type TerraformJson } from './terraform-json';
import { type Policy, type Violation } from './violation';

/** Actions that use key material (encrypt, decrypt, re-encrypt, data keys, grants); the rest administer. */
const USE_ACTION = /^kms:(\*|Encrypt|Decrypt|ReEncrypt|GenerateDataKey|CreateGrant)/;

/**
 * Every KMS key has an explicit key policy (the default one lets any principal of the account with an IAM
 * allow use the key directly), and no statement lets the account root, i.e. every principal IAM allows,
 * use the key except through named AWS services of the account (kms:ViaService and kms:CallerAccount).
 */
export const explicitKeyPolicies: Policy = {
  id: 'explicit-key-policies',
  description: 'KMS keys have explicit key policies; account-wide use only through AWS services of the account',
  check(json) {
    const violations: Violation[] = [];
    const add = (address: string, message: string) => violations.push({ policy: this.id, address, message });
    const keyPolicies = resourcesOf(json, 'aws_kms_key_policy');
    for (const key of resourcesOf(json, 'aws_kms_key')) {
      const policy = keyPolicies.find((candidate) => refersTo(candidate.config.key_id, key));
      if (policy === undefined && key.config.policy === undefined) {
        add(key.address, 'no key policy: the default policy lets any IAM-allowed principal of the account use the key');
        continue;
      }
      const document = documentOf(json, policy?.config.policy ?? key.config.policy);
      if (document === undefined) continue;
      for (const statement of blockList(document.config.statement)) {
        if (statement.effect === 'Deny') continue;
        const toRoot = blockList(statement.principals).some((principal) =>
          (principal.identifiers as unknown[] | undefined)?.some(
            (id) => typeof id === 'string' && id.endsWith(':root'),
          ),
        );
        const uses = ((statement.actions as unknown[] | undefined) ?? []).filter(
          (action): action is string => typeof action === 'string' && USE_ACTION.test(action),
        );
        const variables = blockList(statement.condition).map((condition) => condition.variable);
        if (
          toRoot &&
          uses.length > 0 &&
          !(variables.includes('kms:ViaService') && variables.includes('kms:CallerAccount'))
        ) {
          add(
            document.address,
            `statement ${JSON.stringify(statement.sid ?? '')} lets the whole account ${uses.join(', ')} the key; ` +
              'expected kms:ViaService and kms:CallerAccount conditions, or a named principal',
          );
        }
      }
    }
    return violations;
  },
};

function documentOf(json: TerraformJson, reference: unknown) {
  const match = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(String(reference));
  return match === null
    ? undefined
    : dataSourcesOf(json, 'aws_iam_policy_document').find((doc) => doc.name === match[1]);
}
