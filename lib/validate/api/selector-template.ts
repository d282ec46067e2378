import { findingAt } from '../load-documents';
import { apiVersionOf, asArray, asRecord, getIn, groupOf, kindOf, labelSelectorMatches } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding } from '../types';

const CONTROLLERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

function isEmptySelector(selector: Record<string, unknown>): boolean {
  return Object.keys(asRecord(selector.matchLabels)).length === 0 && asArray(selector.matchExpressions).length === 0;
}

/**
 * A Deployment, StatefulSet, DaemonSet or ReplicaSet has a non-empty selector that matches its pod template's
 * labels (apps/v1 validation: "`selector` does not match template `labels`").
 */
export const selectorTemplate: Rule = {
  id: 'api-selector',
  category: 'api',
  rationale: 'The API server rejects a controller whose selector is empty or does not select its own pod template.',
  check({ documents }) {
    const findings: Finding[] = [];
    for (const document of documents) {
      const { object } = document;
      if (!CONTROLLERS.has(kindOf(object)) || groupOf(apiVersionOf(object)) !== 'apps') continue;
      const selector = getIn(object, ['spec', 'selector']);
      if (selector === undefined) continue; // the schema reports the missing required field
      const labels = asRecord(getIn(object, ['spec', 'template', 'metadata', 'labels']));
      if (isEmptySelector(asRecord(selector))) {
        findings.push(
          findingAt(
            document,
            'api-selector',
            ['spec', 'selector'],
            `${kindOf(object)} selector is empty`,
            'matchLabels or matchExpressions that select the pod template',
          ),
        );
      } else if (!labelSelectorMatches(selector, labels)) {
        findings.push(
          findingAt(
            document,
            'api-selector',
            ['spec', 'template', 'metadata', 'labels'],
            `selector ${JSON.stringify(selector)} does not match template labels ${JSON.stringify(labels)}`,
            'template labels that the selector matches (every matchLabels entry, every matchExpressions term)',
          ),
        );
      }
    }
    return findings;
  },
};
