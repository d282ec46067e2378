import { describe, expect, it } from 'vitest';
import {
  appSecretKey,
  appSecretReaderRoleName,
  platformRoleName,
  platformSecretReaderRoleName,
} from '../../../lib/naming';
import { platformSecretNamespaces } from '../../../lib/secret-readers';
import { platformSecretsOf } from '../../../infra/stacks/environment-stack';
import {
  APPS,
  documentOf,
  named,
  production,
  roleStatements,
  secretArnReference,
  staging,
  synthStack,
} from '../helpers';

type Statement = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each([staging, production])('secret isolation in AWS: $name', (cluster) => {
  const json = synthStack(cluster);
  const controllerArn = (() => {
    const id = Object.entries(json.resource?.aws_iam_role ?? {}).find(
      ([, role]) => role.name === platformRoleName(cluster, 'external-secrets'),
    )![0];
    return `\${aws_iam_role.${id}.arn}`;
  })();
  const trustOf = (roleName: string) =>
    documentOf(json, named(json, 'aws_iam_role', 'name', roleName).assume_role_policy).statement as Statement[];
  const conditionsOf = (statement: Statement) =>
    Object.fromEntries((statement.condition as Statement[]).map((condition) => [condition.variable, condition.values]));
  const appsWithSecrets = Object.keys(cluster.apps)
    .filter((app) => Object.keys(APPS[app]?.secrets ?? {}).length > 0)
    .sort();

  it('lets the External Secrets controller read no secret itself, only assume the reader roles', () => {
    const statements = roleStatements(json, platformRoleName(cluster, 'external-secrets')) as Statement[];
    expect(statements.filter((statement) => statement.effect === 'Allow').flatMap((s) => s.actions)).toEqual([
      'sts:AssumeRole',
      'sts:TagSession',
    ]);
    const readers = [
      ...appsWithSecrets.map((app) => appSecretReaderRoleName(cluster, app)),
      platformSecretReaderRoleName(cluster),
    ];
    const assume = statements.find((statement) => statement.sid === 'AssumeSecretReaders')!;
    expect(assume.resources).toEqual(readers.map((name) => `arn:aws:iam::${cluster.awsAccountId}:role/${name}`));
    expect(statements.find((statement) => statement.sid === 'NoDirectSecretAccess')).toMatchObject({
      effect: 'Deny',
      actions: ['secretsmanager:GetSecretValue'],
      resources: ['*'],
    });
  });

  it("gives each app's reader role exactly its own secrets, trusted only for its namespace's SecretStore", () => {
    expect(appsWithSecrets.length).toBeGreaterThan(0);
    for (const app of appsWithSecrets) {
      const role = appSecretReaderRoleName(cluster, app);
      const own = [...new Set(Object.values(APPS[app]!.secrets!).map((ref) => appSecretKey(cluster, app, ref)))];
      const statements = roleStatements(json, role) as Statement[];
      expect(statements.find((statement) => statement.sid === 'ReadOwnSecrets')!.resources).toEqual(
        own.sort().map((name) => secretArnReference(json, name)),
      );
      const [trust, ...more] = trustOf(role);
      expect(more).toEqual([]);
      expect(trust!.principals).toEqual([{ type: 'AWS', identifiers: [controllerArn] }]);
      expect(conditionsOf(trust!)).toEqual({
        'aws:RequestTag/esoNamespace': [app],
        'aws:RequestTag/esoStoreKind': ['SecretStore'],
        'aws:RequestTag/esoStoreName': ['aws-secrets-manager'],
      });
    }
  });

  it("reads the platform's secrets only through the platform ClusterSecretStore, for the platform namespaces", () => {
    const role = platformSecretReaderRoleName(cluster);
    const statements = roleStatements(json, role) as Statement[];
    expect(statements.find((statement) => statement.sid === 'ReadOwnSecrets')!.resources).toEqual(
      platformSecretsOf(cluster)
        .map((secret) => secret.name)
        .sort()
        .map((name) => secretArnReference(json, name)),
    );
    expect(conditionsOf(trustOf(role)[0]!)).toEqual({
      'aws:RequestTag/esoNamespace': platformSecretNamespaces(cluster),
      'aws:RequestTag/esoStoreKind': ['ClusterSecretStore'],
      'aws:RequestTag/esoStoreName': ['aws-secrets-manager'],
    });
    // No app reader reaches a platform secret.
    const platformArns = new Set(platformSecretsOf(cluster).map((secret) => secretArnReference(json, secret.name)));
    for (const app of appsWithSecrets) {
      const read = (roleStatements(json, appSecretReaderRoleName(cluster, app)) as Statement[]).flatMap(
        (statement) => statement.resources ?? [],
      );
      expect(read.filter((arn: string) => platformArns.has(arn))).toEqual([]);
    }
  });
});

describe('secret reader role names', () => {
  it('refuses an app whose reader role name would pass the IAM limit of 64 characters, naming the cluster and app', () => {
    const app = 'a'.repeat(64 - `${staging.name}-app-secrets-`.length + 1);
    const cluster = { ...staging, apps: { [app]: {} } };
    const apps = { [app]: { ...APPS.gateway!, name: app } };
    expect(() => synthStack(cluster, apps)).toThrow(
      `clusters/${staging.name}.ts: cluster "${staging.name}", app "${app}": apps.${app}: the secret reader role "${staging.name}-app-secrets-${app}" is 65 characters, IAM allows 64: shorten the app or cluster name`,
    );
  });
});
