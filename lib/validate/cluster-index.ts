import { kindOf, nameOf, namespaceOf, podTemplateOf, type PodTemplate } from './kube-object';
import type { ManifestDocument } from './types';

/** Lookups over one cluster's documents, built once per rule run. */
export class ClusterIndex {
  private readonly byKind = new Map<string, ManifestDocument[]>();
  readonly podTemplates: PodTemplate[] = [];

  constructor(readonly documents: readonly ManifestDocument[]) {
    for (const document of documents) {
      const kind = kindOf(document.object);
      const list = this.byKind.get(kind) ?? [];
      list.push(document);
      this.byKind.set(kind, list);
      const template = podTemplateOf(document);
      if (template !== undefined) this.podTemplates.push(template);
    }
  }

  ofKind(...kinds: string[]): ManifestDocument[] {
    return kinds.flatMap((kind) => this.byKind.get(kind) ?? []);
  }

  find(kind: string, namespace: string | undefined, name: string): ManifestDocument | undefined {
    return this.ofKind(kind).find(
      (document) => nameOf(document.object) === name && namespaceOf(document.object) === namespace,
    );
  }

  podTemplatesIn(namespace: string | undefined): PodTemplate[] {
    return this.podTemplates.filter((template) => namespaceOf(template.document.object) === namespace);
  }
}
