import path from 'node:path';
import { byCodePoint } from '../../order';
import { toJsonPath } from '../json-path';
import { lineOf } from '../load-documents';
import type { UncheckedRule } from '../types';
import type { UncheckedRuleHit } from './structural-check';

/** Collects the CEL rules that were not evaluated, one entry per schema, rule and reason. */
export class UncheckedRules {
  private readonly entries = new Map<string, { entry: Omit<UncheckedRule, 'objects'>; objects: number }>();

  constructor(
    private readonly cluster: string,
    private readonly schemaDir: string,
  ) {}

  add(schemaFile: string, hits: readonly UncheckedRuleHit[]): void {
    for (const hit of hits) {
      const schema = path.relative(this.schemaDir, schemaFile).split(path.sep).join('/');
      const key = `${schema}|${hit.rule}|${hit.reason}`;
      const existing = this.entries.get(key);
      if (existing !== undefined) {
        existing.objects++;
        continue;
      }
      const line = lineOf(hit.document, hit.path);
      const segments = hit.document.item === undefined ? hit.path : ['items', hit.document.item, ...hit.path];
      this.entries.set(key, {
        entry: {
          cluster: this.cluster,
          schema,
          rule: hit.rule,
          reason: hit.reason,
          example: `${hit.document.file}${line === undefined ? '' : `:${line}`} ${toJsonPath(segments)}`,
        },
        objects: 1,
      });
    }
  }

  list(): UncheckedRule[] {
    return [...this.entries.values()]
      .map(({ entry, objects }) => ({ ...entry, objects }))
      .sort((a, b) => byCodePoint(a.schema, b.schema) || byCodePoint(a.rule, b.rule));
  }
}
