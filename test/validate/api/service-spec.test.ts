import { afterAll, describe, expect, it } from 'vitest';
import {
  type Editable,
  expectOnlyFinding,
  findingsOf,
  type OnlyFindingCase,
  removeFixtureRepos,
  validateFixture,
} from '../fixture-tree';

afterAll(removeFixtureRepos);

const SERVICE = 'web/service-web.yaml';
const spec = (change: (spec: Editable) => void) => ({ [SERVICE]: (d: Editable) => change(d.spec) });
/** An ExternalName Service: no selector (that is service-ignored-fields' finding), a CNAME target. */
const externalName = (s: Editable) => {
  delete s.selector;
  Object.assign(s, { type: 'ExternalName', externalName: 'web.example.com.' });
};

const CASES: readonly OnlyFindingCase[] = [
  {
    name: 'a headless NodePort Service',
    rule: 'api-service',
    changes: spec((s) => Object.assign(s, { type: 'NodePort', clusterIP: 'None' })),
    file: SERVICE,
    path: '$.spec.clusterIP',
    message: "clusterIP may not be set to 'None' for NodePort services",
  },
  {
    name: 'an ExternalName Service with a clusterIP',
    rule: 'api-service',
    changes: spec((s) => {
      externalName(s);
      s.clusterIP = '10.100.0.10';
    }),
    file: SERVICE,
    path: '$.spec.clusterIP',
    message: 'clusterIP may not be set for ExternalName services',
  },
  {
    name: 'an ExternalName Service without externalName',
    rule: 'api-service',
    changes: spec((s) => {
      externalName(s);
      delete s.externalName;
    }),
    file: SERVICE,
    path: '$.spec.externalName',
    message: 'an ExternalName Service needs spec.externalName',
  },
  {
    name: 'an externalName that is not a DNS name',
    rule: 'api-service',
    changes: spec((s) => {
      externalName(s);
      s.externalName = 'https://web.example.com';
    }),
    file: SERVICE,
    path: '$.spec.externalName',
    message: 'externalName "https://web.example.com": a lowercase RFC 1123 subdomain',
  },
  {
    name: 'a nodePort on a ClusterIP Service',
    rule: 'api-service',
    changes: spec((s) => (s.ports[0].nodePort = 30080)),
    file: SERVICE,
    path: '$.spec.ports[0].nodePort',
    message: "nodePort may not be used when `type` is 'ClusterIP'",
  },
  {
    name: 'a nodePort outside the node port range',
    rule: 'api-service',
    changes: spec((s) => Object.assign(s, { type: 'NodePort', ports: [{ ...s.ports[0], nodePort: 8080 }] })),
    file: SERVICE,
    path: '$.spec.ports[0].nodePort',
    message: "nodePort 8080 is not in the cluster's node port range",
  },
  {
    name: 'two ports on the same nodePort',
    rule: 'api-service',
    changes: spec((s) =>
      Object.assign(s, {
        type: 'NodePort',
        ports: [
          { ...s.ports[0], nodePort: 30080 },
          { name: 'metrics', port: 9090, targetPort: 'http', nodePort: 30080 },
        ],
      }),
    ),
    file: SERVICE,
    path: '$.spec.ports[1].nodePort',
    message: 'nodePort TCP/30080 is already used by ports[0]',
  },
  {
    name: 'a Service without ports that is not headless',
    rule: 'api-service',
    // The Ingress routes to the port; without it that is ref-ingress-backend's finding too.
    changes: { ...spec((s) => delete s.ports), 'web/ingress-web.yaml': null },
    file: SERVICE,
    path: '$.spec.ports',
    message: 'a ClusterIP Service needs at least one port',
  },
  {
    name: 'an unknown type',
    rule: 'api-service',
    changes: spec((s) => (s.type = 'Internal')),
    file: SERVICE,
    path: '$.spec.type',
    message: 'type "Internal" is not supported',
  },
  {
    name: 'sessionAffinityConfig without ClientIP affinity',
    rule: 'api-service',
    changes: spec((s) => (s.sessionAffinityConfig = { clientIP: { timeoutSeconds: 60 } })),
    file: SERVICE,
    path: '$.spec.sessionAffinityConfig',
    message: 'sessionAffinityConfig must not be set when session affinity is None',
  },
  {
    name: 'an externalTrafficPolicy on a ClusterIP Service',
    rule: 'api-service',
    changes: spec((s) => (s.externalTrafficPolicy = 'Local')),
    file: SERVICE,
    path: '$.spec.externalTrafficPolicy',
    message: 'may only be set for externally-accessible services',
  },
  {
    name: 'loadBalancerSourceRanges on a ClusterIP Service',
    rule: 'api-service',
    changes: spec((s) => (s.loadBalancerSourceRanges = ['10.0.0.0/8'])),
    file: SERVICE,
    path: '$.spec.loadBalancerSourceRanges',
    message: "loadBalancerSourceRanges may only be used when `type` is 'LoadBalancer'",
  },
  {
    name: 'clusterIPs that contradict clusterIP',
    rule: 'api-service',
    changes: spec((s) => Object.assign(s, { clusterIP: '10.100.0.10', clusterIPs: ['10.100.0.11'] })),
    file: SERVICE,
    path: '$.spec.clusterIPs',
    message: 'first value must match clusterIP "10.100.0.10"',
  },
  {
    name: 'a clusterIP that is not an IP',
    rule: 'api-service',
    changes: spec((s) => (s.clusterIP = '10.100.0.300')),
    file: SERVICE,
    path: '$.spec.clusterIP',
    message: 'clusterIP "10.100.0.300" must be a valid IP address',
  },
  {
    name: 'an appProtocol that is not a qualified name',
    rule: 'api-service',
    changes: spec((s) => (s.ports[0].appProtocol = 'kubernetes.io/h2c/extra')),
    file: SERVICE,
    path: '$.spec.ports[0].appProtocol',
    message: 'appProtocol "kubernetes.io/h2c/extra"',
  },
  {
    name: 'a trafficDistribution the version does not know',
    rule: 'api-service',
    changes: spec((s) => (s.trafficDistribution = 'PreferSameRegion')),
    file: SERVICE,
    path: '$.spec.trafficDistribution',
    message: 'trafficDistribution (Kubernetes 1.34) "PreferSameRegion" is not supported',
  },
  // Port rules of a Service: names and numbers are api-ports, (port, protocol) pairs are list-map keys.
  {
    name: 'two Service ports with the same port and protocol',
    rule: 'api-list-map-keys',
    changes: spec((s) => s.ports.push({ name: 'http-alt', port: 80, protocol: 'TCP', targetPort: 'http' })),
    file: SERVICE,
    path: '$.spec.ports[1]',
    message: 'duplicate entry (port=80, protocol="TCP")',
  },
  {
    name: 'two Service ports with the same name',
    rule: 'api-ports',
    changes: spec((s) => s.ports.push({ name: 'http', port: 8080, targetPort: 'http' })),
    file: SERVICE,
    path: '$.spec.ports[1].name',
    message: 'two Service ports are named "http"',
  },
  {
    name: 'a targetPort name that is not an IANA service name',
    rule: 'api-ports',
    changes: spec((s) => (s.ports[0].targetPort = 'http_port')),
    file: SERVICE,
    path: '$.spec.ports[0].targetPort',
    message: 'Service targetPort "http_port": must contain only alpha-numeric characters',
    also: ['ref-service-selector web/service-web.yaml $.spec.ports[0].targetPort'],
  },
  {
    name: 'a protocol the API server does not support',
    rule: 'api-ports',
    changes: spec((s) => (s.ports[0].protocol = 'HTTP')),
    file: SERVICE,
    path: '$.spec.ports[0].protocol',
    message: 'Service port protocol "HTTP" is not supported',
  },
  {
    name: 'a selector on an ExternalName Service',
    rule: 'service-ignored-fields',
    changes: spec((s) => Object.assign(s, { type: 'ExternalName', externalName: 'web.example.com' })),
    file: SERVICE,
    path: '$.spec.selector',
    message: 'spec.selector is ignored when spec.type is "ExternalName"',
  },
  {
    name: 'an externalName on a ClusterIP Service',
    rule: 'service-ignored-fields',
    changes: spec((s) => (s.externalName = 'web.example.com')),
    file: SERVICE,
    path: '$.spec.externalName',
    message: 'spec.externalName is ignored when spec.type is not "ExternalName"',
  },
];

