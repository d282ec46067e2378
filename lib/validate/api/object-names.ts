import { findingAt } from '../load-documents';
import { apiVersionOf, asRecord, groupOf, kindOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding } from '../types';
import { dns1035Label, dns1123Label, dns1123Subdomain, pathSegmentName } from './name-syntax';

interface NameRule {
  readonly syntax: (name: string) => string[];
  readonly what: string;
  /** A shorter limit than the syntax's, and why. */
  readonly maxLength?: readonly [number, string];
}

const SUBDOMAIN: NameRule = { syntax: dns1123Subdomain, what: 'a DNS-1123 subdomain (at most 253 characters)' };
const RBAC = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** How the API server validates `metadata.name` of each kind (pkg/apis/<group>/validation). */
function nameRuleOf(group: string, kind: string): NameRule {
  if (group === '' && kind === 'Namespace')
    return { syntax: dns1123Label, what: 'a DNS-1123 label (at most 63 characters)' };
  if (group === '' && kind === 'Service')
    return { syntax: dns1035Label, what: 'a DNS-1035 label (at most 63 characters, starting with a letter)' };
  if (group === 'rbac.authorization.k8s.io' && RBAC.has(kind))
    return { syntax: pathSegmentName, what: "a path segment (no '/' or '%')" };
  if (group === 'batch' && kind === 'CronJob')
    return { ...SUBDOMAIN, maxLength: [52, 'the CronJob controller appends 11 characters to name its Jobs'] };
  if (group === 'batch' && kind === 'Job')
    return { ...SUBDOMAIN, maxLength: [63, "the Job name becomes the value of its pods' job-name label"] };
  return SUBDOMAIN;
}

/** `metadata.name` and `metadata.namespace` have the syntax the API server requires for the kind. */
export const objectNames: Rule = {
  id: 'api-object-name',
  category: 'api',
  rationale: 'The API server rejects an object whose name or namespace does not have the syntax of its kind.',
  check({ documents }) {
    const findings: Finding[] = [];
    for (const document of documents) {
      const { object } = document;
      const name = object.metadata?.name;
      const kind = kindOf(object);
      if (kind === '') continue;
      const rule = nameRuleOf(groupOf(apiVersionOf(object)), kind);
      if (typeof name !== 'string' || name === '') {
        if (asRecord(object.metadata).generateName === undefined) {
          findings.push(findingAt(document, 'api-object-name', ['metadata', 'name'], 'name is required', rule.what));
        }
      } else {
        const problems = rule.syntax(name);
        if (rule.maxLength !== undefined && name.length > rule.maxLength[0]) {
          problems.push(
            `must be no more than ${rule.maxLength[0]} characters (is ${name.length}): ${rule.maxLength[1]}`,
          );
        }
        if (problems.length > 0) {
          findings.push(
            findingAt(
              document,
              'api-object-name',
              ['metadata', 'name'],
              `${kind} name ${JSON.stringify(name)}: ${problems.join('; ')}`,
              rule.what,
            ),
          );
        }
      }
      const namespace = object.metadata?.namespace;
      if (typeof namespace === 'string' && namespace !== '') {
        const problems = dns1123Label(namespace);
        if (problems.length > 0) {
          findings.push(
            findingAt(
              document,
              'api-object-name',
              ['metadata', 'namespace'],
              `namespace ${JSON.stringify(namespace)}: ${problems.join('; ')}`,
              'a DNS-1123 label (at most 63 characters)',
            ),
          );
        }
      }
    }
    return findings;
  },
};
