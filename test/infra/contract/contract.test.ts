import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { checkContract, formatContractProblem, yamlFiles } from '../../../infra/contract/check-contract';
import { loadInfraProject } from '../../../infra/project';
import { platformSecretsOf } from '../../../infra/stacks/environment-stack';
import { defineApp, type AppSpec, type WorkloadKind } from '../../../lib/model/app-spec';
import { platformRoleName, platformServiceAccount, type PlatformRole } from '../../../lib/naming';
import { all, APPS, only, staging, synthStack } from '../helpers';
import { isAwsCluster } from '../../../lib/model/cluster';
import { loadProject } from '../../../lib/project/load';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const FIXTURES = join(ROOT, 'test/infra/fixtures');

/**
 * The fixtures' own apps: the repository's apps with no secrets except web's, which reads its own secret and a
 * shared one, as the fixtures' ExternalSecret expects (independent of the secrets the sample apps declare).
 */
const FIXTURE_APPS: Record<string, AppSpec> = {
  ...Object.fromEntries(Object.entries(APPS).map(([name, spec]) => [name, { ...spec, secrets: {} }])),
  web: defineApp({
    ...(APPS.web as AppSpec & { kind: WorkloadKind.WEB_SERVICE }),
    secrets: {
      SESSION_KEY: { property: 'session-key' },
      PARTNER_TOKEN: { property: 'token', key: 'staging/shared/partner-api' },
    },
  }),
};

describe('contract between generated YAML and infra (fixtures)', () => {
  const stack = synthStack(staging, FIXTURE_APPS);

  it('passes when every reference is created by the environment stack', () => {
    const { references, problems } = checkContract(join(FIXTURES, 'contract-good/staging'), stack, 'staging', ROOT);
    expect(problems.map(formatContractProblem)).toEqual([]);
    expect(new Set(references.map((reference) => reference.kind))).toEqual(
      new Set([
        'ecr-repository',
        'secret',
        'iam-role',
        's3-bucket',
        'certificate-host',
        'waf-web-acl',
        'account-region',
        'sqs-queue',
        'eks-cluster',
        'subnet-tag',
        'security-group-tag',
      ]),
    );
  });

  it('fails with the file, the path and what infra creates instead', () => {
    const { problems } = checkContract(join(FIXTURES, 'contract-bad/staging'), stack, 'staging', ROOT);
    const bad = 'test/infra/fixtures/contract-bad/staging';
    expect(problems.map(formatContractProblem)).toEqual([
      `${bad}/billing/deployment-billing.yaml (document 0, spec.template.spec.containers[0].image): ECR repository "billing" is not created by infra stack "staging" (it creates: ${all(
        stack,
        'aws_ecr_repository',
      )
        .map((repository) => String(repository.name))
        .sort()
        .join(', ')})`,
      `${bad}/billing/deployment-billing.yaml (document 0, spec.template.spec.containers[1].image): "222222222222.dkr.ecr.eu-west-1.amazonaws.com/web" is in AWS account 222222222222, but infra stack "staging" manages account 111111111111`,
      `${bad}/billing/externalsecret-billing.yaml (document 0, spec.data[0].remoteRef.key): Secrets Manager secret "staging/apps/billing" is not created by infra stack "staging" (it creates: ${['staging/apps/web', ...platformSecretsOf(staging).map((secret) => secret.name), 'staging/shared/partner-api'].sort().join(', ')})`,
      `${bad}/karpenter/application-karpenter.yaml (document 0, spec.source.helm.valuesObject.settings.clusterName): EKS cluster "stage" is not created by infra stack "staging" (it creates: staging)`,
      `${bad}/karpenter/application-karpenter.yaml (document 0, spec.source.helm.valuesObject.settings.interruptionQueue): SQS queue "Karpenter-stage" is not created by infra stack "staging" (it creates: staging-karpenter)`,
      `${bad}/karpenter/ec2nodeclass-default.yaml (document 0, spec.role): IAM role "KarpenterNodeRole-staging" is not created by infra stack "staging" (it creates: ${all(
        stack,
        'aws_iam_role',
      )
        .map((role) => String(role.name))
        .sort()
        .join(', ')})`,
      `${bad}/karpenter/ec2nodeclass-default.yaml (document 0, spec.subnetSelectorTerms[0].tags["karpenter.sh/discovery"]): no subnet of infra stack "staging" is tagged karpenter.sh/discovery=stage: the selector finds no subnet`,
      `${bad}/karpenter/ec2nodeclass-default.yaml (document 0, spec.securityGroupSelectorTerms[0].tags["aws:eks:cluster-name"]): no security group of infra stack "staging" is tagged aws:eks:cluster-name=staging: the selector finds no security group`,
      `${bad}/loki/application-loki.yaml (document 0, spec.source.helm.valuesObject.loki.storage.bucketNames.chunks): S3 bucket "staging-logs" is not created by infra stack "staging" (it creates: ${all(
        stack,
        'aws_s3_bucket',
      )
        .map((bucket) => String(bucket.bucket))
        .sort()
        .join(', ')})`,
      `${bad}/loki/application-loki.yaml (document 0, spec.source.helm.valuesObject.serviceAccount.annotations["example.com/role"]): IAM role "staging-grafana" is not created by infra stack "staging" (it creates: ${all(
        stack,
        'aws_iam_role',
      )
        .map((role) => String(role.name))
        .sort()
        .join(', ')})`,
      `${bad}/web/ingress-web.yaml (document 0, spec.rules[0].host): no ACM certificate of infra stack "staging" covers host "shop.example.org" (certificates cover: staging.example.com, *.staging.example.com)`,
      `${bad}/web/ingress-web.yaml (document 0, metadata.annotations["alb.ingress.kubernetes.io/wafv2-acl-name"]): WAFv2 web ACL "staging-internal" is not created by infra stack "staging" (it creates: staging-web)`,
    ]);
  });
});

