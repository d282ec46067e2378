import type { ClusterTarget, Finding, ManifestDocument } from './types';

/** What a rule sees: one cluster's documents (rules never compare clusters). */
export interface ClusterContext {
  readonly cluster: ClusterTarget;
  readonly documents: readonly ManifestDocument[];
  /** Repository root, for rules that check paths (Argo CD Application sources). */
  readonly repoRoot: string;
}

/** Policies can be waived per resource with an annotation; API-server rules and reference checks cannot. */
export type RuleCategory = 'api' | 'policy' | 'reference';

export interface Rule {
  /** Stable id, used in output and in waiver annotations. */
  readonly id: string;
  readonly category: RuleCategory;
  /** One line: why the rule exists. */
  readonly rationale: string;
  check(context: ClusterContext): Finding[] | Promise<Finding[]>;
}
