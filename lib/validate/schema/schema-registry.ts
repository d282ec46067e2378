import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../../errors';
import { type KubernetesVersion, SUPPORTED_KUBERNETES_VERSIONS } from '../../model/cluster';
import { groupOf } from '../kube-object';
import { AJV_VERSION, compileStandalone, loadStandalone, type CompiledValidator } from './compiled-validator';
import { sha256 } from './file-hash';
import { gvkKey, indexKinds, kindSchema, type GvkIndex } from './kubernetes-definitions';
import { compareApiVersions, knownRemoval } from './removed-apis';
import { toStrictSchema } from './strict-schema';
import { buildPlan, type PlanNode } from '../structural/schema-plan';

/** Bump when the strict transform or the compile options change, so old cached validators are ignored. */
const CACHE_FORMAT = 'strict-v4';

export interface SchemaRegistryOptions {
  /** Folder with `kubernetes/v<version>.0/_definitions.json` and `crds/<group>/<kind>_<version>.json`. */
  readonly schemaDir: string;
  /**
   * Folder for compiled validators (standalone ajv code keyed by schema file hash and kind).
   * @default no disk cache: every run compiles
   */
  readonly cacheDir?: string;
}

export type SchemaLookup =
  | { readonly status: 'found'; readonly validate: CompiledValidator; readonly source: string }
  | { readonly status: 'broken'; readonly source: string; readonly problem: string }
  | {
      readonly status: 'missing';
      readonly rule: 'api-removed' | 'schema-missing';
      readonly message: string;
      readonly expected: string;
    };

/** A kind's schema as published, with the definitions `#/definitions/<name>` references resolve against. */
export interface RawSchema {
  readonly file: string;
  readonly root: unknown;
  readonly definitions: Readonly<Record<string, unknown>>;
}

export interface SchemaIdentity {
  readonly file: string;
  readonly key: string;
}

export interface KindPlan {
  readonly plan: PlanNode;
  readonly file: string;
  readonly definitions: RawSchema['definitions'];
}

export interface SchemaRegistryStats {
  compiled: number;
  loadedFromDisk: number;
}

interface HashedFile {
  readonly hash: string;
  readonly bytes: Buffer;
}

/**
 * Validators compiled in this process, by the disk cache's key, for registries without a disk cache: a process
 * that validates more than once (a test worker, `npm run check`) compiles each kind once. A validator is a pure
 * function of the schema file's bytes and this code, both in the key.
 */
const compiledInProcess = new Map<string, CompiledValidator>();

/**
 * Finds, compiles and caches the strict schema of each kind. One registry serves one run; compiled
 * validators also go to the disk cache so the next run skips ajv compilation (the expensive part).
 */
export class SchemaRegistry {
  readonly stats: SchemaRegistryStats = { compiled: 0, loadedFromDisk: 0 };
  private readonly files = new Map<string, Promise<HashedFile | undefined>>();
  private readonly parsed = new Map<string, unknown>();
  private readonly indexes = new Map<string, Promise<GvkIndex | undefined>>();
  private readonly validators = new Map<string, Promise<SchemaLookup>>();
  private readonly plans = new Map<string, Promise<KindPlan | undefined>>();

  constructor(private readonly options: SchemaRegistryOptions) {}

  /** Where compiled validators are cached, if anywhere (other caches of a run live beside them). */
  get cacheDir(): string | undefined {
    return this.options.cacheDir;
  }

  kubernetesFile(version: string): string {
    return path.join(this.options.schemaDir, 'kubernetes', `v${version}.0`, '_definitions.json');
  }

  crdFile(group: string, version: string, kind: string): string {
    return path.join(this.options.schemaDir, 'crds', group, `${kind.toLowerCase()}_${version}.json`);
  }

  /** Fails early, in the user's terms, when the schema folder lacks a cluster's Kubernetes version. */
  async requireKubernetesVersion(version: KubernetesVersion): Promise<void> {
    if ((await this.index(version)) === undefined) {
      throw new ConfigError(
        { file: this.kubernetesFile(version), field: 'kubernetesVersion' },
        `no Kubernetes ${version} schemas in schema directory "${this.options.schemaDir}"; ` +
          'pass --schema-dir (or SCHEMA_DIR) pointing at a folder laid out like shared/schemas, or run `npm run schemas:pull`',
      );
    }
  }

