import { EcrLifecyclePolicy } from '@cdktn/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktn/provider-aws/lib/ecr-repository';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { GITHUB_OIDC_HOST } from './ci-access';
import { policyDocument } from './policy-document';

/** One app whose own repository's pipeline may push its image. */
export interface ImagePusher {
  readonly app: string;
  /** The app's ECR repository (created by ImageRepositories). */
  readonly repositoryName: string;
  /** Its BuildKit cache repository, created here. */
  readonly cacheRepositoryName: string;
  /** `owner/name` of the app's GitHub repository. */
  readonly githubRepository: string;
  readonly roleName: string;
}

export interface ImagePushAccessProps {
  readonly accountId: string;
  readonly region: string;
  /** The account's GitHub OIDC provider (CiAccess). */
  readonly githubOidcProviderArn: string;
  readonly pushers: readonly ImagePusher[];
  readonly encryptionKeyArn: string;
}

/** Cache images kept per app: the cache of the latest builds is all BuildKit reads. */
export const BUILD_CACHE_IMAGES_KEPT = 10;

/**
 * Per app, a role the app's own repository assumes through GitHub OIDC from its main branch or a tag (never
 * from a pull request or a fork) to push that app's image, and its build cache, to ECR. One role per app: a
 * pipeline can push only its own app's image.
 */
export class ImagePushAccess extends Construct {
  readonly roles: Record<string, IamRole> = {};

  constructor(scope: Construct, id: string, props: ImagePushAccessProps) {
    super(scope, id);
    for (const pusher of [...props.pushers].sort((a, b) => (a.app < b.app ? -1 : a.app > b.app ? 1 : 0))) {
      const cache = new EcrRepository(this, `${pusher.app}-cache`, {
        name: pusher.cacheRepositoryName,
        // BuildKit rewrites the cache tag on every build.
        imageTagMutability: 'MUTABLE',
        encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: props.encryptionKeyArn }],
        forceDelete: true,
      });
      new EcrLifecyclePolicy(this, `${pusher.app}-cache-lifecycle`, {
        repository: cache.name,
        policy: JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              description: `keep the last ${BUILD_CACHE_IMAGES_KEPT} cache images`,
              selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: BUILD_CACHE_IMAGES_KEPT },
              action: { type: 'expire' },
            },
          ],
        }),
      });
      const repo = `repo:${pusher.githubRepository}`;
      const role = new IamRole(this, `${pusher.app}-role`, {
        name: pusher.roleName,
        description: `push the ${pusher.app} image from ${pusher.githubRepository} (main or a tag) through GitHub OIDC`,
        assumeRolePolicy: policyDocument(this, `${pusher.app}-trust`, [
          {
            actions: ['sts:AssumeRoleWithWebIdentity'],
            principals: [{ type: 'Federated', identifiers: [props.githubOidcProviderArn] }],
            conditions: [
              { test: 'StringEquals', variable: `${GITHUB_OIDC_HOST}:aud`, values: ['sts.amazonaws.com'] },
              {
                test: 'StringLike',
                variable: `${GITHUB_OIDC_HOST}:sub`,
                values: [`${repo}:ref:refs/heads/main`, `${repo}:ref:refs/tags/*`],
              },
            ],
          },
        ]),
        maxSessionDuration: 3600,
      });
      const arn = (name: string) => `arn:aws:ecr:${props.region}:${props.accountId}:repository/${name}`;
      new IamRolePolicy(this, `${pusher.app}-push`, {
        role: role.name,
        name: 'push-image',
        policy: policyDocument(this, `${pusher.app}-push-policy`, [
          // ECR's login token has no resource: it grants nothing by itself.
          { sid: 'EcrLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
          {
            sid: 'PushOwnImageAndCache',
            actions: [
              'ecr:BatchCheckLayerAvailability',
              'ecr:BatchGetImage',
              'ecr:CompleteLayerUpload',
              'ecr:DescribeImages',
              'ecr:GetDownloadUrlForLayer',
              'ecr:InitiateLayerUpload',
              'ecr:PutImage',
              'ecr:UploadLayerPart',
            ],
            resources: [arn(pusher.repositoryName), arn(pusher.cacheRepositoryName)],
          },
        ]),
      });
      this.roles[pusher.app] = role;
    }
  }
}