const project = await loadInfraProject(ROOT);
const generated = join(ROOT, 'generated');
// Local clusters have no AWS side (their own test: test/synth/local-cluster.test.ts).
const localClusters = new Set(
  (await loadProject(ROOT)).clusters
    .filter((cluster) => !isAwsCluster(cluster.definition))
    .map((cluster) => cluster.definition.name),
);
const clusterFolders = existsSync(generated)
  ? readdirSync(generated, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !localClusters.has(entry.name))
      .map((entry) => entry.name)
      .sort()
  : [];

describe.skipIf(clusterFolders.length === 0)('contract between generated/<cluster> and infra', () => {
  it.each(clusterFolders)('everything generated/%s references in AWS is created by its infra stack', (name) => {
    const cluster = project.clusters.find((candidate) => candidate.name === name);
    expect(cluster, `generated/${name} has no cluster definition clusters/${name}.ts`).toBeDefined();
    const stack = synthStack(cluster!, project.apps);
    const { problems } = checkContract(join(generated, name), stack, name, ROOT);
    expect(problems.map(formatContractProblem)).toEqual([]);
  });
});

/** Platform components that authenticate to AWS with EKS Pod Identity, by the Helm release that installs them. */
const POD_IDENTITY_RELEASES: Readonly<Record<string, PlatformRole>> = {
  'external-secrets': 'external-secrets',
  loki: 'loki',
  'aws-load-balancer-controller': 'aws-load-balancer-controller',
  'external-dns': 'external-dns',
};

interface HelmRelease {
  readonly file: string;
  readonly release: string;
  readonly namespace: unknown;
  readonly values: Record<string, unknown>;
}

/** The parts of an Argo CD Application that installs a Helm chart which these checks read. */
interface HelmApplication {
  readonly kind?: string;
  readonly spec?: {
    readonly destination?: { readonly namespace?: string };
    readonly source?: {
      readonly chart?: string;
      readonly helm?: { readonly releaseName?: string; readonly valuesObject?: Record<string, unknown> };
    };
  };
}

/** The Argo CD Applications of generated/<cluster> that install a Helm chart, with their values. */
function helmReleases(folder: string): HelmRelease[] {
  return yamlFiles(folder).flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8'))
      .map((document) => document.toJS() as HelmApplication | null)
      .flatMap((document) => {
        const source = document?.kind === 'Application' ? document.spec?.source : undefined;
        if (source?.chart === undefined) return [];
        return [
          {
            file,
            release: source.helm?.releaseName ?? source.chart,
            namespace: document?.spec?.destination?.namespace,
            values: source.helm?.valuesObject ?? {},
          },
        ];
      }),
  );
}

describe.skipIf(clusterFolders.length === 0)(
  'Pod Identity and VPC lookups between generated Helm values and infra',
  () => {
    it.each(clusterFolders)(
      'generated/%s runs every AWS-authenticated component as the service account infra associates',
      (name) => {
        const cluster = project.clusters.find((candidate) => candidate.name === name)!;
        const stack = synthStack(cluster, project.apps);
        const associations = all(stack, 'aws_eks_pod_identity_association').map((association) => ({
          namespace: association.namespace,
          serviceAccount: association.service_account,
          role: association.role_arn,
        }));
        const releases = helmReleases(join(generated, name)).filter(
          (release) => release.release in POD_IDENTITY_RELEASES,
        );
        expect(releases.map((release) => release.release).sort()).toEqual(Object.keys(POD_IDENTITY_RELEASES).sort());
        for (const release of releases) {
          const component = POD_IDENTITY_RELEASES[release.release]!;
          const serviceAccount = (release.values.serviceAccount ?? {}) as Record<string, unknown>;
          const used = { namespace: release.namespace, serviceAccount: serviceAccount.name };
          expect(used, `${release.file}: namespace and serviceAccount.name of ${release.release}`).toEqual(
            platformServiceAccount(component),
          );
          const roleId = Object.entries(stack.resource?.aws_iam_role ?? {}).find(
            ([, role]) => role.name === platformRoleName(cluster, component),
          )?.[0];
          expect(associations).toContainEqual({ ...used, role: `\${aws_iam_role.${roleId}.arn}` });
        }
      },
    );

    it.each(clusterFolders)('generated/%s looks the VPC up by the Name tag infra gives it', (name) => {
      const cluster = project.clusters.find((candidate) => candidate.name === name)!;
      const stack = synthStack(cluster, project.apps);
      const controller = helmReleases(join(generated, name)).find(
        (release) => release.release === 'aws-load-balancer-controller',
      );
      const vpcTags = only(stack, 'aws_vpc').tags as Record<string, string>;
      expect(controller?.values.vpcTags).toEqual({ Name: vpcTags.Name });
    });
  },
);