  /** The validator for a document's apiVersion and kind on a Kubernetes version. */
  lookup(kubernetesVersion: string, apiVersion: string, kind: string): Promise<SchemaLookup> {
    const key = `${kubernetesVersion} ${apiVersion} ${kind}`;
    let pending = this.validators.get(key);
    if (pending === undefined) {
      pending = this.resolve(kubernetesVersion, apiVersion, kind);
      this.validators.set(key, pending);
    }
    return pending;
  }

  private async resolve(kubernetesVersion: string, apiVersion: string, kind: string): Promise<SchemaLookup> {
    const group = groupOf(apiVersion);
    const version = apiVersion.slice(group === '' ? 0 : group.length + 1);
    const index = await this.index(kubernetesVersion);
    const definition = index?.[gvkKey(group, version, kind)];
    if (definition !== undefined) {
      const file = this.kubernetesFile(kubernetesVersion);
      return this.compiled(file, definition, (document) => kindSchema(document, definition));
    }
    if (group !== '') {
      const file = this.crdFile(group, version, kind);
      if ((await this.read(file)) !== undefined) {
        return this.compiled(file, 'root', (document) => withObjectFields(document));
      }
    }
    return this.explainMissing(kubernetesVersion, apiVersion, kind, index ?? {});
  }

  /** A validator, or `broken` with ajv's reason when the schema does not compile (never a crash). */
  private async compiled(
    file: string,
    definition: string,
    schemaOf: (document: unknown) => object,
  ): Promise<SchemaLookup> {
    try {
      return { status: 'found', validate: await this.validator(file, definition, schemaOf), source: file };
    } catch (error) {
      return { status: 'broken', source: file, problem: (error as Error).message.split('\n')[0] ?? 'unknown error' };
    }
  }

  /**
   * What a kind's checks depend on, without loading its validator: the schema file's hash and the definition.
   * Undefined when the kind has no schema file (its lookup may change as schemas are added, so never cache it).
   */
  async schemaIdentity(
    kubernetesVersion: string,
    apiVersion: string,
    kind: string,
  ): Promise<SchemaIdentity | undefined> {
    const group = groupOf(apiVersion);
    const version = apiVersion.slice(group === '' ? 0 : group.length + 1);
    try {
      const definition = (await this.index(kubernetesVersion))?.[gvkKey(group, version, kind)];
      const file =
        definition !== undefined
          ? this.kubernetesFile(kubernetesVersion)
          : group === ''
            ? undefined
            : this.crdFile(group, version, kind);
      if (file === undefined) return undefined;
      const hashed = await this.read(file);
      if (hashed === undefined) return undefined;
      return { file, key: `${CACHE_FORMAT}|ajv-${AJV_VERSION}|${hashed.hash}|${definition ?? 'root'}` };
    } catch {
      return undefined;
    }
  }

  /** The plan of the checks JSON Schema cannot express for a kind (see structural/schema-plan.ts), built once. */
  plan(kubernetesVersion: string, apiVersion: string, kind: string): Promise<KindPlan | undefined> {
    const key = `${kubernetesVersion} ${apiVersion} ${kind}`;
    let pending = this.plans.get(key);
    if (pending === undefined) {
      pending = this.rawSchema(kubernetesVersion, apiVersion, kind).then((raw) => {
        const plan = raw === undefined ? undefined : buildPlan(raw);
        return raw === undefined || plan === undefined
          ? undefined
          : { plan, file: raw.file, definitions: raw.definitions };
      });
      this.plans.set(key, pending);
    }
    return pending;
  }

