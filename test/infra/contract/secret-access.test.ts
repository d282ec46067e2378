import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadInfraProject } from '../../../infra/project';
import { platformSecretsOf, secretReadersOf } from '../../../infra/stacks/environment-stack';
import type { AppSpec } from '../../../lib/model/app-spec';
import { roleArn } from '../../../lib/naming';
import { REPO_ROOT } from '../../support/repo-copy';
import { repositoryOutput } from '../../support/repository-output';
import { awsClustersOf } from '../../support/aws-clusters';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const output = await repositoryOutput();
const infra = await loadInfraProject(REPO_ROOT);

/**
 * Beyond the contract test (every role and secret the YAML names exists): every ExternalSecret that synth
 * writes can really read what it asks for, through the store it names and the reader role that store
 * assumes, as infra grants it. A platform ExternalSecret in a namespace the platform store does not admit, or
 * an app reading a secret its reader role does not list, would be AccessDenied in the cluster.
 */
describe.each(awsClustersOf(output.clusters).map((cluster) => [cluster.definition.name, cluster] as const))(
  'secret access in %s',
  (name, cluster) => {
    const objects = output.files
      .filter((file) => file.path.startsWith(`${name}/`))
      .map((file) => parse(file.content) as Obj);
    const apps = Object.keys(cluster.definition.apps)
      .sort()
      .map((app) => infra.apps[app])
      .filter((spec): spec is AppSpec => spec !== undefined);
    const readers = secretReadersOf(cluster.definition, apps, (secret) => secret);
    const readerOf = (arn: string) => readers.find((reader) => roleArn(cluster.definition, reader.roleName) === arn);
    const externalSecrets = objects.filter((object) => object.kind === 'ExternalSecret');

    it('has ExternalSecrets to check', () => {
      expect(externalSecrets.length).toBeGreaterThan(0);
    });

    it.each(externalSecrets.map((object) => [`${object.metadata.namespace}/${object.metadata.name}`, object]))(
      '%s reads only what its store may read',
      (_, external) => {
        const namespace = external.metadata.namespace as string;
        const ref = external.spec.secretStoreRef as { kind: string; name: string };
        const store = objects.find(
          (object) =>
            object.kind === ref.kind &&
            object.metadata.name === ref.name &&
            (ref.kind === 'ClusterSecretStore' || object.metadata.namespace === namespace),
        );
        expect(store, `${ref.kind} ${ref.name}`).toBeDefined();
        if (ref.kind === 'ClusterSecretStore') {
          expect(store!.spec.conditions[0].namespaces).toContain(namespace);
        }
        const keys = (external.spec.data as Obj[]).map((entry) => entry.remoteRef.key as string);
        const kubernetes = store!.spec.provider.kubernetes as Obj | undefined;
        if (kubernetes !== undefined) {
          // A Kubernetes store reads as its service account: the Roles bound to it in the remote namespace must
          // name every Secret it copies (and grant only get).
          const remote = kubernetes.remoteNamespace as string;
          const account = kubernetes.auth.serviceAccount.name as string;
          const bound = objects
            .filter((object) => object.kind === 'RoleBinding' && object.metadata.namespace === remote)
            .filter((binding) =>
              (binding.subjects as Obj[]).some((s) => s.name === account && s.namespace === namespace),
            )
            .map((binding) =>
              objects.find(
                (o) => o.kind === 'Role' && o.metadata.namespace === remote && o.metadata.name === binding.roleRef.name,
              )!,
            );
          const rules = bound.flatMap((role) => role.rules as Obj[]);
          expect(rules.every((rule) => rule.verbs.join() === 'get' && rule.resourceNames !== undefined)).toBe(true);
          const granted = rules.flatMap((rule) => rule.resourceNames as string[]);
          expect(keys.filter((key) => !granted.includes(key))).toEqual([]);
          return;
        }
        const reader = readerOf(store!.spec.provider.aws.role as string);
        expect(reader, store!.spec.provider.aws.role).toBeDefined();
        expect(reader!.storeKind).toBe(ref.kind);
        expect(reader!.namespaces).toContain(namespace);
        expect(keys.filter((key) => !reader!.secretArns.includes(key))).toEqual([]);
        if (ref.kind === 'ClusterSecretStore') {
          const platform = platformSecretsOf(cluster.definition).map((secret) => secret.name);
          expect(keys.filter((key) => !platform.includes(key))).toEqual([]);
        }
      },
    );
  },
);
