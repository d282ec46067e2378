type Schema = Record<string, unknown>;

/** `group/version/Kind` -> definition name, from `x-kubernetes-group-version-kind`. */
export type GvkIndex = Record<string, string>;

export function gvkKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

function definitionsOf(document: unknown): Record<string, Schema> {
  const definitions = (document as { definitions?: unknown } | null)?.definitions;
  if (typeof definitions !== 'object' || definitions === null) {
    throw new Error('Kubernetes schema file has no "definitions" object');
  }
  return definitions as Record<string, Schema>;
}

/** Indexes the top-level kinds of an openapi2jsonschema `_definitions.json`. */
export function indexKinds(document: unknown): GvkIndex {
  const index: GvkIndex = {};
  for (const [name, definition] of Object.entries(definitionsOf(document))) {
    const gvks = definition['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks) || gvks.length !== 1) continue; // several GVKs: shared types such as DeleteOptions
    const gvk = gvks[0] as { group?: string; version?: string; kind?: string };
    index[gvkKey(gvk.group ?? '', gvk.version ?? '', gvk.kind ?? '')] = name;
  }
  return index;
}

const REF_PREFIX = '#/definitions/';

function collectRefs(value: unknown, into: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, sub] of Object.entries(value)) {
      if (key === '$ref' && typeof sub === 'string' && sub.startsWith(REF_PREFIX))
        into.push(sub.slice(REF_PREFIX.length));
      else collectRefs(sub, into);
    }
  }
}

/**
 * A self-contained schema for one kind: a `$ref` to its definition plus only the definitions it reaches, so
 * that ajv compiles a few dozen definitions instead of the whole file.
 */
export function kindSchema(document: unknown, definitionName: string): Schema {
  const definitions = definitionsOf(document);
  const reached: Record<string, Schema> = {};
  const queue = [definitionName];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (name in reached) continue;
    const definition = definitions[name];
    if (definition === undefined) throw new Error(`definition "${name}" is referenced but missing`);
    reached[name] = definition;
    const refs: string[] = [];
    collectRefs(definition, refs);
    queue.push(...refs);
  }
  return { $ref: `${REF_PREFIX}${definitionName}`, definitions: reached };
}
