import { kindOf, nameOf, namespaceOf, podTemplateOf, type PodTemplate } from './kube-object';
import type { ManifestDocument } from './types';

const built = new WeakMap<readonly ManifestDocument[], ClusterIndex>();

/** Lookups over one cluster's documents, built once per list of documents and shared by the rules. */
export class ClusterIndex {
  /** The index of a list of documents, built on first use (the list must not change afterwards). */
  static of(documents: readonly ManifestDocument[]): ClusterIndex {
    let index = built.get(documents);
    if (index === undefined) {
      index = new ClusterIndex(documents);
      built.set(documents, index);
    }
    return index;
  }

  private readonly byKind = new Map<string, ManifestDocument[]>();
  readonly podTemplates: PodTemplate[] = [];
  private readonly byDocument = new Map<ManifestDocument, PodTemplate>();

  constructor(readonly documents: readonly ManifestDocument[]) {
    for (const document of documents) {
      const kind = kindOf(document.object);
      const list = this.byKind.get(kind) ?? [];
      list.push(document);
      this.byKind.set(kind, list);
      const template = podTemplateOf(document);
      if (template !== undefined) {
        this.podTemplates.push(template);
        this.byDocument.set(document, template);
      }
    }
  }

  /** Pod templates by the document that holds them. */
  templateOf(document: ManifestDocument): PodTemplate | undefined {
    return this.byDocument.get(document);
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