describe('api-service and the Service rules of api-ports, api-list-map-keys and service-ignored-fields', () => {
  for (const testCase of CASES) {
    it(`${testCase.rule}: fails ${testCase.name}`, async () => {
      await expectOnlyFinding(testCase);
    });
  }

  it('passes a headless Service without ports, an ExternalName with a trailing dot, a NodePort in range and a defaulted targetPort', async () => {
    const noIngress = { 'web/ingress-web.yaml': null };
    for (const changes of [
      { ...spec((s) => Object.assign(s, { clusterIP: 'None', ports: undefined })), ...noIngress },
      spec(externalName),
      spec((s) =>
        Object.assign(s, {
          type: 'NodePort',
          externalTrafficPolicy: 'Local',
          ports: [{ ...s.ports[0], nodePort: 30080 }],
        }),
      ),
      spec((s) => Object.assign(s, { ports: [{ name: 'http', port: 3000, targetPort: 0 }] })),
      spec((s) =>
        Object.assign(s, {
          type: 'LoadBalancer',
          loadBalancerClass: 'service.k8s.aws/nlb',
          loadBalancerSourceRanges: ['10.0.0.0/8'],
        }),
      ),
      spec((s) =>
        Object.assign(s, {
          sessionAffinity: 'ClientIP',
          sessionAffinityConfig: { clientIP: { timeoutSeconds: 86400 } },
        }),
      ),
    ]) {
      const findings = findingsOf(await validateFixture(changes));
      expect(findings.map((f) => `${f.rule} ${f.path}: ${f.message}`)).toEqual([]);
    }
  });
});
