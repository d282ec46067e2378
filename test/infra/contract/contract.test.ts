import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkContract, formatContractProblem } from '../../../infra/contract/check-contract';
import { loadInfraProject } from '../../../infra/project';
import { defineApp, type AppSpec, type WorkloadKind } from '../../../lib/model/app-spec';
import { APPS, staging, synthStack } from '../helpers';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const FIXTURES = join(ROOT, 'test/infra/fixtures');

/** Staging with two apps reading secrets, as the fixtures' ExternalSecret expects. */
const FIXTURE_APPS: Record<string, AppSpec> = {
  ...APPS,
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
      ]),
    );
  });

  it('fails with the file, the path and what infra creates instead', () => {
    const { problems } = checkContract(join(FIXTURES, 'contract-bad/staging'), stack, 'staging', ROOT);
    const bad = 'test/infra/fixtures/contract-bad/staging';
    expect(problems.map(formatContractProblem)).toEqual([
      `${bad}/billing/deployment-billing.yaml (document 0, spec.template.spec.containers[0].image): ECR repository "billing" is not created by infra stack "staging" (it creates: gateway, report, web, worker)`,
      `${bad}/billing/deployment-billing.yaml (document 0, spec.template.spec.containers[1].image): "222222222222.dkr.ecr.eu-west-1.amazonaws.com/web" is in AWS account 222222222222, but infra stack "staging" manages account 111111111111`,
      `${bad}/billing/externalsecret-billing.yaml (document 0, spec.data[0].remoteRef.key): Secrets Manager secret "staging/apps/billing" is not created by infra stack "staging" (it creates: staging/apps/web, staging/shared/partner-api)`,
      `${bad}/loki/application-loki.yaml (document 0, spec.source.helm.valuesObject.loki.storage.bucketNames.chunks): S3 bucket "staging-logs" is not created by infra stack "staging" (it creates: staging-111111111111-loki)`,
      `${bad}/loki/application-loki.yaml (document 0, spec.source.helm.valuesObject.serviceAccount.annotations["example.com/role"]): IAM role "staging-grafana" is not created by infra stack "staging" (it creates: staging-aws-load-balancer-controller, staging-backup, staging-ebs-csi-driver, staging-eks-cluster, staging-eks-node, staging-external-dns, staging-external-secrets, staging-infra-apply, staging-infra-plan, staging-loki, staging-vpc-flow-logs)`,
      `${bad}/web/ingress-web.yaml (document 0, spec.rules[0].host): no ACM certificate of infra stack "staging" covers host "shop.example.org" (certificates cover: staging.example.com, *.staging.example.com)`,
      `${bad}/web/ingress-web.yaml (document 0, metadata.annotations["alb.ingress.kubernetes.io/wafv2-acl-name"]): WAFv2 web ACL "staging-internal" is not created by infra stack "staging" (it creates: staging-web)`,
    ]);
  });
});

const project = await loadInfraProject(ROOT);
const generated = join(ROOT, 'generated');
const clusterFolders = existsSync(generated)
  ? readdirSync(generated, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
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
