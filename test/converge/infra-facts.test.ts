import { describe, expect, it } from 'vitest';
import { infraFacts, SNAPSHOT_CONTROLLER_ADDON } from '../../lib/converge/infra-facts';
import { loadInfraProject } from '../../infra/project';
import { loadProject } from '../../lib/project/load';
import { resolveProject } from '../../lib/project/resolve';
import { all, synthStack } from '../infra/helpers';
import { REPO_ROOT } from '../support/repo-copy';
import { awsClustersOf } from '../support/aws-clusters';

const infra = await loadInfraProject(REPO_ROOT);
const clusters = resolveProject(await loadProject(REPO_ROOT));

describe("converge's infra table (derived through lib/naming.ts) equals what the infra synth creates", () => {
  it.each(awsClustersOf(clusters).map((cluster) => [cluster.definition.name, cluster] as const))(
    '%s',
    (name, cluster) => {
      const definition = infra.clusters.find((candidate) => candidate.name === name)!;
      const stack = synthStack(definition, infra.apps);
      const facts = infraFacts(cluster);
      const associations = [
        ...all(stack, 'aws_eks_pod_identity_association').map(
          (association) => `${String(association.namespace)}/${String(association.service_account)}`,
        ),
        // Add-ons bind their own service account in kube-system.
        ...all(stack, 'aws_eks_addon').flatMap((addon) =>
          ((addon.pod_identity_association as { service_account: string }[] | undefined) ?? []).map(
            (association) => `kube-system/${association.service_account}`,
          ),
        ),
      ].sort();
      expect(
        facts.podIdentityAssociations
          .map((association) => `${association.namespace}/${association.serviceAccount}`)
          .sort(),
        'a Pod Identity association infra creates is missing from (or extra in) lib/converge/infra-facts.ts',
      ).toEqual(associations);
      const roles = new Set(all(stack, 'aws_iam_role').map((role) => String(role.name)));
      for (const association of facts.podIdentityAssociations) expect(roles).toContain(association.roleName);
      const secrets = all(stack, 'aws_secretsmanager_secret')
        .map((secret) => String(secret.name))
        .sort();
      expect([...facts.secrets].sort()).toEqual(secrets);
      const addons = all(stack, 'aws_eks_addon').map((addon) => String(addon.addon_name));
      expect(addons).toContain('aws-ebs-csi-driver');
      // The snapshot CRDs converge takes as given come from this add-on.
      if (facts.addonCrds.size > 0) expect(addons).toContain(SNAPSHOT_CONTROLLER_ADDON.name);
    },
  );
});