  /**
   * The raw (not strict) schema of a kind with the definitions its `$ref`s point into, for the checks that
   * JSON Schema cannot express (list-map keys, CEL rules). Undefined when the kind has no usable schema.
   */
  async rawSchema(kubernetesVersion: string, apiVersion: string, kind: string): Promise<RawSchema | undefined> {
    const group = groupOf(apiVersion);
    const version = apiVersion.slice(group === '' ? 0 : group.length + 1);
    try {
      const definition = (await this.index(kubernetesVersion))?.[gvkKey(group, version, kind)];
      if (definition !== undefined) {
        const file = this.kubernetesFile(kubernetesVersion);
        const hashed = await this.read(file);
        if (hashed === undefined) return undefined;
        const definitions = (this.parse(file, hashed) as { definitions: Record<string, unknown> }).definitions;
        return { file, root: { $ref: `#/definitions/${definition}` }, definitions };
      }
      if (group === '') return undefined;
      const file = this.crdFile(group, version, kind);
      const hashed = await this.read(file);
      if (hashed === undefined) return undefined;
      return { file, root: this.parse(file, hashed), definitions: {} };
    } catch {
      return undefined; // a schema that does not parse is reported by the schema check
    }
  }

  private async explainMissing(
    kubernetesVersion: string,
    apiVersion: string,
    kind: string,
    index: GvkIndex,
  ): Promise<SchemaLookup> {
    const group = groupOf(apiVersion);
    const removal = knownRemoval(apiVersion, kind);
    const served = Object.keys(index)
      .filter((key) => key.endsWith(`/${kind}`))
      .map((key) => key.slice(0, -(kind.length + 1)))
      .map((gv) => (gv.startsWith('/') ? gv.slice(1) : gv))
      .filter((gv) => gv !== apiVersion);
    const sameGroup = served
      .filter((gv) => groupOf(gv) === group)
      .sort((a, b) => compareApiVersions(a.split('/').pop() ?? '', b.split('/').pop() ?? ''));
    const replacement = removal?.replacement ?? sameGroup[0] ?? served[0];
    const servedBefore = await this.servedInEarlierVersion(kubernetesVersion, apiVersion, kind);
    if (removal !== undefined || (servedBefore !== undefined && replacement !== undefined)) {
      const removedIn = removal?.removedIn ?? servedBefore?.removedIn;
      return {
        status: 'missing',
        rule: 'api-removed',
        message: `${apiVersion} ${kind} is not served by Kubernetes ${kubernetesVersion} (removed in ${removedIn})`,
        expected: `apiVersion: ${replacement ?? 'none (the API was removed without a replacement)'}`,
      };
    }
    if (replacement !== undefined) {
      return {
        status: 'missing',
        rule: 'schema-missing',
        message: `Kubernetes ${kubernetesVersion} does not serve ${apiVersion} ${kind}`,
        expected: `apiVersion: ${replacement}`,
      };
    }
    const crdVersions = group === '' ? [] : await this.crdVersions(group, kind);
    return {
      status: 'missing',
      rule: 'schema-missing',
      message: `no schema for ${apiVersion} ${kind} (looked in Kubernetes ${kubernetesVersion} definitions and ${path.join('crds', group || '<core>', `${kind.toLowerCase()}_${apiVersion.split('/').pop() ?? ''}.json`)})`,
      expected:
        crdVersions.length > 0
          ? `a version with a schema: ${crdVersions.map((v) => `${group}/${v}`).join(', ')}`
          : 'a known kind, or list it with --skip-kind when it has no schema on purpose',
    };
  }

  private async servedInEarlierVersion(
    kubernetesVersion: string,
    apiVersion: string,
    kind: string,
  ): Promise<{ removedIn: string } | undefined> {
    const group = groupOf(apiVersion);
    const version = apiVersion.slice(group === '' ? 0 : group.length + 1);
    const earlier = SUPPORTED_KUBERNETES_VERSIONS.filter((v) => compareMinor(v, kubernetesVersion) < 0).reverse();
    for (const candidate of earlier) {
      const index = await this.index(candidate);
      if (index?.[gvkKey(group, version, kind)] !== undefined) return { removedIn: nextMinor(candidate) };
    }
    return undefined;
  }

