import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type TerraformJson } from '../policies/terraform-json';
import { certificateCovers, infraNames, tagSelected, type InfraNames } from './infra-names';
import { extractAwsReferences, nonAwsStores, type AwsReference } from './references';

/** A reference in the YAML that the environment's infra does not create. */
export interface ContractProblem {
  readonly reference: AwsReference;
  readonly message: string;
}

/** Every `.yaml` file under a folder, sorted, depth first. */
export function yamlFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder).sort()) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) files.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(entry)) files.push(path);
  }
  return files;
}

/**
 * Checks that everything `generated/<cluster>` points at in AWS is created by the cluster's stack.
 * `displayRoot` makes file names in messages relative (e.g. to the repository root).
 */
export function checkContract(
  clusterFolder: string,
  stack: TerraformJson,
  stackName: string,
  displayRoot: string,
): { references: AwsReference[]; problems: ContractProblem[] } {
  const names = infraNames(stack);
  const files = yamlFiles(clusterFolder).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  // ExternalSecrets through a store of another provider (Kubernetes) read no AWS secret.
  const otherStores = new Set(files.flatMap(({ text }) => nonAwsStores(text)));
  const references = files.flatMap(({ file, text }) =>
    extractAwsReferences(text, relative(displayRoot, file), otherStores),
  );
  const problems: ContractProblem[] = [];
  for (const reference of references) {
    const message = problemOf(reference, names, stackName);
    if (message !== undefined) problems.push({ reference, message });
  }
  return { references, problems };
}

export function formatContractProblem(problem: ContractProblem): string {
  const { reference } = problem;
  return `${reference.file} (document ${reference.documentIndex}, ${reference.path}): ${problem.message}`;
}

function problemOf(reference: AwsReference, names: InfraNames, stack: string): string | undefined {
  const where = `infra stack "${stack}"`;
  if (reference.accountId !== undefined && !names.accountIds.includes(reference.accountId)) {
    return `"${reference.text}" is in AWS account ${reference.accountId}, but ${where} manages account ${names.accountIds.join(', ') || '(none)'}`;
  }
  if (reference.region !== undefined && reference.region !== names.region) {
    return `"${reference.text}" is in region ${reference.region}, but ${where} is in region ${names.region ?? '(none)'}`;
  }
  const missing = (what: string, created: ReadonlySet<string>) =>
    created.has(reference.name)
      ? undefined
      : `${what} "${reference.name}" is not created by ${where} (it creates: ${[...created].sort().join(', ') || 'none'})`;
  switch (reference.kind) {
    case 'ecr-repository':
      return missing('ECR repository', names.ecrRepositories);
    case 'iam-role':
      return missing('IAM role', names.iamRoles);
    case 'secret':
      return missing('Secrets Manager secret', names.secrets);
    case 's3-bucket':
      return missing('S3 bucket', names.buckets);
    case 'waf-web-acl':
      return missing('WAFv2 web ACL', names.webAcls);
    case 'certificate-host':
      return names.certificateNames.some((name) => certificateCovers(name, reference.name))
        ? undefined
        : `no ACM certificate of ${where} covers host "${reference.name}" (certificates cover: ${names.certificateNames.join(', ') || 'none'})`;
    case 'sqs-queue':
      return missing('SQS queue', names.sqsQueues);
    case 'eks-cluster':
      return missing('EKS cluster', names.eksClusters);
    case 'subnet-tag':
      return tagSelected(reference.name, names.subnetTags)
        ? undefined
        : `no subnet of ${where} is tagged ${reference.name}: the selector finds no subnet`;
    case 'security-group-tag':
      return tagSelected(reference.name, names.securityGroupTags)
        ? undefined
        : `no security group of ${where} is tagged ${reference.name}: the selector finds no security group`;
    case 'account-region':
      return undefined;
  }
}
