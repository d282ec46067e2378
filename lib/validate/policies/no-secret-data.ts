import { findingAt } from '../load-documents';
import { asRecord, apiVersionOf, kindOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding } from '../types';

/** No `Secret` carries data in git; secret values come from AWS Secrets Manager through ExternalSecrets. */
export const noSecretData: Rule = {
  id: 'no-secret-data',
  category: 'policy',
  rationale: 'Anything in git is readable by everyone with the repository; secrets come through ExternalSecrets.',
  check({ documents }) {
    const findings: Finding[] = [];
    for (const document of documents) {
      if (kindOf(document.object) !== 'Secret' || apiVersionOf(document.object) !== 'v1') continue;
      for (const field of ['data', 'stringData']) {
        if (Object.keys(asRecord(document.object[field])).length > 0) {
          findings.push(
            findingAt(
              document,
              'no-secret-data',
              [field],
              `Secret holds values in ${field}`,
              'an ExternalSecret that reads the values from AWS Secrets Manager',
            ),
          );
        }
      }
    }
    return findings;
  },
};
