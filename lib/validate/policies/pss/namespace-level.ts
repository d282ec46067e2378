import { ClusterIndex } from '../../cluster-index';
import { findingAt } from '../../load-documents';
import { annotationsOf, labelsOf, nameOf } from '../../kube-object';
import type { Rule } from '../../rule';
import type { Finding } from '../../types';
import { WAIVER_ANNOTATION_PREFIX } from '../../waivers';
import { BASELINE_CONTROLS } from './baseline';
import { RESTRICTED_CONTROLS } from './restricted';

const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

export const PSS_NAMESPACE_LEVEL_RULE = 'pss-namespace-level';

/**
 * A Namespace below `restricted` says which controls it relaxes and why: one waiver annotation per control
 * (`policy.platform/waive-pss-<control>: <reason>`), listed in validate's output. The enforced level must be the
 * one those waivers need: `baseline` when only restricted controls are waived, `privileged` only when a baseline
 * control is. The pod rules cannot see what charts render, so this is where a chart's privileged pods show up.
 */
export const pssNamespaceLevel: Rule = {
  id: PSS_NAMESPACE_LEVEL_RULE,
  category: 'reference',
  rationale: 'Every relaxation of the Pod Security Standards is named, explained and no wider than it needs to be.',
  check({ documents }) {
    const findings: Finding[] = [];
    for (const document of ClusterIndex.of(documents).ofKind('Namespace')) {
      const level = labelsOf(document.object)[ENFORCE_LABEL];
      const path = ['metadata', 'labels', ENFORCE_LABEL];
      const name = nameOf(document.object);
      // No label: the cluster's default level applies; this rule checks the relaxations we declare.
      if (level === undefined || level === 'restricted') continue;
      const annotations = annotationsOf(document.object);
      const waived = (ids: readonly string[]) =>
        ids.filter((id) => typeof annotations[`${WAIVER_ANNOTATION_PREFIX}${id}`] === 'string');
      const baseline = waived(BASELINE_CONTROLS.map((control) => control.id));
      const restricted = waived(RESTRICTED_CONTROLS.map((control) => control.id));
      const needed = baseline.length > 0 ? 'privileged' : restricted.length > 0 ? 'baseline' : 'restricted';
      if (level !== needed) {
        const why =
          needed === 'restricted'
            ? 'it waives no Pod Security Standards control'
            : `its waivers (${[...baseline, ...restricted].join(', ')}) need ${needed}`;
        findings.push(
          findingAt(
            document,
            PSS_NAMESPACE_LEVEL_RULE,
            path,
            `namespace "${name}" enforces ${JSON.stringify(level)}, but ${why}`,
            `${ENFORCE_LABEL}: ${needed}, or a ${WAIVER_ANNOTATION_PREFIX}pss-<control> annotation with a reason for each control its pods need relaxed`,
          ),
        );
      }
    }
    return findings;
  },
};
