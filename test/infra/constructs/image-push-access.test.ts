import { describe, expect, it } from 'vitest';
import { GITHUB_OIDC_HOST } from '../../../infra/constructs/ci-access';
import { infraSettings } from '../../../infra/settings';
import { buildCacheRepositoryName, ecrRepositoryName, imagePushRoleName } from '../../../lib/naming';
import { all, APPS, documentOf, named, roleStatements, staging, synthStack } from '../helpers';

/** Pipelines of two frozen fixture apps, from made-up repositories. */
const PIPELINES = { web: 'example/web-service', worker: 'example/worker' };

describe('image push roles of app pipelines', () => {
  const settings = { ...infraSettings(staging.environment), appPipelineRepositories: PIPELINES };
  const json = synthStack(staging, APPS, settings);

  it.each(Object.entries(PIPELINES))(
    '%s: its repository may assume its role from main or a tag only',
    (app, repository) => {
      const role = named(json, 'aws_iam_role', 'name', imagePushRoleName(staging, app));
      const trust = documentOf(json, role.assume_role_policy).statement as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(trust).toHaveLength(1);
      expect(trust[0]!.actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
      expect(trust[0]!.principals[0].identifiers).toEqual([expect.stringContaining('aws_iam_openid_connect_provider')]);
      expect(trust[0]!.condition).toEqual([
        { test: 'StringEquals', variable: `${GITHUB_OIDC_HOST}:aud`, values: ['sts.amazonaws.com'] },
        {
          test: 'StringLike',
          variable: `${GITHUB_OIDC_HOST}:sub`,
          values: [`repo:${repository}:ref:refs/heads/main`, `repo:${repository}:ref:refs/tags/*`],
        },
      ]);
    },
  );

  it.each(Object.keys(PIPELINES))('%s: pushes to its own image and cache repositories, nothing else', (app) => {
    const statements = roleStatements(json, imagePushRoleName(staging, app));
    expect(statements.map((statement) => [statement.sid, statement.resources])).toEqual([
      ['EcrLogin', ['*']],
      [
        'PushOwnImageAndCache',
        [ecrRepositoryName(app), buildCacheRepositoryName(app)].map(
          (name) => `arn:aws:ecr:${staging.awsRegion}:${staging.awsAccountId}:repository/${name}`,
        ),
      ],
    ]);
    expect(statements[0]!.actions).toEqual(['ecr:GetAuthorizationToken']);
    expect(statements[1]!.actions).toContain('ecr:PutImage');
    expect(JSON.stringify(statements)).not.toMatch(/ecr:\*|"\*:/);
  });

  it('keeps each build cache in a mutable, encrypted repository with a short lifecycle', () => {
    const caches = all(json, 'aws_ecr_repository').filter((repository) =>
      String(repository.name).startsWith('build-cache/'),
    );
    expect(caches.map((cache) => cache.name).sort()).toEqual(
      Object.keys(PIPELINES).map(buildCacheRepositoryName).sort(),
    );
    for (const cache of caches) {
      expect(cache.image_tag_mutability).toBe('MUTABLE');
      expect(cache.encryption_configuration).toEqual([expect.objectContaining({ encryption_type: 'KMS' })]);
    }
  });

  it('refuses a repository that is not owner/name, naming the setting', () => {
    expect(() => synthStack(staging, APPS, { ...settings, appPipelineRepositories: { web: 'web' } })).toThrow(
      'infra/settings.ts: appPipelineRepositories.web: "web" is not a GitHub repository as owner/name (for example "acme/web")',
    );
  });

  it('gives apps without a listed pipeline no role', () => {
    const none = synthStack(staging, APPS, { ...settings, appPipelineRepositories: {} });
    expect(all(none, 'aws_iam_role').filter((role) => String(role.name).includes('-image-push-'))).toEqual([]);
  });
});
