import { findingAt } from './load-documents';
import { annotationsOf, describeResource } from './kube-object';
import type { Rule } from './rule';
import type { Finding, ManifestDocument, Waiver } from './types';

/**
 * A resource opts out of a policy with `policy.platform/waive-<policy id>: "<reason>"`. The reason is
 * required; every waiver is listed in the output so reviewers see each exception.
 */
export const WAIVER_ANNOTATION_PREFIX = 'policy.platform/waive-';

export const WAIVER_RULE = 'waiver';

export interface WaiverScan {
  /** `file#index|rule` -> waiver. */
  readonly waivers: Map<string, Waiver>;
  readonly findings: Finding[];
}

export function waiverKey(file: string, documentIndex: number, rule: string, item?: number): string {
  return `${file}#${documentIndex}${item === undefined ? '' : `/${item}`}|${rule}`;
}

/** Reads every waiver annotation of a cluster; empty reasons and unknown policies are errors. */
export function scanWaivers(documents: readonly ManifestDocument[], rules: readonly Rule[]): WaiverScan {
  const policies = new Set(rules.filter((rule) => rule.category === 'policy').map((rule) => rule.id));
  const waivers = new Map<string, Waiver>();
  const findings: Finding[] = [];
  for (const document of documents) {
    for (const [key, value] of Object.entries(annotationsOf(document.object))) {
      if (!key.startsWith(WAIVER_ANNOTATION_PREFIX)) continue;
      const rule = key.slice(WAIVER_ANNOTATION_PREFIX.length);
      const path = ['metadata', 'annotations', key];
      if (!policies.has(rule)) {
        findings.push(
          findingAt(
            document,
            WAIVER_RULE,
            path,
            `waiver names unknown policy "${rule}"`,
            `one of: ${[...policies].sort().join(', ')}`,
          ),
        );
        continue;
      }
      const reason = typeof value === 'string' ? value.trim() : '';
      if (reason === '') {
        findings.push(
          findingAt(
            document,
            WAIVER_RULE,
            path,
            `waiver of "${rule}" gives no reason`,
            'a one-line reason why the policy does not apply',
          ),
        );
        continue;
      }
      waivers.set(waiverKey(document.file, document.index, rule, document.item), {
        rule,
        cluster: document.cluster,
        file: document.file,
        documentIndex: document.index,
        resource: describeResource(document.object),
        reason,
      });
    }
  }
  return { waivers, findings };
}
