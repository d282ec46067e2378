import { ClusterIndex } from '../cluster-index';
import { findingAt } from '../load-documents';
import { asArray, asRecord, containersOf, kindOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding, ManifestDocument } from '../types';

/** Words that make a name say "this is a credential", wherever they appear in it. */
const CREDENTIAL_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'token',
  'credential',
  'credentials',
  'apikey',
]);
/** Two adjacent words that together name a credential (`API_KEY`, `privateKey`). */
const CREDENTIAL_PAIRS = new Set([
  'api key',
  'access key',
  'secret key',
  'private key',
  'client secret',
  'auth token',
  'signing key',
  'encryption key',
]);
/** A last word that makes the name about a credential rather than the credential itself (`TOKEN_FILE`, `SECRET_NAME`). */
const REFERENCE_WORDS = new Set([
  'file',
  'path',
  'dir',
  'name',
  'ref',
  'arn',
  'id',
  'url',
  'uri',
  'endpoint',
  'header',
  'type',
  'ttl',
  'seconds',
  'timeout',
  'enabled',
  'length',
  'mount',
]);

/** The words of a name: split at `_`, `.`, `-` and camelCase humps, lower-cased. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

/** Whether a name says it holds a credential: a credential word anywhere, unless it only refers to one. */
export function namesCredential(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0 || REFERENCE_WORDS.has(words[words.length - 1] ?? '')) return false;
  return words.some(
    (word, index) => CREDENTIAL_WORDS.has(word) || (index > 0 && CREDENTIAL_PAIRS.has(`${words[index - 1]} ${word}`)),
  );
}

/** Literal values that are settings, not secrets, whatever the name (`TOKEN_TTL: 3600`, `true`). */
const SETTING_VALUE = /^(true|false|yes|no|[0-9]+(\.[0-9]+)?(ms|s|m|h|d)?)$/i;

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
  if (value.trim() !== '' && !SETTING_VALUE.test(value.trim()) && namesCredential(name)) {
    return `"${name}" names a credential and has a literal value`;
  }
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
    for (const template of ClusterIndex.of(documents).podTemplates) {
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
