import type { PathSegments } from '../json-path';
import { findingAt } from '../load-documents';
import { apiVersionOf, asArray, asRecord, kindOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding } from '../types';

/**
 * Service fields the API server accepts but the Service's type ignores: what kubectl prints as warnings
 * (pkg/api/service/warnings.go), plus a selector on an ExternalName Service, for which no endpoints are made.
 * Each one means the Service does not do what its author wrote.
 */
export const serviceIgnoredFields: Rule = {
  id: 'service-ignored-fields',
  category: 'policy',
  rationale:
    'A field that the Service type ignores (a selector on ExternalName, externalName on ClusterIP) hides a Service that does not do what it says.',
  check({ documents }) {
    const findings: Finding[] = [];
    for (const document of documents) {
      if (kindOf(document.object) !== 'Service' || apiVersionOf(document.object) !== 'v1') continue;
      const add = (path: PathSegments, message: string, expected: string) =>
        findings.push(findingAt(document, 'service-ignored-fields', path, message, expected));
      const spec = asRecord(document.object.spec);
      const type = spec.type ?? 'ClusterIP';
      const headless = type === 'ClusterIP' && spec.clusterIP === 'None';
      if (type === 'ExternalName') {
        if (Object.keys(asRecord(spec.selector)).length > 0)
          add(
            ['spec', 'selector'],
            'spec.selector is ignored when spec.type is "ExternalName": the Service is a DNS CNAME and selects no pods',
            'no selector, or type ClusterIP to load-balance the selected pods',
          );
        if (asArray(spec.externalIPs).length > 0)
          add(
            ['spec', 'externalIPs'],
            'spec.externalIPs is ignored when spec.type is "ExternalName"',
            'no externalIPs',
          );
      } else if (typeof spec.externalName === 'string' && spec.externalName !== '') {
        add(
          ['spec', 'externalName'],
          `spec.externalName is ignored when spec.type is not "ExternalName" (it is ${JSON.stringify(type)})`,
          'type ExternalName, or no externalName',
        );
      }
      if (headless) {
        if (typeof spec.loadBalancerIP === 'string' && spec.loadBalancerIP !== '')
          add(['spec', 'loadBalancerIP'], 'spec.loadBalancerIP is ignored for headless services', 'no loadBalancerIP');
        if (asArray(spec.externalIPs).length > 0)
          add(['spec', 'externalIPs'], 'spec.externalIPs is ignored for headless services', 'no externalIPs');
        if (spec.sessionAffinity !== undefined && spec.sessionAffinity !== 'None')
          add(
            ['spec', 'sessionAffinity'],
            'spec.sessionAffinity is ignored for headless services',
            'no sessionAffinity',
          );
      }
    }
    return findings;
  },
};
