import { ClusterIndex } from '../../cluster-index';
import type { PathSegments } from '../../json-path';
import { findingAt } from '../../load-documents';
import { asRecord, containersOf, getIn, type ContainerRef, type PodTemplate } from '../../kube-object';
import type { Rule } from '../../rule';
import type { Finding } from '../../types';

/** What a control reports: where, what is wrong, what is allowed. */
export type Report = (path: PathSegments, message: string, expected: string) => void;

/** One pod template as the Pod Security Standards see it: pod-level fields and every container. */
export interface PodView {
  readonly template: PodTemplate;
  readonly spec: Record<string, unknown>;
  readonly specPath: PathSegments;
  readonly podContext: Record<string, unknown>;
  /** initContainers, containers and ephemeralContainers. */
  readonly containers: readonly ContainerRef[];
  /** `spec.os.name: windows`: the restricted controls upstream exempts such pods from. */
  readonly windows: boolean;
}

export interface PssControl {
  /** Finding and waiver id, `pss-<control>`. */
  readonly id: string;
  readonly level: 'baseline' | 'restricted';
  readonly rationale: string;
  check(pod: PodView, report: Report): void;
}

/** Turns a control into a policy rule of its own, so that a waiver switches off exactly this control. */
export function pssRule(control: PssControl): Rule {
  return {
    id: control.id,
    category: 'policy',
    rationale: `Pod Security Standards ${control.level}: ${control.rationale}`,
    check({ documents }) {
      const findings: Finding[] = [];
      for (const template of ClusterIndex.of(documents).podTemplates) {
        const pod: PodView = {
          template,
          spec: template.spec,
          specPath: template.specPath,
          podContext: asRecord(template.spec.securityContext),
          containers: containersOf(template),
          windows: getIn(template.spec, ['os', 'name']) === 'windows',
        };
        control.check(pod, (path, message, expected) =>
          findings.push(findingAt(template.document, control.id, path, message, expected)),
        );
      }
      return findings;
    },
  };
}

/** The container's securityContext and its path. */
export function containerContext(container: ContainerRef): { context: Record<string, unknown>; at: PathSegments } {
  return { context: asRecord(container.container.securityContext), at: [...container.path, 'securityContext'] };
}
