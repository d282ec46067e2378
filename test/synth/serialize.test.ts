import { describe, expect, it } from 'vitest';
import { toYaml } from '../../lib/synth/serialize';

describe('toYaml', () => {
  it('puts apiVersion, kind and metadata first and sorts every other key', () => {
    const text = toYaml({
      metadata: { name: 'x', labels: { b: '1', a: '2' } },
      data: { Z: '1', A: '2' },
      kind: 'ConfigMap',
      apiVersion: 'v1',
    });
    expect(text).toBe(
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  labels:',
        '    a: "2"',
        '    b: "1"',
        '  name: x',
        'data:',
        '  A: "2"',
        '  Z: "1"',
        '',
      ].join('\n'),
    );
  });

  it('quotes strings that Kubernetes would read as booleans, numbers or timestamps', () => {
    const text = toYaml({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: { A: 'yes', B: 'on', C: '2025-01-01', D: '1.10', E: 'plain' },
    });
    expect(text).toContain('A: "yes"\n  B: "on"\n  C: "2025-01-01"\n  D: "1.10"\n  E: plain\n');
  });

  it('drops undefined values and never emits anchors for shared objects', () => {
    const shared = { app: 'web' };
    const text = toYaml({ apiVersion: 'v1', kind: 'List', a: shared, b: shared, c: undefined });
    expect(text).not.toContain('&');
    expect(text).not.toContain('c:');
  });
});
