import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repositorySlug } from '../../lib/repository';
import { git, PINNED_ACTION, readWorkflow, runScript, step } from './workflow';

const workflow = readWorkflow('app-pipeline.yml');
const { build, release } = workflow.jobs;

describe('.github/workflows/app-pipeline.yml', () => {
  it('is a reusable workflow with app, cluster (required: the caller names it), context, dockerfile and multi-arch platforms', () => {
    const inputs = workflow.on.workflow_call!.inputs!;
    expect(inputs.app).toMatchObject({ required: true, type: 'string' });
    expect(inputs.cluster).toMatchObject({ required: true, type: 'string' });
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
    expect(String(buildStep.with?.outputs)).toBe('type=oci,dest=${{ runner.temp }}/image,tar=false');
    expect(step(build!, 'Trivy report (SARIF, first platform)').uses).toMatch(/^aquasecurity\/trivy-action@/);
    const gate = step(build!, 'Trivy gate (fails on CRITICAL, every platform)');
    expect(gate.run).toContain('--severity CRITICAL --exit-code 1');
    expect(names.indexOf('Trivy gate (fails on CRITICAL, every platform)')).toBeLessThan(names.indexOf('Push to ECR'));
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

  describe('the scan scripts, with skopeo and trivy standing in', () => {
    const dir = mkdtempSync(join(tmpdir(), 'app-pipeline-scan-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    // skopeo records its arguments; trivy finds a CRITICAL vulnerability in the arm64 layout only.
    writeFileSync(join(bin, 'skopeo'), `#!/usr/bin/env bash\necho "$*" >> "${dir}/skopeo.log"\n`);
    writeFileSync(
      join(bin, 'trivy'),
      '#!/usr/bin/env bash\nwhile [ $# -gt 0 ]; do case "$1" in --input) input=$2;; --output) output=$2;; esac; shift; done\n' +
        'echo "scanned $input" > "$output"; case "$input" in *arm64*) exit 1;; esac\n',
    );
    chmodSync(join(bin, 'skopeo'), 0o755);
    chmodSync(join(bin, 'trivy'), 0o755);
    const env = { PATH: `${bin}:${process.env.PATH ?? ''}`, RUNNER_TEMP: dir, GITHUB_OUTPUT: join(dir, 'output') };

    it('splits the index into one layout per platform, then fails on the platform with a CRITICAL finding', () => {
      const layouts = runScript(
        step(build!, 'One layout per platform').run!,
        { ...env, PLATFORMS: 'linux/amd64,linux/arm64,linux/arm/v7' },
        dir,
      );
      expect(layouts.status).toBe(0);
      expect(readFileSync(join(dir, 'skopeo.log'), 'utf8').split('\n').filter(Boolean)).toEqual([
        `--override-os linux --override-arch amd64 copy oci:${dir}/image oci:${dir}/image-linux-amd64`,
        `--override-os linux --override-arch arm64 copy oci:${dir}/image oci:${dir}/image-linux-arm64`,
        `--override-os linux --override-arch arm --override-variant v7 copy oci:${dir}/image oci:${dir}/image-linux-arm-v7`,
      ]);
      const output = readFileSync(env.GITHUB_OUTPUT, 'utf8');
      expect(output).toContain(`first=${dir}/image-linux-amd64\n`);
      const all = /all=(.*)\n/.exec(output)![1]!;

      const gate = step(build!, 'Trivy gate (fails on CRITICAL, every platform)').run!;
      const failed = runScript(gate, { ...env, LAYOUTS: all }, dir);
      expect(failed.status).toBe(1);
      expect(failed.stdout).toContain(
        '::error::CRITICAL vulnerabilities in linux-arm64: see trivy-report-linux-arm64.txt',
      );
      expect(failed.stdout).not.toContain('vulnerabilities in linux-amd64');
      expect(readFileSync(join(dir, 'trivy-report-linux-arm-v7.txt'), 'utf8')).toBe(
        `scanned ${dir}/image-linux-arm-v7\n`,
      );
      const passed = runScript(gate, { ...env, LAYOUTS: `${dir}/image-linux-amd64` }, dir);
      expect(passed.status).toBe(0);
    });
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
