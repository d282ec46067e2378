import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { AppSpec } from '../../lib/model/app-spec';
import type { ClusterDefinition } from '../../lib/model/cluster';
import type { MeshSettings } from '../../lib/model/platform-settings';
import { cluster, type Doc, problemsOf, project, render, webApp, workerApp } from '../support/project';
import { repositoryOutput } from '../support/repository-output';
import { strictSchema } from '../support/schemas';

const MESH: MeshSettings = { istiodReplicas: 1, enrollAppsByDefault: true };

/** A staging cluster with the mesh (and External Secrets, which the fixtures' apps do not need). */
function meshed(apps: ClusterDefinition['apps'], mesh: MeshSettings = MESH): ClusterDefinition {
  return cluster('staging', apps, { platform: { mesh } });
}

/** Three apps: shop (public, metrics on its own port), mailer (a worker) and api, which admits shop and mailer. */
function apps(apiClients: readonly string[]): AppSpec[] {
  return [
    webApp({
      ingress: { host: 'shop' },
      ports: [
        { name: 'http', port: 8080 },
        { name: 'metrics', port: 9090 },
      ],
      metricsPort: 'metrics',
    }),
    workerApp(),
    webApp({
      name: 'api',
      imageRepository: 'api',
      ports: [{ name: 'grpc', port: 9000 }],
      metricsPort: undefined,
      allowedClients: apiClients,
    }),
  ];
}

const ALL = { shop: {}, mailer: {}, api: {} };

/** Who may call whom, read from the generated NetworkPolicies: server -> its callers, and client -> its upstreams. */
function networkCalls(out: Map<string, Doc>): { ingress: string[]; egress: string[] } {
  const ingress: string[] = [];
  const egress: string[] = [];
  for (const [path, doc] of out) {
    if (doc.kind !== 'NetworkPolicy' || doc.metadata.name === 'default-deny') continue;
    const app = path.split('/')[1];
    for (const rule of doc.spec.ingress ?? [])
      for (const peer of rule.from)
        if (peer.podSelector !== undefined)
          ingress.push(`${peer.podSelector.matchLabels['app.kubernetes.io/name']}->${app}`);
    for (const rule of doc.spec.egress ?? [])
      for (const peer of rule.to ?? [])
        if (peer.podSelector !== undefined)
          egress.push(`${app}->${peer.podSelector.matchLabels['app.kubernetes.io/name']}`);
  }
  return { ingress: ingress.sort(), egress: egress.sort() };
}

/** The same, read from the AuthorizationPolicies' principals. */
function meshCalls(out: Map<string, Doc>): string[] {
  const calls: string[] = [];
  for (const [path, doc] of out) {
    if (doc.kind !== 'AuthorizationPolicy') continue;
    for (const rule of doc.spec.rules ?? [])
      for (const from of rule.from ?? [])
        for (const principal of from.source.principals ?? [])
          calls.push(`${/\/ns\/([^/]+)\//.exec(principal)![1]}->${path.split('/')[1]}`);
  }
  return calls.sort();
}

