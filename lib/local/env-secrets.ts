import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError, ProblemList } from '../errors';
import { LOCAL_SECRETS_NAMESPACE } from '../naming';
import { byCodePoint } from '../order';

/** One value a local cluster's ExternalSecrets read: a Secret in LOCAL_SECRETS_NAMESPACE, one of its keys. */
export interface LocalSecretValue {
  /** The Kubernetes Secret (the ExternalSecret's `remoteRef.key`). */
  readonly secret: string;
  /** Its key (`remoteRef.property`). */
  readonly property: string;
  /** The `.env` variable that holds the value: `<SECRET>__<PROPERTY>`, upper case, `_` for anything else. */
  readonly variable: string;
  /** The ExternalSecret that reads it, for messages. */
  readonly readBy: string;
}

/** The `.env` variable of a secret's property; `__` separates the two, so `a.b` + `c` differs from `a` + `b.c`. */
export function envVariableOf(secret: string, property: string): string {
  const part = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return `${part(secret)}__${part(property)}`;
}

/**
 * Every value the ExternalSecrets of `generated/<cluster>` read, from the files Argo CD applies (so the list is
 * exactly what the cluster needs), sorted by variable. Two different values mapping to one variable are refused.
 */
export function localSecretValues(root: string, cluster: string): LocalSecretValue[] {
  const dir = join('generated', cluster);
  const values = new Map<string, LocalSecretValue>();
  const problems = new ProblemList();
  for (const file of yamlFiles(join(root, dir))) {
    const relative = `${dir}/${file}`;
    const object = parse(readFileSync(join(root, dir, file), 'utf8')) as {
      kind?: string;
      metadata?: { namespace?: string; name?: string };
      spec?: { data?: { remoteRef?: { key?: string; property?: string } }[] };
    } | null;
    if (object?.kind !== 'ExternalSecret') continue;
    for (const entry of object.spec?.data ?? []) {
      const { key, property } = entry.remoteRef ?? {};
      if (key === undefined || property === undefined) continue;
      const variable = envVariableOf(key, property);
      const known = values.get(variable);
      if (known !== undefined && (known.secret !== key || known.property !== property)) {
        problems.add(
          { file: relative, cluster },
          `${key} ${property} and ${known.secret} ${known.property} both map to ${variable} in .env; rename one property`,
        );
        continue;
      }
      values.set(variable, {
        secret: key,
        property,
        variable,
        readBy: `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''} (${relative})`,
      });
    }
  }
  problems.throwIfAny();
  return [...values.values()].sort((a, b) => byCodePoint(a.variable, b.variable));
}

function yamlFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? yamlFiles(join(dir, entry.name), `${prefix}${entry.name}/`)
        : entry.name.endsWith('.yaml')
          ? [`${prefix}${entry.name}`]
          : [],
    )
    .sort(byCodePoint);
}

/**
 * Parses a dotenv file: `NAME=value` lines, `#` comments, optional `export `, values in single or double quotes
 * (double quotes understand `\n`). A malformed line is an error naming the file and line.
 */
export function parseEnvFile(text: string, file: string): Map<string, string> {
  const values = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (match === null) {
      throw new ConfigError(
        { file, field: `line ${index + 1}` },
        'expected NAME=value (letters, digits and _ in the name; # starts a comment)',
      );
    }
    const [, name, rest] = match as unknown as [string, string, string];
    const value = /^"(.*)"$/.test(rest)
      ? rest.slice(1, -1).replace(/\\n/g, '\n').replace(/\\"/g, '"')
      : /^'(.*)'$/.test(rest)
        ? rest.slice(1, -1)
        : rest.replace(/\s+#.*$/, '');
    values.set(name, value);
  });
  return values;
}

/** A template of the `.env` a cluster needs: every variable, empty, with who reads it. */
export function envTemplate(
  cluster: string,
  secretValues: readonly LocalSecretValue[],
  composeVariables: readonly string[],
): string {
  return [
    `# .env of local cluster "${cluster}" (git-ignored; never commit it). Written by npm run local:up -- --env-template.`,
    '# Local dependencies (compose):',
    ...composeVariables.map((name) => `${name}=`),
    '# Secrets the ExternalSecrets read (Secret local-secrets/<secret>, key <property>):',
    ...secretValues.flatMap((value) => [
      `# ${value.secret} ${value.property}, read by ${value.readBy}`,
      `${value.variable}=`,
    ]),
    '',
  ].join('\n');
}

/**
 * The manifests `kubectl apply -f -` receives: the secrets' namespace and one Secret per secret name with its
 * properties. Missing variables are one error listing each with the line to add to `.env`.
 */
export function localSecretManifests(
  secretValues: readonly LocalSecretValue[],
  env: ReadonlyMap<string, string>,
  envFile: string,
): Record<string, unknown>[] {
  const missing = secretValues.filter((value) => (env.get(value.variable) ?? '') === '');
  if (missing.length > 0) {
    throw new ConfigError(
      { file: envFile },
      `${missing.length} secret value(s) missing; add to ${envFile}:\n${missing.map((value) => `    ${value.variable}=...   # ${value.secret} ${value.property}, read by ${value.readBy}`).join('\n')}`,
    );
  }
  const bySecret = new Map<string, Record<string, string>>();
  for (const value of secretValues) {
    bySecret.set(value.secret, { ...bySecret.get(value.secret), [value.property]: env.get(value.variable)! });
  }
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: LOCAL_SECRETS_NAMESPACE } },
    ...[...bySecret.entries()]
      .sort(([a], [b]) => byCodePoint(a, b))
      .map(([name, stringData]) => ({
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'Opaque',
        metadata: { name, namespace: LOCAL_SECRETS_NAMESPACE, labels: { 'app.kubernetes.io/managed-by': 'local-up' } },
        stringData,
      })),
  ];
}
