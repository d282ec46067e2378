import { describe, expect, it } from 'vitest';
import { locateLine } from '../../../lib/validate/read/block-line-locator';

const TEXT = `# header
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    'app.kubernetes.io/name': web
spec:
  template:
    spec:
      containers:
        - name: web
          env:
          - name: A
            value: "1"
        - name: sidecar
          args: [a, b]
---
kind: ConfigMap
data:
  A: |
    text
  B: x
`;

describe('locateLine', () => {
  const at = (index: number, ...segments: (string | number)[]) => locateLine({}, TEXT, index, segments);

  it('finds scalars, quoted keys, sequence items and maps, as the YAML parser reports them', () => {
    expect(at(0, 'kind')).toBe(3);
    expect(at(0, 'metadata')).toBe(5);
    expect(at(0, 'metadata', 'labels', 'app.kubernetes.io/name')).toBe(7);
    expect(at(0, 'spec', 'template', 'spec', 'containers', 1)).toBe(16);
    expect(at(0, 'spec', 'template', 'spec', 'containers', 0, 'env', 0, 'value')).toBe(15);
    expect(at(1, 'data', 'B')).toBe(23);
  });

  it('points at the deepest node that exists when the path leaves the document', () => {
    expect(at(0, 'metadata', 'namespace')).toBe(5);
    expect(at(0, 'spec', 'template', 'spec', 'containers', 5)).toBe(12);
  });

  it('gives up (undefined) inside flow collections, so the caller parses the file', () => {
    expect(at(0, 'spec', 'template', 'spec', 'containers', 1, 'args', 0)).toBeUndefined();
  });
});