describe('mesh policies of an enrolled app', () => {
  const out = render(project(apps(['shop']), [meshed(ALL)]));

  it('labels the namespace for ambient mode and requires mutual TLS', () => {
    expect(out.get('staging/api/namespace-api.yaml').metadata.labels['istio.io/dataplane-mode']).toBe('ambient');
    expect(out.get('staging/api/peerauthentication-default.yaml').spec).toEqual({ mtls: { mode: 'STRICT' } });
  });

  it("admits the callers' ServiceAccounts on the app's ports, and nothing else", () => {
    expect(out.get('staging/api/authorizationpolicy-api.yaml').spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } },
      action: 'ALLOW',
      rules: [
        {
          from: [{ source: { principals: ['cluster.local/ns/shop/sa/shop'] } }],
          to: [{ operation: { ports: ['9000'] } }],
        },
      ],
    });
    // No callers, metrics or Ingress: an ALLOW policy without rules admits nothing.
    expect(out.get('staging/mailer/authorizationpolicy-mailer.yaml').spec.rules).toBeUndefined();
  });

  it('keeps Prometheus scrapes and the load balancer working: plain text only on their ports, from their subnets', () => {
    const shop = out.get('staging/shop/authorizationpolicy-shop.yaml').spec.rules;
    expect(shop).toEqual([
      {
        from: [{ source: { notPrincipals: ['*'], ipBlocks: expect.arrayContaining([expect.any(String)]) } }],
        to: [{ operation: { ports: ['9090'] } }],
      },
      {
        from: [{ source: { notPrincipals: ['*'], ipBlocks: expect.arrayContaining([expect.any(String)]) } }],
        to: [{ operation: { ports: ['8080'] } }],
      },
    ]);
    // The load balancer's rule uses the same public subnets as the NetworkPolicy.
    const netpol = out.get('staging/shop/networkpolicy-shop.yaml').spec.ingress;
    const publicCidrs = netpol
      .find((rule: Doc) => rule.ports[0].port === 'http')
      .from.map((peer: Doc) => peer.ipBlock.cidr);
    expect(shop[1].from[0].source.ipBlocks).toEqual(publicCidrs);
    expect(out.get('staging/shop/peerauthentication-shop.yaml').spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/instance': 'shop' } },
      mtls: { mode: 'STRICT' },
      portLevelMtls: { '8080': { mode: 'PERMISSIVE' }, '9090': { mode: 'PERMISSIVE' } },
    });
  });

  it('is valid against the Istio CRD schemas, strictly', async () => {
    const problems = strictSchema('1.34');
    const mesh = [...out].filter(([, doc]) => String(doc.apiVersion).startsWith('security.istio.io/'));
    expect(mesh.length).toBeGreaterThan(4);
    for (const [path, doc] of mesh) expect({ path, problems: await problems(doc) }).toEqual({ path, problems: [] });
  });
});

describe('NetworkPolicies and AuthorizationPolicies come from one derivation', () => {
  it('agree on who may call whom, and both change when one app changes its clients', () => {
    const before = render(project(apps(['shop']), [meshed(ALL)]));
    const after = render(project(apps(['mailer', 'shop']), [meshed(ALL)]));
    for (const out of [before, after]) {
      const network = networkCalls(out);
      expect(network.ingress).toEqual(network.egress);
      expect(meshCalls(out)).toEqual(network.ingress);
    }
    expect(meshCalls(before)).toEqual(['shop->api']);
    expect(meshCalls(after)).toEqual(['mailer->api', 'shop->api']);
    expect(networkCalls(after).ingress).toEqual(['mailer->api', 'shop->api']);
  });

  it('admits no client that does not run in the cluster, in either policy', () => {
    const out = render(project(apps(['mailer', 'shop']), [meshed({ shop: {}, api: {} })]));
    expect(meshCalls(out)).toEqual(['shop->api']);
    expect(networkCalls(out).ingress).toEqual(['shop->api']);
  });

  it("names only ServiceAccounts the cluster's apps have, or its waypoints' (the sample repository)", async () => {
    const { files } = await repositoryOutput();
    const docs = files.map((file) => ({ path: file.path, doc: parse(file.content) as Doc }));
    // Istio names a waypoint's ServiceAccount after its Gateway (class istio-waypoint).
    const identities = docs.filter(
      ({ doc }) =>
        doc.kind === 'ServiceAccount' || (doc.kind === 'Gateway' && doc.spec.gatewayClassName === 'istio-waypoint'),
    );
    const accounts = new Set(
      identities.map(({ path, doc }) => `${path.split('/')[0]} ${doc.metadata.namespace}/${doc.metadata.name}`),
    );
    for (const { path, doc } of docs.filter(({ doc }) => doc.kind === 'AuthorizationPolicy')) {
      for (const rule of doc.spec.rules ?? [])
        for (const from of rule.from ?? [])
          for (const principal of from.source.principals ?? []) {
            const [, namespace, account] = /^cluster\.local\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal)!;
            expect(accounts).toContain(`${path.split('/')[0]} ${namespace}/${account}`);
          }
    }
  });
});

