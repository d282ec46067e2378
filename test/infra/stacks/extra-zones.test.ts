import { Testing } from 'cdktn';
import { describe, expect, it } from 'vitest';
import { defineCluster } from '../../../lib/model/cluster';
import { DnsStack } from '../../../infra/stacks/dns-stack';
import { TARGET_VERSIONS } from '../../../infra/stacks/environment-stack';
import { type TerraformJson } from '../../../infra/policies/terraform-json';
import { all, roleStatements, staging, synthStack } from '../helpers';
import { platformRoleName } from '../../../lib/naming';

const EXTRA = 'shop.example.org';
const cluster = defineCluster({ ...staging, ingress: { ...staging.ingress, extraZones: [EXTRA] } });

describe('ingress.extraZones: infra manages every zone app hosts may sit under', () => {
  it('phase 1 creates each extra zone, protected, and outputs its name servers for the delegation check', () => {
    const app = Testing.app({ context: { targetVersions: TARGET_VERSIONS } });
    const json = JSON.parse(
      Testing.synth(new DnsStack(app, `${cluster.name}-dns`, { cluster }), true),
    ) as TerraformJson & {
      output?: Record<string, { value: unknown }>;
    };
    const zones = all(json, 'aws_route53_zone');
    expect(zones.map((zone) => zone.name)).toEqual([cluster.baseDomain, EXTRA]);
    for (const zone of zones) expect(zone).toMatchObject({ lifecycle: { prevent_destroy: true } });
    expect(Object.keys(json.output?.['extra-zone-name-servers']?.value as object)).toEqual([EXTRA]);
  });

  it('phase 2 validates a certificate per zone in that zone and lets external-dns change those zones only', () => {
    const json = synthStack(cluster);
    const certificates = all(json, 'aws_acm_certificate');
    const covered = certificates.map(
      (certificate) => `${String(certificate.domain_name)} ${JSON.stringify(certificate.subject_alternative_names)}`,
    );
    expect(covered.sort()).toEqual(
      [`${EXTRA} ["*.${EXTRA}"]`, `${cluster.baseDomain} ["*.${cluster.baseDomain}"]`].sort(),
    );
    const zoneData = Object.keys(json.data?.aws_route53_zone ?? {});
    expect(zoneData).toHaveLength(2);
    const records = all(json, 'aws_route53_record');
    expect(records).toHaveLength(2);
    // Each validation record lives in its certificate's zone.
    expect(records.map((record) => String(record.zone_id)).sort()).toEqual(
      zoneData.map((id) => `\${data.aws_route53_zone.${id}.zone_id}`).sort(),
    );
    const change = roleStatements(json, platformRoleName(cluster, 'external-dns')).find(
      (statement) => statement.sid === 'ChangeClusterZones',
    );
    expect([...(change?.resources as string[])].sort()).toEqual(
      zoneData.map((id) => `\${data.aws_route53_zone.${id}.arn}`).sort(),
    );
  });

  it('a cluster without extra zones keeps one zone, one certificate and their resource ids', () => {
    const json = synthStack(staging);
    expect(all(json, 'aws_acm_certificate')).toHaveLength(1);
    expect(Object.keys(json.resource?.aws_acm_certificate ?? {})[0]).toMatch(/^edge_certificate_/);
  });
});