  private async crdVersions(group: string, kind: string): Promise<string[]> {
    const prefix = `${kind.toLowerCase()}_`;
    try {
      const names = await readdir(path.join(this.options.schemaDir, 'crds', group));
      return names
        .filter((name) => name.startsWith(prefix) && name.endsWith('.json'))
        .map((name) => name.slice(prefix.length, -'.json'.length))
        .sort(compareApiVersions);
    } catch {
      return [];
    }
  }

  private read(file: string): Promise<HashedFile | undefined> {
    let pending = this.files.get(file);
    if (pending === undefined) {
      pending = readFile(file).then(
        (bytes) => ({ bytes, hash: sha256(bytes) }),
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
          throw error;
        },
      );
      this.files.set(file, pending);
    }
    return pending;
  }

  private parse(file: string, hashed: HashedFile): unknown {
    let document = this.parsed.get(file);
    if (document === undefined) {
      try {
        document = JSON.parse(hashed.bytes.toString('utf8')) as unknown;
      } catch (error) {
        throw new ConfigError({ file }, `schema file is not valid JSON: ${(error as Error).message}`);
      }
      this.parsed.set(file, document);
    }
    return document;
  }

  private index(kubernetesVersion: string): Promise<GvkIndex | undefined> {
    let pending = this.indexes.get(kubernetesVersion);
    if (pending === undefined) {
      pending = this.loadIndex(this.kubernetesFile(kubernetesVersion));
      this.indexes.set(kubernetesVersion, pending);
    }
    return pending;
  }

  private async loadIndex(file: string): Promise<GvkIndex | undefined> {
    const hashed = await this.read(file);
    if (hashed === undefined) return undefined;
    const cacheFile = this.cachePath(`index-${hashed.hash}.json`);
    if (cacheFile !== undefined) {
      const cached = await readOptional(cacheFile);
      if (cached !== undefined) return JSON.parse(cached) as GvkIndex;
    }
    const index = indexKinds(this.parse(file, hashed));
    if (cacheFile !== undefined) await writeAtomic(cacheFile, JSON.stringify(index));
    return index;
  }

  private async validator(
    file: string,
    definition: string,
    schemaOf: (document: unknown) => object,
  ): Promise<CompiledValidator> {
    const hashed = await this.read(file);
    if (hashed === undefined) throw new Error(`schema file vanished: ${file}`);
    const key = sha256(`${CACHE_FORMAT}|ajv-${AJV_VERSION}|${hashed.hash}|${definition}`);
    const cacheFile = this.cachePath(`${key}.cjs`);
    if (cacheFile !== undefined) {
      const code = await readOptional(cacheFile);
      if (code !== undefined) {
        this.stats.loadedFromDisk++;
        return loadStandalone(code);
      }
    }
    // With a disk cache, stats count what this run compiled and loaded, so the in-process memo stays out of it.
    const reused = cacheFile === undefined ? compiledInProcess.get(key) : undefined;
    if (reused !== undefined) return reused;
    const schema = toStrictSchema(schemaOf(this.parse(file, hashed))) as object;
    const { validate, code } = compileStandalone(schema);
    this.stats.compiled++;
    if (cacheFile !== undefined) await writeAtomic(cacheFile, code);
    else compiledInProcess.set(key, validate);
    return validate;
  }

  private cachePath(name: string): string | undefined {
    return this.options.cacheDir === undefined ? undefined : path.join(this.options.cacheDir, name);
  }
}

function compareMinor(a: string, b: string): number {
  return Number(a.split('.')[1]) - Number(b.split('.')[1]);
}

function nextMinor(version: string): string {
  const [major, minor] = version.split('.');
  return `${major}.${Number(minor) + 1}`;
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes through a temporary file so a concurrent run never reads half a validator. */
async function writeAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

/**
 * A CRD schema with the fields every object has: some CRDs (Istio's) leave apiVersion, kind and metadata out of
 * their openAPIV3Schema because the API server adds them, and a strict root would reject them.
 */
function withObjectFields(document: unknown): object {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return document as object;
  const schema = document as { properties?: Record<string, unknown> };
  const properties = schema.properties ?? {};
  if ('apiVersion' in properties && 'kind' in properties && 'metadata' in properties) return schema;
  return {
    ...schema,
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      ...properties,
    },
  };
}
