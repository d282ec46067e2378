import { AcmCertificate } from '@cdktn/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktn/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktn/provider-aws/lib/route53-record';
import { DataAwsRoute53Zone } from '@cdktn/provider-aws/lib/data-aws-route53-zone';
import { Wafv2WebAcl, type Wafv2WebAclRule } from '@cdktn/provider-aws/lib/wafv2-web-acl';
import { Construct } from 'constructs';

/** AWS managed rule groups every web ACL evaluates after the rate limit, in this order. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
];

export interface EdgeProps {
  /** Public hosted zone (the cluster's base domain), created and delegated in phase 1 (the dns stack). */
  readonly zoneName: string;
  /** Names on the certificate: the first is its domain name, the rest subject alternative names. */
  readonly certificateDomainNames: readonly string[];
  /**
   * More zones app hosts may sit under (`ingress.extraZones`), also created in phase 1: each gets its own
   * certificate for the zone and its first-level subdomains, validated in that zone. @default none
   */
  readonly extraZoneNames?: readonly string[];
  readonly webAclName: string;
  /** Requests per client IP per minute before the WAF blocks it. */
  readonly rateLimitPerMinute: number;
}

/**
 * The cluster's front door: its public DNS zone (read: phase 1 created it), a DNS-validated ACM certificate for the zone and its
 * first-level subdomains, and a regional WAFv2 web ACL for the load balancers (per-IP rate limit, then AWS
 * managed rule groups).
 */
export class Edge extends Construct {
  readonly zone: DataAwsRoute53Zone;
  readonly certificate: AcmCertificate;
  /** Every zone of the cluster, the base domain's first. */
  readonly zones: readonly DataAwsRoute53Zone[];
  readonly webAcl: Wafv2WebAcl;

  constructor(scope: Construct, id: string, props: EdgeProps) {
    super(scope, id);
    const base = validatedCertificate(this, '', props.zoneName, props.certificateDomainNames);
    this.zone = base.zone;
    this.certificate = base.certificate;
    const extra = (props.extraZoneNames ?? []).map((zone) =>
      validatedCertificate(this, `-${zone}`, zone, [zone, `*.${zone}`]),
    );
    this.zones = [base.zone, ...extra.map((entry) => entry.zone)];

    const visibility = (metricName: string) => ({
      cloudwatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const rules: Wafv2WebAclRule[] = [
      {
        name: 'rate-limit-per-ip',
        priority: 0,
        action: { block: {} },
        statement: {
          rate_based_statement: {
            limit: props.rateLimitPerMinute,
            evaluation_window_sec: 60,
            aggregate_key_type: 'IP',
          },
        },
        visibilityConfig: visibility(`${props.webAclName}-rate-limit-per-ip`),
      },
      ...MANAGED_RULE_GROUPS.map((group, index) => ({
        name: group,
        priority: index + 1,
        overrideAction: { none: {} },
        statement: { managed_rule_group_statement: { name: group, vendor_name: 'AWS' } },
        visibilityConfig: visibility(`${props.webAclName}-${group}`),
      })),
    ];
    this.webAcl = new Wafv2WebAcl(this, 'web-acl', {
      name: props.webAclName,
      description: `Load balancers of ${props.zoneName}`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: visibility(props.webAclName),
    });
  }
}

/**
 * A zone (read: phase 1 created it) and a DNS-validated certificate for the given names in it. The ids of the
 * base zone's resources carry no suffix, so adding extra zones never replaces them.
 */
function validatedCertificate(
  scope: Construct,
  suffix: string,
  zoneName: string,
  names: readonly string[],
): { zone: DataAwsRoute53Zone; certificate: AcmCertificate } {
  const [domainName, ...alternativeNames] = names;
  if (domainName === undefined) throw new Error('the certificate needs at least one domain name');
  // Phase 2 runs only once the zone exists and is delegated (infra.yml), so the validation below resolves.
  const zone = new DataAwsRoute53Zone(scope, `zone${suffix}`, { name: zoneName, privateZone: false });
  const certificate = new AcmCertificate(scope, `certificate${suffix}`, {
    domainName,
    subjectAlternativeNames: alternativeNames,
    validationMethod: 'DNS',
    keyAlgorithm: 'EC_prime256v1',
    lifecycle: { createBeforeDestroy: true },
    tags: { Name: zoneName },
  });
  // The apex and its wildcard share one validation record, so the first option covers every name.
  const validation = certificate.domainValidationOptions.get(0);
  const validationRecord = new Route53Record(scope, `certificate-validation-record${suffix}`, {
    zoneId: zone.zoneId,
    name: validation.resourceRecordName,
    type: validation.resourceRecordType,
    records: [validation.resourceRecordValue],
    ttl: 300,
    allowOverwrite: true,
  });
  new AcmCertificateValidation(scope, `certificate-validation${suffix}`, {
    certificateArn: certificate.arn,
    validationRecordFqdns: [validationRecord.fqdn],
  });
  return { zone, certificate };
}
