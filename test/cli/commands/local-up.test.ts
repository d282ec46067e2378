import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { COMPOSE_ENV_VARIABLES } from '../../../lib/local/compose';
import { envVariableOf, localSecretValues, parseEnvFile } from '../../../lib/local/env-secrets';
import { localConfigDir } from '../../../lib/local/local-cluster';
import { LOCAL_TOOLS } from '../../../lib/local/steps';
import { isAwsCluster, isLocalCluster } from '../../../lib/model/cluster';
import { LOCAL_SECRETS_NAMESPACE } from '../../../lib/naming';
import { loadProject } from '../../../lib/project/load';
import { REPO_ROOT, runCli } from '../../support/repo-copy';

const project = await loadProject(REPO_ROOT);
const local = project.clusters.find((cluster) => isLocalCluster(cluster.definition));
const aws = project.clusters.find((cluster) => isAwsCluster(cluster.definition))!;
const name = local?.definition.name ?? '';
const values = local === undefined ? [] : localSecretValues(REPO_ROOT, name);

/** A .env with every variable the cluster needs, each value unique so the manifests can be checked. */
function envFile(skip: readonly string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'local-up-'));
  const lines = [...COMPOSE_ENV_VARIABLES, ...values.map((value) => value.variable)]
    .filter((variable) => !skip.includes(variable))
    .map((variable) => `${variable}="value of ${variable}"`);
  writeFileSync(join(dir, '.env'), `# test\n${lines.join('\n')}\n`);
  return join(dir, '.env');
}

/** A folder of stand-in docker/k3d/kubectl/helm that log their arguments and standard input, and exit `codes[tool]`. */
function fakeTools(codes: Readonly<Record<string, number>> = {}): { path: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'local-tools-'));
  const log = join(dir, 'calls.log');
  for (const tool of Object.keys(LOCAL_TOOLS)) {
    const script = join(dir, tool);
    writeFileSync(
      script,
      `#!/bin/sh\necho "${tool} $*" >> "${log}"\nif [ ! -t 0 ]; then cat >> "${log}"; fi\nexit ${codes[tool] ?? 0}\n`,
    );
    chmodSync(script, 0o755);
  }
  return { path: dir, log };
}

