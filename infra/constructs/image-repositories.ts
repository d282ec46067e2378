import { EcrLifecyclePolicy } from '@cdktn/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktn/provider-aws/lib/ecr-repository';
import { Construct } from 'constructs';
import { tagsOf } from './cost-allocation';

/**
 * Tags that are releases (ECR lifecycle wildcards: `*` is any run of characters). Release pins are versions
 * such as `1.4.2` or `v1.4.2` (clusters/*.releases.yaml, written by `npm run release`), which `*.*.*` covers;
 * infra:synth refuses a pin outside these patterns, because ECR could expire it.
 */
export const RELEASE_TAG_PATTERNS = ['*.*.*'] as const;

/** Days an untagged image (a build cache layer, a re-pushed tag's old manifest) is kept. */
export const UNTAGGED_DAYS_KEPT = 14;

/** Non-release tagged images (branch and pull request builds) kept per repository; older ones expire. */
export const NON_RELEASE_IMAGES_KEPT = 30;

/**
 * ECR has no "keep" action, but an image matched by a rule's tag selection can never be expired by a rule
 * of lower priority. The release rule selects every release tag and expires only beyond this count, far
 * above ECR's per-repository image quota, so in effect it never expires one.
 */
export const RELEASE_IMAGES_SHIELD = 100_000;

/** Whether a tag matches an ECR lifecycle wildcard pattern (`*` = any characters, the rest literal). */
export function matchesTagPattern(tag: string, pattern: string): boolean {
  const literal = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${literal}$`).test(tag);
}

/** Whether a tag is a release tag (one of RELEASE_TAG_PATTERNS). */
export function isReleaseTag(tag: string): boolean {
  return RELEASE_TAG_PATTERNS.some((pattern) => matchesTagPattern(tag, pattern));
}

/** The lifecycle rules of every repository: release tags kept, untagged and other tags expired. */
export function lifecycleRules(): unknown[] {
  return [
    {
      rulePriority: 1,
      description: 'release tags (pins): shielded from the rules below, never expired',
      selection: {
        tagStatus: 'tagged',
        tagPatternList: [...RELEASE_TAG_PATTERNS],
        countType: 'imageCountMoreThan',
        countNumber: RELEASE_IMAGES_SHIELD,
      },
      action: { type: 'expire' },
    },
    {
      rulePriority: 2,
      description: `untagged images after ${UNTAGGED_DAYS_KEPT} days`,
      selection: {
        tagStatus: 'untagged',
        countType: 'sinceImagePushed',
        countUnit: 'days',
        countNumber: UNTAGGED_DAYS_KEPT,
      },
      action: { type: 'expire' },
    },
    {
      rulePriority: 3,
      description: `other tags beyond the newest ${NON_RELEASE_IMAGES_KEPT}`,
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: NON_RELEASE_IMAGES_KEPT },
      action: { type: 'expire' },
    },
  ];
}

export interface ImageRepositoriesProps {
  /** Repository names, one per app image. */
  readonly names: readonly string[];
  readonly encryptionKeyArn: string;
  /** Cost allocation tags per repository name (its app and team), over the default tags. @default none */
  readonly tags?: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/**
 * One ECR repository per app image: immutable tags, scan on push, and a lifecycle that never expires a
 * release tag (every digest a cluster pins or could roll back to), only untagged and non-release images.
 */
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
        ...tagsOf(props.tags, name),
      });
      new EcrLifecyclePolicy(this, `${name}-lifecycle`, {
        repository: repository.name,
        policy: JSON.stringify({ rules: lifecycleRules() }),
      });
      this.repositories[name] = repository;
    }
  }
}
