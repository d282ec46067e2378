import { ClusterIndex } from '../cluster-index';
import { findingAt } from '../load-documents';
import { asArray, asRecord, containersOf, kindOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding, ManifestDocument } from '../types';

/** Names that say "this is a credential" (as a whole word of an env var or config key). */
const CREDENTIAL_NAME =
  /(^|[_.-])(password|passwd|pwd|secret|client[_-]?secret|token|auth[_-]?token|api[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|credentials?)$/i;

/** Values that look like a credential whatever their name. */
const CREDENTIAL_VALUES: readonly (readonly [RegExp, string])[] = [
  [/\bA(KIA|SIA)[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, 'a URL with a password'],
  [/\b(ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{20,}\b/, 'a GitHub token'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}\b/, 'a Slack token'],
  [/\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\./, 'a JSON web token'],
];

/** Why a name/value pair looks like a credential, or undefined. */
export function credentialReason(name: string, value: string): string | undefined {
  for (const [pattern, what] of CREDENTIAL_VALUES) if (pattern.test(value)) return `value looks like ${what}`;
  if (value.trim() !== '' && CREDENTIAL_NAME.test(name)) return `"${name}" names a credential and has a literal value`;
  return undefined;
}

const EXPECTED = 'a secretKeyRef to a Secret filled by an ExternalSecret (values live in AWS Secrets Manager)';

/** No credential-looking literal in container env or ConfigMaps. */
export const noCredentialLiterals: Rule = {
  id: 'no-credential-literals',
  category: 'policy',
  rationale: 'A credential typed into env or a ConfigMap ends up in git and in every log of the object.',
  check({ documents }) {
    const findings: Finding[] = [];
    const add = (document: ManifestDocument, path: (string | number)[], reason: string) =>
      findings.push(findingAt(document, 'no-credential-literals', path, reason, EXPECTED));
    for (const template of new ClusterIndex(documents).podTemplates) {
      for (const { container, path } of containersOf(template)) {
        asArray(container.env).forEach((raw, index) => {
          const env = asRecord(raw);
          if (typeof env.value !== 'string') return;
          const reason = credentialReason(String(env.name), env.value);
          if (reason !== undefined) add(template.document, [...path, 'env', index, 'value'], reason);
        });
      }
    }
    for (const document of documents) {
      if (kindOf(document.object) !== 'ConfigMap') continue;
      for (const [key, value] of Object.entries(asRecord(document.object.data))) {
        if (typeof value !== 'string') continue;
        const reason = credentialReason(key, value);
        if (reason !== undefined) add(document, ['data', key], reason);
      }
    }
    return findings;
  },
};
