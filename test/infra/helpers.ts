import { Testing } from 'cdktn';
import { production, SAMPLE_APPS, staging } from './fixtures/sample-project';
import type { AppSpec } from '../../lib/model/app-spec';
import type { AwsClusterDefinition } from '../../lib/model/cluster';
import { type TerraformJson } from '../../infra/policies/terraform-json';
import { EnvironmentStack, TARGET_VERSIONS, type EnvironmentStackProps } from '../../infra/stacks/environment-stack';

export { production, staging };

/** The sample app specs, by name (frozen in fixtures/sample-project.ts). */
export const APPS: Readonly<Record<string, AppSpec>> = SAMPLE_APPS;

/** Synthesizes one cluster's stack in a fresh app (declaring the stacks' Terraform targets) and returns its cdk.tf.json. */
export function synthStack(
  cluster: AwsClusterDefinition,
  apps: EnvironmentStackProps['apps'] = APPS,
  settings?: EnvironmentStackProps['settings'],
  account?: EnvironmentStackProps['account'],
  ownsAccountResources?: boolean,
): TerraformJson {
  return JSON.parse(synthText(cluster, apps, settings, account, ownsAccountResources)) as TerraformJson;
}

export function synthText(
  cluster: AwsClusterDefinition,
  apps: EnvironmentStackProps['apps'] = APPS,
  settings?: EnvironmentStackProps['settings'],
  account?: EnvironmentStackProps['account'],
  ownsAccountResources?: boolean,
): string {
  const app = Testing.app({ context: { targetVersions: TARGET_VERSIONS } });
  const stack = new EnvironmentStack(app, cluster.name, { cluster, apps, settings, account, ownsAccountResources });
  // With validations, as `infra:synth` runs them: a feature the targeted Terraform lacks fails here too.
  return Testing.synth(stack, true);
}

/** The single resource of a type (fails loudly when there is not exactly one). */
export function only(json: TerraformJson, type: string): Record<string, unknown> {
  const resources = Object.values(json.resource?.[type] ?? {});
  if (resources.length !== 1) throw new Error(`expected one ${type}, found ${resources.length}`);
  return resources[0] as Record<string, unknown>;
}

/** All resources of a type. */
export function all(json: TerraformJson, type: string): Record<string, unknown>[] {
  return Object.values(json.resource?.[type] ?? {}) as Record<string, unknown>[];
}

/** All IAM policy documents (data sources). */
export function policyDocuments(json: TerraformJson): Record<string, unknown>[] {
  return Object.values(json.data?.aws_iam_policy_document ?? {}) as Record<string, unknown>[];
}

/** The resource with the given attribute value. */
export function named(json: TerraformJson, type: string, attribute: string, value: string): Record<string, unknown> {
  const found = all(json, type).find((resource) => resource[attribute] === value);
  if (found === undefined) throw new Error(`no ${type} with ${attribute} = ${value}`);
  return found;
}

/** The policy document a `${data.aws_iam_policy_document.<id>.json}` reference points at. */
export function documentOf(json: TerraformJson, reference: unknown): Record<string, unknown> {
  const match = /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(String(reference));
  const document = match === null ? undefined : json.data?.aws_iam_policy_document?.[match[1]!];
  if (document === undefined) throw new Error(`not a policy document reference: ${String(reference)}`);
  return document as Record<string, unknown>;
}

/** The statements of every inline policy of the IAM role with the given name. */
export function roleStatements(json: TerraformJson, roleName: string): Record<string, unknown>[] {
  const roleId = Object.entries(json.resource?.aws_iam_role ?? {}).find(([, role]) => role.name === roleName)?.[0];
  if (roleId === undefined) throw new Error(`no IAM role ${roleName}`);
  return all(json, 'aws_iam_role_policy')
    .filter((policy) => String(policy.role).includes(`aws_iam_role.${roleId}.`))
    .flatMap((policy) => documentOf(json, policy.policy).statement as Record<string, unknown>[]);
}

/** The Terraform reference to the ARN of the Secrets Manager secret with the given name. */
export function secretArnReference(json: TerraformJson, name: string): string {
  const id = Object.entries(json.resource?.aws_secretsmanager_secret ?? {}).find(
    ([, secret]) => secret.name === name,
  )?.[0];
  if (id === undefined) throw new Error(`no Secrets Manager secret ${name}`);
  return `\${aws_secretsmanager_secret.${id}.arn}`;
}
