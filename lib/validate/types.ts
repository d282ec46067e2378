import type { Environment } from '../model/environment';
import type { KubernetesVersion } from '../model/cluster';

/** A Kubernetes object as parsed from YAML: only the fields every check relies on are typed. */
export interface KubeObject {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: {
    readonly name?: unknown;
    readonly namespace?: unknown;
    readonly labels?: Readonly<Record<string, unknown>>;
    readonly annotations?: Readonly<Record<string, unknown>>;
  };
  readonly [field: string]: unknown;
}

/** The text of one manifest file. */
export interface ManifestSource {
  readonly text: string;
  /** Hash of the file's name and text when a run cache is in use: per-document results are cached under it. */
  readonly key?: string;
}

/** One YAML document of a generated file. */
export interface ManifestDocument {
  readonly cluster: string;
  /** Path relative to the repository root, with forward slashes. */
  readonly file: string;
  /** Zero-based index of the document in its file. */
  readonly index: number;
  /** Index in `items` when the document is an item of a `kind: List`; paths and lines are then prefixed. */
  readonly item?: number;
  readonly object: KubeObject;
  /** The whole file, shared by its documents, so that a finding can name its line. */
  readonly source?: ManifestSource;
}

/** What validation needs to know about a cluster; a `ClusterDefinition` has all of it. */
export interface ClusterTarget {
  readonly name: string;
  readonly environment: Environment | `${Environment}`;
  readonly kubernetesVersion: KubernetesVersion;
}

/** A failed check, in the reviewer's terms: where, which rule, what is wrong and what would be right. */
export interface Finding {
  readonly rule: string;
  readonly cluster: string;
  readonly file: string;
  readonly documentIndex: number;
  /** Index in `items` when the finding is about an item of a `kind: List`. */
  readonly item?: number;
  /** JSON path inside the document, e.g. `$.spec.template.spec.containers[0].image`. */
  readonly path: string;
  readonly message: string;
  /** What a correct value looks like. */
  readonly expected?: string;
  /** One-based line in the file when known. */
  readonly line?: number;
}

/** A policy a resource opted out of, with the reason its annotation gives. */
export interface Waiver {
  readonly rule: string;
  readonly cluster: string;
  readonly file: string;
  readonly documentIndex: number;
  readonly resource: string;
  readonly reason: string;
}

/** A CRD validation rule (CEL) that was not evaluated, with why and on how many objects. */
export interface UncheckedRule {
  readonly cluster: string;
  /** Schema file, relative to the schema directory. */
  readonly schema: string;
  readonly rule: string;
  readonly reason: string;
  readonly objects: number;
  /** The first place it applies: `file:line $.path`. */
  readonly example: string;
}

export interface ClusterReport {
  readonly cluster: string;
  readonly environment: string;
  readonly kubernetesVersion: KubernetesVersion;
  readonly documents: number;
  readonly findings: readonly Finding[];
  readonly waivers: readonly Waiver[];
  /** CEL rules that could not be evaluated: listed, never counted as passed. */
  readonly unchecked: readonly UncheckedRule[];
}

export interface ValidationReport {
  readonly clusters: readonly ClusterReport[];
  readonly errorCount: number;
}