describe.skipIf(local === undefined)('npm run local:up', () => {
  it('prints the .env template: the compose passwords and every value the ExternalSecrets read', async () => {
    const result = await runCli(REPO_ROOT, 'local-up', ['--env-template']);
    expect(result.status).toBe(0);
    const variables = result.stdout
      .split('\n')
      .filter((line) => /^[A-Z]/.test(line))
      .map((line) => line.replace(/=$/, ''));
    expect(variables).toEqual([...COMPOSE_ENV_VARIABLES, ...values.map((value) => value.variable)]);
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect(value.variable).toBe(envVariableOf(value.secret, value.property));
  });

  it('refuses a missing .env, naming the command that writes it', async () => {
    const result = await runCli(REPO_ROOT, 'local-up', ['--env-file', '/nonexistent/.env']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `error: /nonexistent/.env: cluster "${name}": not found; write it with \`npm run local:up -- --env-template > /nonexistent/.env\` and fill in every value (it is git-ignored)\n`,
    );
  });

  it('refuses an empty secret value, naming the variable and who reads it', async () => {
    const missing = values[0]!;
    const file = envFile([missing.variable]);
    const result = await runCli(REPO_ROOT, 'local-up', ['--env-file', file, '--dry-run']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${file}: 1 secret value(s) missing; add to ${file}:`);
    expect(result.stderr).toContain(
      `${missing.variable}=...   # ${missing.secret} ${missing.property}, read by ${missing.readBy}`,
    );
  });

  it('--dry-run writes the config files and prints the commands in order, running nothing', async () => {
    const result = await runCli(REPO_ROOT, 'local-up', ['--env-file', envFile(), '--dry-run'], { PATH: '' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const commands = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('  '))
      .map((line) => line.trim().split(' ').slice(0, 3).join(' '));
    expect(commands).toEqual([
      'docker info --format',
      'k3d cluster create',
      'docker compose --project-name',
      `kubectl --context k3d-${name}`,
      'helm upgrade --install',
      `kubectl --context k3d-${name}`,
    ]);
    for (const file of ['k3d.yaml', 'compose.yaml', 'argocd-values.yaml']) {
      expect(existsSync(join(REPO_ROOT, localConfigDir(name), file))).toBe(true);
    }
  });

  it('refuses to start when tools are missing, naming each with its install page', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-tools-'));
    const result = await runCli(REPO_ROOT, 'local-up', ['--env-file', envFile()], { PATH: empty });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'error: missing tool(s) on PATH: docker, k3d, kubectl, helm; install them and run again:',
    );
    expect(result.stderr).toContain(`    k3d: ${LOCAL_TOOLS.k3d}`);
    expect(result.stdout).toBe('');
  });

  it('runs docker, k3d, compose, kubectl and helm in order and applies the Secrets from .env', async () => {
    const tools = fakeTools();
    const file = envFile();
    const result = await runCli(REPO_ROOT, 'local-up', ['--env-file', file], {
      PATH: `${tools.path}${delimiter}/usr/bin${delimiter}/bin`,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const log = readFileSync(tools.log, 'utf8');
    const calls = log.split('\n').filter((line) => /^(docker|k3d|kubectl|helm) /.test(line));
    const dir = localConfigDir(name);
    expect(calls).toEqual([
      'docker info --format {{.ServerVersion}}',
      `k3d cluster create --config ${dir}/k3d.yaml`,
      `docker compose --project-name ${name}-deps --file ${dir}/compose.yaml --env-file ${file} up --detach --wait`,
      `kubectl --context k3d-${name} apply -f -`,
      expect.stringMatching(
        new RegExp(
          `^helm upgrade --install argocd argo-cd --repo \\S+ --version \\S+ --namespace argocd --create-namespace --values ${dir}/argocd-values.yaml --kube-context k3d-${name} --wait$`,
        ),
      ),
      `kubectl --context k3d-${name} apply -f argocd/${name}-root.yaml`,
    ]);
    const stdin = log.slice(log.indexOf('apply -f -\n') + 'apply -f -\n'.length, log.indexOf('\nhelm '));
    const manifests = parseAllDocuments(stdin).map(
      (document) =>
        document.toJS() as {
          kind: string;
          metadata: { name: string; namespace?: string };
          stringData?: Record<string, string>;
        },
    );
    expect(manifests[0]).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: LOCAL_SECRETS_NAMESPACE } });
    for (const value of values) {
      const secret = manifests.find(
        (manifest) => manifest.kind === 'Secret' && manifest.metadata.name === value.secret,
      );
      expect(secret?.metadata.namespace).toBe(LOCAL_SECRETS_NAMESPACE);
      expect(secret?.stringData?.[value.property]).toBe(`value of ${value.variable}`);
    }
    expect(result.stdout).toContain(`local cluster ${name} is up`);
  });

  it('stops at the first failing step with its exit code and runs nothing after it', async () => {
    const tools = fakeTools({ k3d: 3 });
    const result = await runCli(REPO_ROOT, 'local-up', ['--env-file', envFile()], {
      PATH: `${tools.path}${delimiter}/usr/bin${delimiter}/bin`,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'error: step 2 (k3d cluster and registry) failed with exit code 3: k3d cluster create --config',
    );
    expect(
      readFileSync(tools.log, 'utf8')
        .split('\n')
        .filter((line) => line !== ''),
    ).toEqual([
      'docker info --format {{.ServerVersion}}',
      `k3d cluster create --config ${localConfigDir(name)}/k3d.yaml`,
    ]);
  });

  it('refuses an AWS cluster and an unknown one', async () => {
    const awsResult = await runCli(REPO_ROOT, 'local-up', ['--cluster', aws.definition.name, '--dry-run']);
    expect(awsResult.status).toBe(1);
    expect(awsResult.stderr).toContain(
      `${aws.file} is not a local cluster (kind: ClusterKind.LOCAL); local clusters: ${name}`,
    );
    const unknown = await runCli(REPO_ROOT, 'local-up', ['--cluster', 'nowhere']);
    expect(unknown.stderr).toContain(`cluster "nowhere": --cluster: unknown cluster; local clusters: ${name}`);
  });

  it('rejects an unknown flag with the usage exit code', async () => {
    const result = await runCli(REPO_ROOT, 'local-up', ['--dryrun']);
    expect(result.status).toBe(2);
  });
});

describe.skipIf(local === undefined)('npm run local:down', () => {
  it('stops the dependencies, keeping their data unless --volumes, then deletes the k3d cluster', async () => {
    const kept = await runCli(REPO_ROOT, 'local-down', ['--dry-run'], { PATH: '' });
    expect(kept.status).toBe(0);
    expect(
      kept.stdout
        .split('\n')
        .filter((line) => line.startsWith('  '))
        .map((line) => line.trim()),
    ).toEqual([
      `docker compose --project-name ${name}-deps --file ${localConfigDir(name)}/compose.yaml down`,
      `k3d cluster delete ${name}`,
    ]);
    const wiped = await runCli(REPO_ROOT, 'local-down', ['--dry-run', '--volumes']);
    expect(wiped.stdout).toContain('compose.yaml down --volumes\n');
  });

  it('runs compose and k3d with the compose variables set, so compose can parse its file', async () => {
    const tools = fakeTools();
    const result = await runCli(REPO_ROOT, 'local-down', [], {
      PATH: `${tools.path}${delimiter}/usr/bin${delimiter}/bin`,
    });
    expect(result.status).toBe(0);
    expect(readFileSync(tools.log, 'utf8')).toContain(`k3d cluster delete ${name}\n`);
  });
});

describe('.env parsing', () => {
  it('reads NAME=value lines, quotes, export and comments', () => {
    const env = parseEnvFile('# c\nexport A=1\nB = "two words\\nline"\nC=\'x # y\'\nD=plain # comment\n\n', '.env');
    expect([...env]).toEqual([
      ['A', '1'],
      ['B', 'two words\nline'],
      ['C', 'x # y'],
      ['D', 'plain'],
    ]);
  });

  it('refuses a malformed line, naming the file and line', () => {
    expect(() => parseEnvFile('A=1\nnot a pair\n', '.env')).toThrow(
      '.env: line 2: expected NAME=value (letters, digits and _ in the name; # starts a comment)',
    );
  });
});
