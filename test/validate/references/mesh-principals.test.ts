import { describe, expect, it } from 'vitest';
import { meshPrincipals } from '../../../lib/validate/references/mesh-principals';
import type { ManifestDocument } from '../../../lib/validate/types';

type Json = Record<string, unknown>;
const doc = (object: Json, index = 0): ManifestDocument =>
  ({
    cluster: 'fixture',
    file: `generated/fixture/api/${String(object.kind)}.yaml`,
    index,
    object,
  }) as ManifestDocument;
const account = (namespace: string, name: string) =>
  doc({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } });
const deployment = doc({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'api' },
  spec: { selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: {} } },
});
const policy = (principals: string[], selector: Json = { matchLabels: { app: 'api' } }) =>
  doc({
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'api', namespace: 'api' },
    spec: { selector, action: 'ALLOW', rules: [{ from: [{ source: { principals } }] }] },
  });
const messages = (documents: ManifestDocument[]) =>
  (meshPrincipals.check({ cluster: {} as never, documents, repoRoot: '.' }) as { message: string; path: string }[]).map(
    (finding) => `${finding.path}: ${finding.message}`,
  );

describe('ref-mesh-principals', () => {
  it("passes principals of the cluster's ServiceAccounts on a policy that selects pods", () => {
    expect(messages([deployment, account('web', 'web'), policy(['cluster.local/ns/web/sa/web'])])).toEqual([]);
  });

  it('refuses a principal without its ServiceAccount, and a policy that selects no pods', () => {
    expect(
      messages([
        deployment,
        account('web', 'web'),
        policy(['cluster.local/ns/web/sa/web', 'cluster.local/ns/mailer/sa/mailer'], {
          matchLabels: { app: 'nothing' },
        }),
      ]),
    ).toEqual([
      '$.spec.rules[0].from[0].source.principals[1]: principal "cluster.local/ns/mailer/sa/mailer" names ServiceAccount "mailer" in namespace "mailer", which is not generated in this cluster',
      `$.spec.selector: AuthorizationPolicy "api" selects no workload's pods`,
    ]);
  });

  it('accepts a waypoint principal with its Gateway, and checks waypoint and Service references', () => {
    const gateway = doc({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'waypoint', namespace: 'api' },
      spec: { gatewayClassName: 'istio-waypoint' },
    });
    const namespace = (waypoint: string) =>
      doc({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'api', labels: { 'istio.io/use-waypoint': waypoint } },
      });
    const route = doc({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'api-http', namespace: 'api' },
      spec: { parentRefs: [{ group: '', kind: 'Service', name: 'api' }] },
    });
    expect(
      messages([deployment, gateway, namespace('waypoint'), policy(['cluster.local/ns/api/sa/waypoint'])]),
    ).toEqual([]);
    expect(messages([deployment, gateway, namespace('elsewhere'), route])).toEqual([
      `$.metadata.labels['istio.io/use-waypoint']: namespace "api" uses waypoint "elsewhere", which is not a Gateway of class istio-waypoint there`,
      '$.spec.parentRefs[0].name: Service "api" does not exist in namespace "api"',
    ]);
  });
});