describe('enrollment', () => {
  it('is per app when the cluster does not enroll by default, and an app may opt out', () => {
    const optIn = render(
      project([webApp({ mesh: true }), workerApp()], [meshed({ shop: {}, mailer: {} }, { istiodReplicas: 1 })]),
    );
    expect(optIn.has('staging/shop/peerauthentication-default.yaml')).toBe(true);
    expect(optIn.has('staging/mailer/peerauthentication-default.yaml')).toBe(false);
    expect(
      optIn.get('staging/mailer/namespace-mailer.yaml').metadata.labels['istio.io/dataplane-mode'],
    ).toBeUndefined();
    const optOut = render(project([webApp(), workerApp()], [meshed({ shop: { mesh: false }, mailer: {} })]));
    expect(optOut.has('staging/shop/authorizationpolicy-shop.yaml')).toBe(false);
    expect(optOut.has('staging/mailer/authorizationpolicy-mailer.yaml')).toBe(true);
  });

  it('renders nothing of the mesh where the cluster runs none, even for an app that asks', () => {
    const out = render(project([webApp({ mesh: true })], [cluster('staging', { shop: {} })]));
    expect([...out.keys()].filter((path) => /peerauthentication|authorizationpolicy/.test(path))).toEqual([]);
  });

  it('refuses a plain-text client of an enrolled app, a cluster override without a mesh and a non-boolean', () => {
    expect(problemsOf(() => render(project(apps(['mailer']), [meshed({ ...ALL, mailer: { mesh: false } })])))).toEqual([
      'clusters/staging.ts: cluster "staging", app "mailer": apps.mailer.mesh: app "mailer" calls "api" (named in its allowedClients), which is in the mesh with STRICT mTLS and refuses plain-text connections; enroll "mailer" too (mesh: true), or take "api" out (mesh: false)',
    ]);
    expect(problemsOf(() => render(project([webApp()], [cluster('staging', { shop: { mesh: true } })])))).toEqual([
      'clusters/staging.ts: cluster "staging", app "shop": apps.shop.mesh: the app is to join the mesh, but cluster "staging" runs none; add platform.mesh to clusters/staging.ts, or remove apps.shop.mesh',
    ]);
    expect(problemsOf(() => render(project([webApp({ mesh: 'yes' })], [meshed({ shop: {} })])))).toEqual([
      'apps/shop/index.ts: app "shop": mesh: "yes" must be true or false',
    ]);
  });
});

describe('NetworkPolicies in the mesh', () => {
  const ports = (rule: Doc) => rule.ports.map((entry: Doc) => entry.port);
  const callerRule = (out: Map<string, Doc>) =>
    out.get('staging/api/networkpolicy-api.yaml').spec.ingress.find((rule: Doc) => rule.from[0].podSelector);
  const upstreamRule = (out: Map<string, Doc>) =>
    out
      .get('staging/shop/networkpolicy-shop.yaml')
      .spec.egress.find((rule: Doc) => rule.to?.[0]?.podSelector?.matchLabels['app.kubernetes.io/name'] === 'api');

  it("open HBONE (15008) between meshed callers and servers, and kubelet's ambient probe source", () => {
    const out = render(project(apps(['shop']), [meshed(ALL)]));
    expect(ports(callerRule(out))).toEqual(['grpc', 15008]);
    expect(ports(upstreamRule(out))).toEqual(['grpc', 15008]);
    expect(out.get('staging/api/networkpolicy-api.yaml').spec.ingress).toContainEqual({
      from: [{ ipBlock: { cidr: '169.254.7.127/32' } }],
      ports: [{ port: 'grpc', protocol: 'TCP' }],
    });
  });

  it('stay as they were without the mesh, and for an app outside it', () => {
    const plain = render(project(apps(['shop']), [cluster('staging', ALL)]));
    expect(ports(callerRule(plain))).toEqual(['grpc']);
    expect(ports(upstreamRule(plain))).toEqual(['grpc']);
    const text = JSON.stringify([...plain.values()]);
    expect(text).not.toContain('15008');
    expect(text).not.toContain('169.254.7.127');
    // api outside the mesh: shop's ztunnel talks plain text to it, so no HBONE either way.
    const mixed = render(project(apps(['shop']), [meshed({ ...ALL, api: { mesh: false } })]));
    expect(ports(callerRule(mixed))).toEqual(['grpc']);
    expect(ports(upstreamRule(mixed))).toEqual(['grpc']);
  });
});

