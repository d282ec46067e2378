import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { release } from '../../lib/release/release';
import {
  changedBetween,
  editFile,
  fixturePin,
  snapshot,
  expectRefusal as expectRefusalOf,
  tempRepos,
} from './temp-repo';
import { REPOSITORY_APPS, REPOSITORY_CLUSTERS } from '../support/sample';

const repo = tempRepos();
const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('release', () => {
  it('pins one app in one cluster and changes only its pin file and generated/<cluster>/<app>/', async () => {
    const root = await repo();
    const before = snapshot(root);

    const result = await release(root, { cluster: 'staging', app: 'gateway', tag: '1.6.0', digest: DIGEST });

    const changed = changedBetween(before, snapshot(root));
    expect(changed).toEqual([...result.changedPaths]);
    expect(changed[0]).toBe('clusters/staging.releases.yaml');
    expect(changed.slice(1).every((path) => path.startsWith('generated/staging/gateway/'))).toBe(true);
    const pins = readFileSync(join(root, 'clusters/staging.releases.yaml'), 'utf8');
    expect(pins).toContain(`  gateway:\n    tag: "1.6.0"\n    digest: "${DIGEST}"\n`);
    // The workload (a Deployment, or a Rollout for a canary or blue-green app) runs the new image.
    const workloads = changed.filter((path) => /\/(deployment|rollout)-gateway\.yaml$/.test(path));
    expect(workloads).toHaveLength(1);
    expect(readFileSync(join(root, workloads[0]!), 'utf8')).toContain(`gateway:1.6.0@${DIGEST}`);
  });

  it('writes nothing in a dry run, and nothing when the pin is already there', async () => {
    const root = await repo();
    const before = snapshot(root);
    const dry = await release(root, { cluster: 'staging', app: 'gateway', tag: '1.6.0', digest: DIGEST, dryRun: true });
    expect(dry.written).toBe(false);
    expect(dry.changedPaths).toContain('clusters/staging.releases.yaml');
    const same = await release(root, { cluster: 'staging', app: 'report', ...fixturePin('staging', 'report') });
    expect(same).toMatchObject({ changedPaths: [], written: false });
    expect(changedBetween(before, snapshot(root))).toEqual([]);
  });

  describe('refuses, writing nothing', () => {
    const expectRefusal = (root: string, options: Parameters<typeof release>[1], message: string) =>
      expectRefusalOf(root, () => release(root, options), message);

    it('a malformed tag or digest', async () => {
      await expectRefusal(
        await repo(),
        { cluster: 'staging', app: 'gateway', tag: 'latest', digest: 'sha256:abc' },
        '--tag: tag "latest" is not a release: pin an immutable version such as "1.4.2"\n--digest: digest "sha256:abc" is not a sha256 image digest ("sha256:" followed by 64 lower-case hex digits)',
      );
    });

    it('an unknown cluster or app', async () => {
      await expectRefusal(
        await repo(),
        { cluster: 'no-such-cluster', app: 'gateway', tag: '1.6.0', digest: DIGEST },
        `cluster "no-such-cluster": --cluster: unknown cluster; known clusters: ${REPOSITORY_CLUSTERS.join(', ')}`,
      );
      await expectRefusal(
        await repo(),
        { cluster: 'staging', app: 'api', tag: '1.6.0', digest: DIGEST },
        `app "api": --app: unknown app; known apps: ${REPOSITORY_APPS.join(', ')}`,
      );
    });

    it('an app that is not enabled in the cluster', async () => {
      const root = await repo();
      editFile(root, 'clusters/staging.ts', (text) => text.replace(/^ {4}worker: \{\},\n/m, ''));
      await expectRefusal(
        root,
        { cluster: 'staging', app: 'worker', tag: '1.13.0', digest: DIGEST },
        'clusters/staging.ts: cluster "staging", app "worker": not enabled in this cluster; add it to "apps" in clusters/staging.ts first',
      );
    });

    it('a cluster that is gated: its images change only by promotion', async () => {
      await expectRefusal(
        await repo(),
        { cluster: 'production', app: 'gateway', tag: '1.6.0', digest: DIGEST },
        'clusters/production.ts: cluster "production": promotion: the cluster is gated: its images and app specs change only by promotion; release to staging, then: npm run promote -- --from staging --to production --app gateway',
      );
    });

    it('a pin without digest where the cluster runs images by digest only', async () => {
      const root = await repo();
      editFile(root, 'clusters/production.ts', (text) => text.replace(/^ {2}promotion: .*\n/m, ''));
      await expectRefusal(
        root,
        { cluster: 'production', app: 'gateway', tag: '1.6.0' },
        'clusters/production.releases.yaml: cluster "production", app "gateway": apps.gateway.digest: cluster "production" runs images by digest only; pin "1.6.0" has none',
      );
    });
  });
});
