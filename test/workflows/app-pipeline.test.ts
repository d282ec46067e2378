import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repositorySlug } from '../../lib/repository';
import { git, PINNED_ACTION, readWorkflow, runScript, step } from './workflow';

const workflow = readWorkflow('app-pipeline.yml');
const { build, release } = workflow.jobs;

describe('.github/workflows/app-pipeline.yml', () => {
  it('is a reusable workflow with app, cluster (staging), context, dockerfile and multi-arch platforms', () => {
    const inputs = workflow.on.workflow_call!.inputs!;
    expect(inputs.app).toMatchObject({ required: true, type: 'string' });
    expect(inputs.cluster!.default).toBe('staging');
    expect(inputs.context!.default).toBe('.');
    expect(inputs.dockerfile!.default).toBe('Dockerfile');
    expect(inputs.platforms!.default).toBe('linux/amd64,linux/arm64');
    expect(inputs['platform-repository']!.default).toBe(repositorySlug());
    expect(inputs['direct-commit']).toMatchObject({ type: 'boolean', default: false });
  });

  it('asks for an OIDC token only in the build job, and gives the release job no token permissions at all', () => {
    expect(workflow.permissions).toEqual({});
    expect(build!.permissions).toEqual({ contents: 'read', 'id-token': 'write', 'security-events': 'write' });
    expect(release!.permissions).toEqual({});
    const aws = build!.steps.find((entry) => entry.uses?.startsWith('aws-actions/configure-aws-credentials@'))!;
    expect(aws.with?.['role-to-assume']).toBe('${{ steps.target.outputs.role-arn }}');
    expect(JSON.stringify(workflow)).not.toMatch(/aws-access-key-id|aws-secret-access-key/);
  });

  it('runs bash with a timeout on every job, every action pinned by commit SHA', () => {
    expect(workflow.defaults?.run?.shell).toBe('bash');
    for (const job of Object.values(workflow.jobs)) {
      expect(job['timeout-minutes']).toBeGreaterThan(0);
      for (const entry of job.steps) if (entry.uses !== undefined) expect(entry.uses).toMatch(PINNED_ACTION);
    }
  });

  it('builds every platform with an ECR registry cache, scans before pushing, and fails on CRITICAL', () => {
    const names = build!.steps.map((entry) => entry.name ?? entry.uses);
    const buildStep = step(build!, 'Build (multi-platform, registry cache)');
    expect(buildStep.with).toMatchObject({
      platforms: '${{ inputs.platforms }}',
      'cache-from': 'type=registry,ref=${{ steps.target.outputs.cache }}:buildcache',
    });
    expect(String(buildStep.with?.['cache-to'])).toContain('type=registry,');
    expect(String(buildStep.with?.['cache-to'])).toContain('image-manifest=true');
    const gate = step(build!, 'Trivy gate (fails on CRITICAL)');
    expect(gate.uses).toMatch(/^aquasecurity\/trivy-action@/);
    expect(gate.with).toMatchObject({ severity: 'CRITICAL', 'exit-code': '1', input: '${{ runner.temp }}/image.tar' });
    expect(names.indexOf('Trivy gate (fails on CRITICAL)')).toBeLessThan(names.indexOf('Push to ECR'));
    const report = step(build!, 'Attach the Trivy report');
    expect(report.if).toBe('always()');
    expect(report.uses).toMatch(/^actions\/upload-artifact@/);
    expect(step(build!, 'Upload the SARIF to code scanning').with?.sarif_file).toBe('trivy.sarif');
  });

  it('releases with npm run release, from a GitHub App token, inside a bounded retry loop', () => {
    const token = step(release!, 'Token to write to the platform repository');
    expect(token.uses).toMatch(/^actions\/create-github-app-token@/);
    expect(token.with).toMatchObject({ 'permission-contents': 'write', 'permission-pull-requests': 'write' });
    const script = step(release!, 'Release (retried on a non-fast-forward push)').run!;
    expect(script).toContain('for attempt in $(seq 1 "$max_attempts"); do');
    expect(script).toContain('npm run release -- --cluster "$CLUSTER" --app "$APP" --tag "$TAG" --digest "$DIGEST"');
    expect(release!.concurrency?.['cancel-in-progress']).toBe(false);
  });

  describe('the release loop, run against a real git remote', () => {
    const dir = mkdtempSync(join(tmpdir(), 'app-pipeline-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    /**
     * A bare "platform repository", a clone the loop runs in, and an `npm` on PATH that stands in for
     * `npm run release` (it pins the app in a file); on its first call it also lets another pipeline push a
     * release of another app first, so the loop's first push is not a fast-forward.
     */
    function setup(): { remote: string; work: string; bin: string } {
      const remote = join(dir, 'platform.git');
      const seed = join(dir, 'seed');
      const work = join(dir, 'work');
      const bin = join(dir, 'bin');
      git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
      git(dir, 'clone', '--quiet', remote, seed);
      writeFileSync(join(seed, 'pins.txt'), 'gateway 1.0.0\nweb 1.0.0\n');
      git(seed, 'add', '-A');
      git(seed, '-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '--quiet', '-m', 'seed');
      git(seed, 'push', '--quiet', 'origin', 'HEAD:main');
      git(dir, 'clone', '--quiet', remote, work);
      mkdirSync(bin);
      writeFileSync(
        join(bin, 'npm'),
        [
          '#!/usr/bin/env bash',
          'set -e',
          `if [ ! -e "${dir}/raced" ]; then`,
          `  touch "${dir}/raced"`,
          `  git -C "${seed}" pull --quiet origin main`,
          `  sed -i 's/^gateway .*/gateway 2.0.0/' "${seed}/pins.txt"`,
          `  git -C "${seed}" -c user.name=o -c user.email=o@e commit --quiet -am 'Release gateway 2.0.0 to staging'`,
          `  git -C "${seed}" push --quiet origin HEAD:main`,
          'fi',
          // The release itself: `npm run release -- --cluster c --app web --tag t --digest d`.
          'sed -i "s/^$7 .*/$7 $9/" pins.txt',
        ].join('\n'),
      );
      chmodSync(join(bin, 'npm'), 0o755);
      // `git push` to the "remote URL" the loop builds goes to the bare repository instead.
      git(work, 'config', 'url.' + remote + '.insteadOf', 'https://x-access-token:t@github.com/acme/platform.git');
      return { remote, work, bin };
    }

    it('starts again from the newest branch after a rejected push, so both releases land', () => {
      const { remote, work, bin } = setup();
      const script = step(release!, 'Release (retried on a non-fast-forward push)').run!.replace(
        /sleep \$\(\(attempt \* 5\)\)/,
        'true',
      );
      const result = runScript(
        script,
        {
          PATH: `${bin}:${process.env.PATH ?? ''}`,
          GH_TOKEN: 't',
          PLATFORM_REPOSITORY: 'acme/platform',
          BASE: 'main',
          DIRECT: 'true',
          CLUSTER: 'staging',
          APP: 'web',
          TAG: '1.1.0',
          DIGEST: `sha256:${'b'.repeat(64)}`,
          GITHUB_STEP_SUMMARY: join(dir, 'summary'),
          GITHUB_REPOSITORY: 'acme/web',
          GITHUB_SHA: 'c'.repeat(40),
          GITHUB_RUN_ID: '1',
        },
        work,
      );
      expect(result.stderr + result.stdout).toContain('push rejected (attempt 1 of 5)');
      expect(result.stdout).toContain('Released web 1.1.0 to staging on main (attempt 2).');
      expect(result.status).toBe(0);
      expect(git(remote, 'show', 'main:pins.txt')).toBe('gateway 2.0.0\nweb 1.1.0\n');
      expect(git(remote, 'log', '--format=%s', 'main')).toBe(
        'Release web 1.1.0 to staging\nRelease gateway 2.0.0 to staging\nseed\n',
      );
    });
  });
});