describe('dependencies: timeouts and outlier detection through a waypoint', () => {
  const POLICY = { timeoutSeconds: 3, outlierDetection: { consecutive5xxErrors: 4 } };
  const withDependency = (dependencies: Record<string, unknown>, name = 'shop') =>
    apps(['mailer', 'shop']).map((spec) => (spec.name === name ? ({ ...spec, dependencies } as AppSpec) : spec));
  const out = render(project(withDependency({ api: POLICY }), [meshed(ALL)]));

  it('gives only the called app a waypoint, with the route timeout and the outlier detection', () => {
    const l7 = [...out.keys()].filter(
      (path) => !path.includes('/mesh/') && /gateway-|httproute-|destinationrule-/.test(path),
    );
    expect(l7.sort()).toEqual([
      'staging/api/destinationrule-api.yaml',
      'staging/api/gateway-waypoint.yaml',
      'staging/api/httproute-api-grpc.yaml',
    ]);
    expect(out.get('staging/api/namespace-api.yaml').metadata.labels['istio.io/use-waypoint']).toBe('waypoint');
    expect(out.get('staging/shop/namespace-shop.yaml').metadata.labels['istio.io/use-waypoint']).toBeUndefined();
    expect(out.get('staging/api/gateway-waypoint.yaml').spec).toEqual({
      gatewayClassName: 'istio-waypoint',
      listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE', allowedRoutes: { namespaces: { from: 'Same' } } }],
    });
    expect(out.get('staging/api/httproute-api-grpc.yaml').spec).toEqual({
      parentRefs: [{ group: '', kind: 'Service', name: 'api', port: 9000 }],
      rules: [{ backendRefs: [{ name: 'api', port: 9000 }], timeouts: { request: '3s' } }],
    });
    expect(out.get('staging/api/destinationrule-api.yaml').spec).toEqual({
      host: 'api.api.svc.cluster.local',
      trafficPolicy: {
        outlierDetection: { consecutive5xxErrors: 4, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
      },
    });
  });

  it('checks the callers at the waypoint and admits only the waypoint at the pods', () => {
    expect(out.get('staging/api/authorizationpolicy-api-waypoint.yaml').spec).toEqual({
      targetRefs: [{ group: '', kind: 'Service', name: 'api' }],
      action: 'ALLOW',
      rules: [
        { from: [{ source: { principals: ['cluster.local/ns/mailer/sa/mailer', 'cluster.local/ns/shop/sa/shop'] } }] },
      ],
    });
    expect(out.get('staging/api/authorizationpolicy-api.yaml').spec.rules[0].from).toEqual([
      { source: { principals: ['cluster.local/ns/api/sa/waypoint'] } },
    ]);
  });

  it("opens HBONE from the callers to the waypoint and from the waypoint to the app's pods", () => {
    const waypointPods = { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'waypoint' } };
    const waypoint = out.get('staging/api/networkpolicy-waypoint.yaml').spec;
    expect(waypoint.podSelector).toEqual(waypointPods);
    expect(
      waypoint.ingress[0].from.map((peer: Doc) => peer.namespaceSelector.matchLabels['kubernetes.io/metadata.name']),
    ).toEqual(['mailer', 'shop']);
    expect(waypoint.egress[0]).toEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } } }],
      ports: [{ port: 15008, protocol: 'TCP' }],
    });
    // Spans go to the mesh's OTLP receiver (DEFAULTS.meshTracingService, alloy.alloy.svc.cluster.local:4317).
    expect(waypoint.egress).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'alloy' } } }],
      ports: [{ port: 4317, protocol: 'TCP' }],
    });
    expect(out.get('staging/api/networkpolicy-api.yaml').spec.ingress).toContainEqual({
      from: [{ podSelector: waypointPods }],
      ports: [{ port: 15008, protocol: 'TCP' }],
    });
    const shopToApi = out
      .get('staging/shop/networkpolicy-shop.yaml')
      .spec.egress.find(
        (rule: Doc) => rule.to?.[0]?.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] === 'api',
      );
    expect(shopToApi.to[1]).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'api' } },
      podSelector: waypointPods,
    });
  });

  it('is valid against the Gateway API and Istio schemas, strictly', async () => {
    const problems = strictSchema('1.34');
    for (const path of [
      'gateway-waypoint',
      'httproute-api-grpc',
      'destinationrule-api',
      'authorizationpolicy-api-waypoint',
    ]) {
      const doc = out.get(`staging/api/${path}.yaml`);
      expect({ path, problems: await problems(doc) }).toEqual({ path, problems: [] });
    }
  });

  it('refuses a dependency on an unknown app, on an app that does not admit the caller, or on a worker', () => {
    const specs = withDependency({ nowhere: { timeoutSeconds: 1 }, mailer: { timeoutSeconds: 1 } });
    expect(problemsOf(() => render(project(specs, [meshed(ALL)])))).toEqual([
      'apps/shop/index.ts: app "shop": dependencies.nowhere: unknown app "nowhere"; known apps: api, mailer, shop',
      'apps/shop/index.ts: app "shop": dependencies.mailer: "mailer" does not list "shop" in its allowedClients (none), so "shop" cannot call it; add "shop" there (apps/mailer/index.ts)',
    ]);
    const worker = apps(['shop']).map((spec) =>
      spec.name === 'mailer'
        ? ({ ...spec, allowedClients: ['shop'] } as AppSpec)
        : spec.name === 'shop'
          ? ({ ...spec, dependencies: { mailer: { timeoutSeconds: 1 } } } as AppSpec)
          : spec,
    );
    expect(problemsOf(() => render(project(worker, [meshed(ALL)])))).toEqual([
      'apps/shop/index.ts: app "shop": dependencies.mailer: "mailer" is a worker: timeouts and outlier detection apply to a web service\'s Service; remove the entry',
    ]);
  });

  it('refuses L7 settings without the mesh, two callers that disagree, and bad values', () => {
    expect(problemsOf(() => render(project(withDependency({ api: POLICY }), [cluster('staging', ALL)])))).toEqual([
      'clusters/staging.ts: cluster "staging", app "shop": dependencies.api: timeouts and outlier detection are applied by the mesh, and cluster "staging" runs none; add platform.mesh to clusters/staging.ts, or remove the entry',
    ]);
    expect(
      problemsOf(() => render(project(withDependency({ api: POLICY }), [meshed({ ...ALL, shop: { mesh: false } })]))),
    ).toEqual([
      'clusters/staging.ts: cluster "staging", app "shop": dependencies.api: timeouts and outlier detection are applied by the mesh, and "shop" is not in it; enroll it (mesh: true), or remove the entry',
      'clusters/staging.ts: cluster "staging", app "shop": apps.shop.mesh: app "shop" calls "api" (named in its allowedClients), which is in the mesh with STRICT mTLS and refuses plain-text connections; enroll "shop" too (mesh: true), or take "api" out (mesh: false)',
    ]);
    const both = render(
      project(withDependency({ api: POLICY }), [meshed({ ...ALL, mailer: { dependencies: { api: POLICY } } })]),
    );
    expect(both.has('staging/api/gateway-waypoint.yaml')).toBe(true);
    expect(
      problemsOf(() =>
        render(
          project(withDependency({ api: POLICY }), [
            meshed({ ...ALL, mailer: { dependencies: { api: { timeoutSeconds: 9 } } } }),
          ]),
        ),
      ),
    ).toEqual([
      'clusters/staging.ts: cluster "staging", app "shop": dependencies.api: differs from what "mailer" declares for "api" ({"timeoutSeconds":9}); the waypoint of "api" applies one policy to every caller, so declare the same settings',
    ]);
    expect(
      problemsOf(() =>
        render(
          project(
            withDependency({
              api: { timeoutSeconds: 0, retries: 2, outlierDetection: { consecutive5xxErrors: 'five' } },
            }),
            [meshed(ALL)],
          ),
        ),
      ),
    ).toEqual([
      'apps/shop/index.ts: app "shop": dependencies.api.retries: unknown field; known fields: timeoutSeconds, outlierDetection',
      'apps/shop/index.ts: app "shop": dependencies.api.timeoutSeconds: 0 must be an integer of at least 1',
      'apps/shop/index.ts: app "shop": dependencies.api.outlierDetection.consecutive5xxErrors: "five" is a string; write a number',
    ]);
  });
});
