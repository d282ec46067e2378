import { ClusterIndex } from '../cluster-index';
import { findingAt } from '../load-documents';
import { containersOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding } from '../types';

const DIGEST = /@sha256:[0-9a-f]{64}$/;

/** The tag of an image reference, ignoring a registry port (`host:5000/app`). */
export function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] ?? '';
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  return colon === -1 ? undefined : lastSegment.slice(colon + 1);
}

/** Images never float: no `latest` (or no tag) anywhere, and a digest in production. */
export const imagePinning: Rule = {
  id: 'image-pinning',
  category: 'policy',
  rationale: 'A pinned image is the one that was reviewed; production runs exactly the digest promoted from staging.',
  check({ documents, cluster }) {
    const production = cluster.environment === 'production';
    const findings: Finding[] = [];
    for (const template of ClusterIndex.of(documents).podTemplates) {
      for (const { container, path, name } of containersOf(template)) {
        const image = typeof container.image === 'string' ? container.image : '';
        const hasDigest = DIGEST.test(image);
        const tag = imageTag(image);
        if (!hasDigest && (tag === undefined || tag === 'latest')) {
          findings.push(
            findingAt(
              template.document,
              'image-pinning',
              [...path, 'image'],
              `container "${name}" image "${image}" floats (${tag === undefined ? 'no tag' : 'tag latest'})`,
              'a version tag, and a @sha256 digest in production',
            ),
          );
        } else if (production && !hasDigest) {
          findings.push(
            findingAt(
              template.document,
              'image-pinning',
              [...path, 'image'],
              `container "${name}" image "${image}" is not pinned by digest in production`,
              `${image}@sha256:<digest>`,
            ),
          );
        } else if (tag === 'latest') {
          findings.push(
            findingAt(
              template.document,
              'image-pinning',
              [...path, 'image'],
              `container "${name}" image "${image}" uses the tag latest`,
              'a version tag next to the digest',
            ),
          );
        }
      }
    }
    return findings;
  },
};
