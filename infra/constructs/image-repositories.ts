import { EcrLifecyclePolicy } from '@cdktn/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktn/provider-aws/lib/ecr-repository';
import { Construct } from 'constructs';

/** Images an ECR repository keeps; older ones expire. */
export const IMAGES_KEPT = 30;

export interface ImageRepositoriesProps {
  /** Repository names, one per app image. */
  readonly names: readonly string[];
  readonly encryptionKeyArn: string;
}

/** One ECR repository per app image: immutable tags, scan on push, the last 30 images kept. */
export class ImageRepositories extends Construct {
  readonly repositories: Record<string, EcrRepository> = {};

  constructor(scope: Construct, id: string, props: ImageRepositoriesProps) {
    super(scope, id);
    for (const name of [...new Set(props.names)].sort()) {
      const repository = new EcrRepository(this, name, {
        name,
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: props.encryptionKeyArn }],
      });
      new EcrLifecyclePolicy(this, `${name}-lifecycle`, {
        repository: repository.name,
        policy: JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              description: `keep the last ${IMAGES_KEPT} images`,
              selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: IMAGES_KEPT },
              action: { type: 'expire' },
            },
          ],
        }),
      });
      this.repositories[name] = repository;
    }
  }
}
