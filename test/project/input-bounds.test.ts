import { describe, expect, it } from 'vitest';
import { resolveCluster, stagingCluster, webService } from '../platform/fixtures';
import { resolveProject } from '../../lib/project/resolve';
import { Environment } from '../../lib/model/environment';
import { cluster, problemsOf, project } from '../support/project';

const problems = (...args: Parameters<typeof resolveCluster>) => problemsOf(() => resolveCluster(...args));

describe('input the Kubernetes API or the cluster would not take', () => {
  it('refuses a host outside the cluster base domain, which its external-dns never publishes', () => {
    const definition = stagingCluster();
    expect(problems(definition, [webService({ ingress: { host: 'www.example.org' } })])).toEqual([
      `apps/gateway/index.ts: cluster "staging", app "gateway": ingress.host: host "www.example.org" is not under the cluster's base domain "${definition.baseDomain}": its external-dns publishes and its certificate covers only that zone; use a name such as "www" (www.${definition.baseDomain}), or list the host's zone in ingress.extraZones of clusters/staging.ts`,
    ]);
    expect(problems(definition, [webService({ ingress: { host: `shop.${definition.baseDomain}` } })])).toEqual([]);
  });

  it('accepts a host under a zone listed in ingress.extraZones, and names those zones when a host is under none', () => {
    const definition = stagingCluster({ ingress: { extraZones: ['shop.example.org', 'example.net'] } });
    expect(problems(definition, [webService({ ingress: { host: 'www.shop.example.org' } })])).toEqual([]);
    expect(problems(definition, [webService({ ingress: { host: 'www.example.org' } })])).toEqual([
      `apps/gateway/index.ts: cluster "staging", app "gateway": ingress.host: host "www.example.org" is not under the cluster's base domain "${definition.baseDomain}" or its extra zones (example.net, shop.example.org): external-dns publishes only those; use a name such as "www" (www.${definition.baseDomain}), or add the host's zone to ingress.extraZones of clusters/staging.ts`,
    ]);
  });

  it('refuses an extra zone that is no zone, or lies under the base domain', () => {
    const definition = stagingCluster({ ingress: { extraZones: ['Shop!', 'eu.staging.example.com'] } });
    expect(problems(definition, [])).toEqual([
      'clusters/staging.ts: cluster "staging": ingress.extraZones[0]: "Shop!" is not a valid host name: lower-case DNS labels separated by dots (for example "api" or "api.example.com")',
      'clusters/staging.ts: cluster "staging": ingress.extraZones[1]: "eu.staging.example.com" is already under the base domain "staging.example.com"; list only zones outside it',
    ]);
  });

  it('refuses an extra zone another cluster has, whose external-dns would fight over its records', () => {
    const input = project(
      [],
      [
        cluster('staging', {}, { ingress: { extraZones: ['example.net'] } }),
        cluster('production', {}, { ingress: { extraZones: ['example.net'] } }),
      ],
    );
    expect(problemsOf(() => resolveProject(input))).toContain(
      'clusters/production.ts: cluster "production": ingress.extraZones: "example.net" is also a zone of cluster "staging" (clusters/staging.ts); each zone belongs to one cluster, whose external-dns owns its records',
    );
  });

  it('refuses replicas no cluster has room for, and says a string is not a number', () => {
    expect(problems(stagingCluster(), [webService({ autoscaling: undefined, replicas: 1e9 })])).toContain(
      'apps/gateway/index.ts: app "gateway": replicas: 1000000000 is more than 1000, the most this repository allows',
    );
    expect(
      problems(stagingCluster(), [webService({ autoscaling: { minReplicas: 2, maxReplicas: '6' as never } })]),
    ).toContain('apps/gateway/index.ts: app "gateway": autoscaling.maxReplicas: "6" is a string; write a number');
  });

  it('calls a port given as a string a type error, not out of range', () => {
    expect(problems(stagingCluster(), [webService({ ports: [{ name: 'http', port: '8000' as never }] })])).toContain(
      'apps/gateway/index.ts: app "gateway": ports[0].port: "8000" is a string: a port is a number from 1 to 65535 (write 8080, not "8080")',
    );
  });

  it('refuses config that would not fit in a ConfigMap (1 MiB), and does not echo the huge value', () => {
    const found = problems(stagingCluster(), [webService({ config: { BLOB: 'x'.repeat(2 * 1024 * 1024) } })]);
    expect(found).toContain(
      'apps/gateway/index.ts: app "gateway": config: holds 2.0 MiB; its ConfigMap may hold at most 1 MiB (the Kubernetes API limit): mount large data from a volume or fetch it from S3',
    );
    const wrongType = problems(stagingCluster(), [webService({ config: { BLOB: ['y'.repeat(500)] as never } })]);
    expect(wrongType.join('\n')).toContain('... (504 characters)');
    expect(wrongType.join('\n').length).toBeLessThan(400);
  });
});

describe('the Kubernetes API endpoint', () => {
  it('refuses a malformed CIDR, and 0.0.0.0/0 for production, before infra ever sees them', () => {
    const staging = cluster('staging', {}, { apiPublicAccessCidrs: ['203.0.113.0/24', '203.0.113/24'] });
    const production = cluster(
      'production',
      {},
      { environment: Environment.PRODUCTION, apiPublicAccessCidrs: ['0.0.0.0/0'] },
    );
    expect(problemsOf(() => resolveProject(project([], [staging, production])))).toEqual([
      'clusters/staging.ts: cluster "staging": apiPublicAccessCidrs[1]: "203.0.113/24" is not an IPv4 CIDR block (for example "10.20.0.0/16")',
      'clusters/production.ts: cluster "production": apiPublicAccessCidrs[0]: opens production\'s Kubernetes API to the whole internet; list your VPN or office egress CIDRs, or leave apiPublicAccessCidrs out (private endpoint)',
    ]);
  });
});

describe('what clusters may not share', () => {
  it('refuses a copy-pasted base domain and an overlapping VPC range, naming the other cluster', () => {
    const staging = cluster('staging', {}, { baseDomain: 'example.org', vpcCidr: '10.20.0.0/16' });
    const copy = cluster('production-eu', {}, { baseDomain: 'example.org', vpcCidr: '10.20.128.0/17' });
    expect(problemsOf(() => resolveProject(project([], [staging, copy])))).toEqual([
      'clusters/staging.ts: cluster "staging": baseDomain: "example.org" is also the base domain of cluster "production-eu" (clusters/production-eu.ts); each cluster needs its own zone: external-dns and the certificate of one would serve the other\'s hosts',
      'clusters/staging.ts: cluster "staging": vpcCidr: 10.20.0.0/16 overlaps 10.20.128.0/17, the VPC of cluster "production-eu" (clusters/production-eu.ts); give each cluster its own range so the VPCs can be peered and routed',
      'clusters/production-eu.ts: cluster "production-eu": baseDomain: "example.org" is also the base domain of cluster "staging" (clusters/staging.ts); each cluster needs its own zone: external-dns and the certificate of one would serve the other\'s hosts',
      'clusters/production-eu.ts: cluster "production-eu": vpcCidr: 10.20.128.0/17 overlaps 10.20.0.0/16, the VPC of cluster "staging" (clusters/staging.ts); give each cluster its own range so the VPCs can be peered and routed',
    ]);
    const apart = cluster('production-eu', {}, { baseDomain: 'eu.example.org', vpcCidr: '10.21.0.0/16' });
    expect(problemsOf(() => resolveProject(project([], [staging, apart])))).toEqual([]);
  });
});
