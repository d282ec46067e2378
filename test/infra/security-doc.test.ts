import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POLICIES, resourcesOf } from '../../infra/policies';
import { loadInfraProject } from '../../infra/project';
import { infraApplyEnvironment } from '../../infra/stacks/environment-stack';
import { REPO_ROOT } from '../support/repo-copy';
import { production, staging, synthStack } from './helpers';

const doc = readFileSync(join(REPO_ROOT, 'docs/security.md'), 'utf8');

describe('docs/security.md', () => {
  it.each([staging, production])('has a row for every IAM role of the $name stack', (cluster) => {
    const roles = resourcesOf(synthStack(cluster), 'aws_iam_role').map((role) =>
      // One role per app: the table has one row for the pattern.
      String(role.config.name)
        .replace(cluster.name, '<cluster>')
        .replace(/^(<cluster>-(?:app-secrets|image-push))-.+$/, '$1-<app>'),
    );
    expect(roles.length).toBeGreaterThan(5);
    expect(roles.filter((role) => !doc.includes(`| \`${role}\``))).toEqual([]);
  });

  it('gives the id and reason of every infra policy', () => {
    expect(
      POLICIES.map((policy) => policy.id).filter((id) => !new RegExp(`^\\| \`${id}\` +\\| \\S`, 'm').test(doc)),
    ).toEqual([]);
  });

  it('lists the GitHub environment of every cluster', async () => {
    const { clusters } = await loadInfraProject(REPO_ROOT);
    expect(clusters.length).toBeGreaterThan(0);
    expect(clusters.map(infraApplyEnvironment).filter((name) => !doc.includes(`| \`${name}\``))).toEqual([]);
  });
});
