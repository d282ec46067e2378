import { byCodePoint } from '../order';
import type { ChartInstalls, ChartInstallsTable, ChartWebhook } from './chart-installs';
import type { InfraFacts } from './infra-facts';
import { BUILT_IN_GROUPS, kindRank, POD_KINDS } from './kind-order';
import type { ClusterTree, TreeDocument } from './tree';

type Json = Readonly<Record<string, unknown>>;

/** Where something comes from: the Application that applies it, its sync wave in the root and in its folder. */
export interface Origin {
  /** `root`, `monitoring`, `monitoring › helm-kube-prometheus-stack`. */
  readonly application: string;
  /** Sync wave of the unit's Application in the root (the wave that gates everything after it). */
  readonly rootWave: number;
  /** Sync wave inside the Application's folder. */
  readonly wave: number;
  /** `infra` or `bootstrap` for what exists before the first sync. */
  readonly outside?: 'infra' | 'bootstrap';
}

/** One missing prerequisite: the object, its Application and wave, and what it needs. */
export interface ConvergeProblem {
  readonly file: string;
  /** `ExternalSecret monitoring/grafana-admin`, `chart kube-prometheus-stack`. */
  readonly object: string;
  readonly origin: Origin;
  readonly message: string;
}

/** What became available when one wave of one Application was done. */
export interface TimelineStep {
  readonly application: string;
  readonly depth: number;
  readonly rootWave: number;
  readonly phase: string;
  readonly wave: number;
  /** `3 NodePool`, `chart karpenter 1.14.1`. */
  readonly applies: readonly string[];
  /** `CRD karpenter.sh/NodePool`, `default StorageClass gp3`, `webhook cert-manager-webhook`. */
  readonly available: readonly string[];
}

export interface ConvergeResult {
  readonly cluster: string;
  readonly problems: readonly ConvergeProblem[];
  readonly timeline: readonly TimelineStep[];
  readonly applications: number;
  readonly objects: number;
}

/** What exists for an Application at one point of the sync. */
class Facts {
  readonly crds = new Map<string, Origin>();
  readonly namespaces = new Map<string, Origin>();
  readonly storageClasses = new Map<string, { isDefault: boolean; provisioner: string; origin: Origin }>();
  readonly stores = new Map<string, Origin>();
  readonly webhooks = new Map<string, { webhook: ChartWebhook; origin: Origin }>();
  readonly apiServices = new Map<string, Origin>();
  readonly serviceAccounts = new Map<string, Origin>();
  readonly nodePools = new Map<string, Origin>();
  readonly projects = new Map<string, Origin>();
  /** Kubernetes Secrets that exist (`namespace/name`): applied, or written by an operator once its object is ready. */
  readonly secrets = new Map<string, Origin>();
  /** Secret stores of External Secrets' Kubernetes provider, with the namespace they read from. */
  readonly kubernetesStores = new Map<string, string>();
  karpenter: Origin | undefined;

  merge(other: Facts): void {
    for (const key of [
      'crds',
      'namespaces',
      'storageClasses',
      'stores',
      'webhooks',
      'apiServices',
      'serviceAccounts',
      'nodePools',
      'projects',
      'secrets',
      'kubernetesStores',
    ] as const) {
      const target = this[key] as Map<string, unknown>;
      for (const [name, value] of other[key] as Map<string, unknown>) if (!target.has(name)) target.set(name, value);
    }
    this.karpenter ??= other.karpenter;
  }

  clone(): Facts {
    const copy = new Facts();
    copy.merge(this);
    return copy;
  }

  /** What is new here compared with `before`, for the timeline. */
  describeNew(before: Facts): string[] {
    const out: string[] = [];
    const added = <T>(map: Map<string, T>, was: Map<string, T>) =>
      [...map.keys()].filter((key) => !was.has(key)).sort(byCodePoint);
    const groups = new Map<string, string[]>();
    for (const crd of added(this.crds, before.crds)) {
      const group = crd.slice(0, crd.lastIndexOf('/'));
      groups.set(group, [...(groups.get(group) ?? []), crd.slice(crd.lastIndexOf('/') + 1)]);
    }
    for (const [group, kinds] of groups) {
      out.push(`CRDs ${group}: ${kinds.length > 4 ? `${kinds.length} kinds` : kinds.join(', ')}`);
    }
    for (const name of added(this.namespaces, before.namespaces)) out.push(`namespace ${name}`);
    for (const name of added(this.storageClasses, before.storageClasses)) {
      const storageClass = this.storageClasses.get(name)!;
      out.push(`${storageClass.isDefault ? 'default ' : ''}StorageClass ${name} (${storageClass.provisioner})`);
    }
    for (const name of added(this.stores, before.stores)) out.push(name);
    for (const name of added(this.secrets, before.secrets)) out.push(`Secret ${name}`);
    for (const name of added(this.webhooks, before.webhooks)) out.push(`webhook ${name} running`);
    for (const name of added(this.apiServices, before.apiServices)) out.push(`APIService ${name}`);
    const pools = added(this.nodePools, before.nodePools);
    if (pools.length > 0) out.push(`NodePools ${pools.join(', ')}`);
    if (this.karpenter !== undefined && before.karpenter === undefined) out.push('Karpenter running');
    return out;
  }
}

/** Kinds without a namespace (what the generator and the charts here use). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'StorageClass',
  'PersistentVolume',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'PriorityClass',
  'IngressClass',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ClusterSecretStore',
  'ClusterExternalSecret',
  'ClusterIssuer',
  'NodePool',
  'NodeOverlay',
  'EC2NodeClass',
]);

const HOOK_ANNOTATION = 'argocd.argoproj.io/hook';
const WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
const PHASES = ['PreSync', 'Sync', 'PostSync'];
const METRICS_API = 'v1beta1.metrics.k8s.io';

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}
function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
}

/** A child Application to sync: a folder of this repository or a Helm chart. */
interface AppNode {
  readonly name: string;
  readonly file: string;
  readonly destination: string;
  readonly createNamespace: boolean;
  readonly optional: boolean;
  readonly folder?: string;
  readonly chart?: {
    readonly name: string;
    readonly version: string;
    readonly releaseName: string;
    readonly values: Json;
  };
}

function appNode(document: TreeDocument): AppNode {
  const object = document.object;
  const metadata = record(object.metadata);
  const spec = record(object.spec);
  const source = record(spec.source);
  const helm = record(source.helm);
  const options = list(record(spec.syncPolicy).syncOptions).map(String);
  const name = text(metadata.name) ?? '';
  const path = text(source.path);
  // A directory of another repository (Gateway API's CRDs) is looked up in the catalog like a chart, by
  // `<repoURL>#<path>`; this repository's folders are under generated/.
  const remote =
    path !== undefined && !path.startsWith('generated/') && text(source.repoURL) !== undefined
      ? `${text(source.repoURL)}#${path}`
      : undefined;
  const chart = text(source.chart) ?? remote;
  return {
    name,
    file: document.file,
    destination: text(record(spec.destination).namespace) ?? 'default',
    createNamespace: options.includes('CreateNamespace=true'),
    optional: record(metadata.annotations)['platform.acme.io/optional'] === 'true',
    ...(chart === undefined
      ? { folder: text(source.path) ?? '' }
      : {
          chart: {
            name: chart,
            version: text(source.targetRevision) ?? '',
            releaseName: text(helm.releaseName) ?? name,
            values: record(helm.valuesObject),
          },
        }),
  };
}

/** Where each webhook, CRD, store and the metrics API of the whole tree comes from: for "comes later" hints. */
interface Providers {
  readonly crds: Map<string, string>;
  readonly webhooks: { webhook: ChartWebhook; where: string }[];
  readonly stores: Map<string, string>;
  readonly storageClasses: Map<string, string>;
  metricsApi?: string;
  nodePools?: string;
}

interface Context {
  readonly tree: ClusterTree;
  readonly infra: InfraFacts;
  readonly catalog: ReadonlyMap<string, ChartInstallsTable>;
  readonly problems: ConvergeProblem[];
  readonly timeline: TimelineStep[];
  readonly providers: Providers;
  /** Namespace labels from every Namespace object of the tree (webhook namespace selectors). */
  readonly namespaceLabels: Map<string, Json>;
  readonly installs: Map<AppNode, ChartInstalls | undefined>;
  /** Folders of the Applications being synced, outermost first: a child syncing one of them is a cycle. */
  readonly syncing: string[];
  applications: number;
  objects: number;
}

function describe(object: Json): string {
  const metadata = record(object.metadata);
  const namespace = text(metadata.namespace);
  return `${text(object.kind) ?? '?'} ${namespace === undefined ? '' : `${namespace}/`}${text(metadata.name) ?? '?'}`;
}

function where(origin: Origin): string {
  if (origin.outside !== undefined) return origin.outside;
  return `Application ${origin.application}, sync wave ${origin.rootWave}, wave ${origin.wave} in its folder`;
}

/**
 * Simulates Argo CD's first sync of a fresh cluster over its generated/ tree: the root's Applications by sync
 * wave (each wave waits for the previous one to be healthy), inside each Application its hooks' phases, waves
 * and gitops-engine's kind order, and for each Helm chart what its table says it installs. Everything an object
 * needs must exist before it is applied; what does not is a problem naming the object, its Application and wave.
 */
export function simulateFirstSync(
  tree: ClusterTree,
  infra: InfraFacts,
  catalog: ReadonlyMap<string, ChartInstallsTable>,
): ConvergeResult {
  const context: Context = {
    tree,
    infra,
    catalog,
    problems: [],
    timeline: [],
    providers: { crds: new Map(), webhooks: [], stores: new Map(), storageClasses: new Map() },
    namespaceLabels: new Map(),
    installs: new Map(),
    syncing: [],
    applications: 0,
    objects: 0,
  };
  const start = new Facts();
  const outside = (kind: 'infra' | 'bootstrap'): Origin => ({ application: kind, rootWave: 0, wave: 0, outside: kind });
  for (const name of infra.namespaces) start.namespaces.set(name, outside(name === 'argocd' ? 'bootstrap' : 'infra'));
  for (const crd of infra.bootstrapCrds) start.crds.set(crd, outside('bootstrap'));
  for (const crd of infra.addonCrds) start.crds.set(crd, outside('infra'));
  // The Argo CD install creates the `default` project.
  start.projects.set('default', outside('bootstrap'));
  for (const account of infra.addonServiceAccounts) start.serviceAccounts.set(account, outside('infra'));
  for (const storageClass of infra.bundledStorageClasses ?? [])
    start.storageClasses.set(storageClass.name, { ...storageClass, origin: outside('infra') });
  for (const api of infra.bundledApiServices ?? []) start.apiServices.set(api, outside('infra'));
  const root: AppNode = {
    name: 'root',
    file: tree.rootPath,
    destination: 'argocd',
    createNamespace: false,
    optional: false,
    folder: tree.rootPath,
  };
  index(context, root, 'root', 0, new Set());
  const produced = syncApplication(context, root, 'root', start, 0, 0);
  start.merge(produced);
  for (const association of infra.podIdentityAssociations) {
    const key = `${association.namespace}/${association.serviceAccount}`;
    if (!start.serviceAccounts.has(key)) {
      context.problems.push({
        file: 'infra',
        object: `Pod Identity association ${key}`,
        origin: outside('infra'),
        message: `Pod Identity association of role ${association.roleName} binds service account ${key}, which no chart or manifest of generated/${tree.cluster} creates: the role is unused (or the chart's service account is named differently)`,
      });
    }
  }
  return {
    cluster: tree.cluster,
    problems: context.problems,
    timeline: context.timeline,
    applications: context.applications,
    objects: context.objects,
  };
}

/** Fills the providers index over the whole tree (where each CRD, webhook, store, StorageClass comes from). */
function index(
  context: Context,
  app: AppNode,
  path: string,
  rootWave: number,
  seen: Set<string>,
  folderWave = 0,
): void {
  const at = (wave: number) => where({ application: path, rootWave, wave });
  if (app.chart !== undefined) {
    const atChart = () => at(folderWave);
    const installs = chartInstallsOf(context, app);
    if (installs === undefined) return;
    for (const crd of installs.crds)
      if (!context.providers.crds.has(crd)) context.providers.crds.set(crd, `chart ${app.chart.name} (${atChart()})`);
    for (const webhook of installs.webhooks)
      context.providers.webhooks.push({ webhook, where: `chart ${app.chart.name} (${atChart()})` });
    for (const storageClass of installs.storageClasses)
      context.providers.storageClasses.set(storageClass.name, atChart());
    if (installs.apiServices.includes(METRICS_API))
      context.providers.metricsApi ??= `chart ${app.chart.name} (${atChart()})`;
    return;
  }
  const folder = app.folder ?? '';
  if (seen.has(folder)) return;
  seen.add(folder);
  for (const document of context.tree.folders.get(folder) ?? []) {
    const object = document.object;
    const kind = text(object.kind) ?? '';
    const metadata = record(object.metadata);
    const name = text(metadata.name) ?? '';
    const wave = Number(record(metadata.annotations)[WAVE_ANNOTATION] ?? 0);
    if (kind === 'Namespace') context.namespaceLabels.set(name, record(metadata.labels));
    if (kind === 'CustomResourceDefinition') {
      const spec = record(object.spec);
      const crd = `${text(spec.group) ?? ''}/${text(record(spec.names).kind) ?? ''}`;
      if (!context.providers.crds.has(crd)) context.providers.crds.set(crd, `${document.file} (${at(wave)})`);
    }
    if (kind === 'ClusterSecretStore')
      context.providers.stores.set(`ClusterSecretStore ${name}`, `${document.file} (${at(wave)})`);
    if (kind === 'SecretStore')
      context.providers.stores.set(
        `SecretStore ${text(metadata.namespace) ?? app.destination}/${name}`,
        `${document.file} (${at(wave)})`,
      );
    if (kind === 'StorageClass') context.providers.storageClasses.set(name, `${document.file} (${at(wave)})`);
    if (kind === 'NodePool') context.providers.nodePools ??= `${document.file} (${at(wave)})`;
    if (kind === 'Application' && groupOf(text(object.apiVersion) ?? '') === 'argoproj.io') {
      const child = appNode(document);
      const childPath = path === 'root' ? child.name : `${path} › ${child.name}`;
      index(context, child, childPath, path === 'root' ? wave : rootWave, seen, wave);
    }
  }
}

function chartInstallsOf(context: Context, app: AppNode): ChartInstalls | undefined {
  if (context.installs.has(app)) return context.installs.get(app);
  const chart = app.chart!;
  const table = context.catalog.get(chart.name);
  const installs = table?.installs({
    namespace: app.destination,
    releaseName: chart.releaseName,
    values: chart.values,
  });
  context.installs.set(app, installs);
  return installs;
}

interface Step {
  readonly phase: string;
  readonly wave: number;
  readonly documents: TreeDocument[];
}

/** The folder's documents in gitops-engine's order, grouped by phase and wave. */
function steps(documents: readonly TreeDocument[]): Step[] {
  const keyed = documents.map((document) => {
    const metadata = record(document.object.metadata);
    const annotations = record(metadata.annotations);
    const hook = text(annotations[HOOK_ANNOTATION]);
    return {
      document,
      phase: hook === undefined ? 'Sync' : (hook.split(',')[0] ?? 'Sync').trim(),
      wave: Number(annotations[WAVE_ANNOTATION] ?? 0) || 0,
      kind: kindRank(text(document.object.kind) ?? ''),
      name: text(metadata.name) ?? '',
    };
  });
  const kept = keyed.filter((entry) => PHASES.includes(entry.phase));
  kept.sort(
    (a, b) =>
      PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) ||
      a.wave - b.wave ||
      a.kind - b.kind ||
      byCodePoint(a.name, b.name),
  );
  const out: Step[] = [];
  for (const entry of kept) {
    const last = out.at(-1);
    if (last !== undefined && last.phase === entry.phase && last.wave === entry.wave)
      last.documents.push(entry.document);
    else out.push({ phase: entry.phase, wave: entry.wave, documents: [entry.document] });
  }
  return out;
}

/**
 * Syncs one Application over what it can see, returning what it installs once healthy. Children of a wave see
 * only what earlier waves made: Applications of one wave sync side by side.
 */
function syncApplication(
  context: Context,
  app: AppNode,
  path: string,
  visible: Facts,
  rootWave: number,
  depth: number,
  folderWave = 0,
): Facts {
  context.applications += 1;
  if (app.chart !== undefined) return syncChart(context, app, path, visible, rootWave, depth, folderWave);
  const documents = context.tree.folders.get(app.folder ?? '');
  const produced = new Facts();
  if (context.syncing.includes(app.folder ?? '')) {
    context.problems.push({
      file: app.file,
      object: `Application ${app.name}`,
      origin: { application: path, rootWave, wave: folderWave },
      message: `it syncs ${app.folder}, the folder it is in (or one an Application around it syncs): it waits on its own health in its sync waves, and one Degraded child fails every sync; keep it outside the folders it syncs (argocd/<cluster>-root.yaml)`,
    });
    return produced;
  }
  if (documents === undefined) {
    context.problems.push({
      file: app.file,
      object: `Application ${app.name}`,
      origin: { application: path, rootWave, wave: 0 },
      message: `its source folder ${app.folder} does not exist in generated/: run \`npm run synth\``,
    });
    return produced;
  }
  const local = visible.clone();
  if (app.createNamespace && !local.namespaces.has(app.destination)) {
    const created: Origin = { application: path, rootWave, wave: 0 };
    local.namespaces.set(app.destination, created);
    produced.namespaces.set(app.destination, created);
  }
  // gitops-engine moves a Namespace or CRD of the same Application before the first object that needs it.
  const ownCrds = new Set<string>();
  const ownNamespaces = new Set<string>();
  for (const document of documents) {
    const kind = text(document.object.kind);
    const spec = record(document.object.spec);
    if (kind === 'CustomResourceDefinition')
      ownCrds.add(`${text(spec.group) ?? ''}/${text(record(spec.names).kind) ?? ''}`);
    if (kind === 'Namespace') ownNamespaces.add(text(record(document.object.metadata).name) ?? '');
  }
  context.syncing.push(app.folder ?? '');
  for (const step of steps(documents)) {
    const before = local.clone();
    // The step's line comes before its children's lines; what it made available is known once they are done.
    const line = context.timeline.length;
    context.timeline.push({
      application: path,
      depth,
      rootWave,
      phase: step.phase,
      wave: step.wave,
      applies: [],
      available: [],
    });
    const wave = new Facts();
    // What this folder's own objects make available (children report theirs on their own lines).
    const own = new Facts();
    const origin: Origin = { application: path, rootWave: path === 'root' ? step.wave : rootWave, wave: step.wave };
    const applies = new Map<string, number>();
    // A store is usable by the ExternalSecrets of its own wave: the operator retries them until it is ready.
    for (const document of step.documents) {
      const kind = text(document.object.kind);
      // Likewise an AppProject for the Applications of its wave: the controller reconciles them after the apply.
      if (kind === 'ClusterSecretStore' || kind === 'SecretStore' || kind === 'AppProject') {
        collect(document.object, app, origin, own, local);
      }
    }
    for (const document of step.documents) {
      context.objects += 1;
      const object = document.object;
      const kind = text(object.kind) ?? '';
      applies.set(kind, (applies.get(kind) ?? 0) + 1);
      const check = new ObjectCheck(context, document, app, origin, local, ownCrds, ownNamespaces);
      check.all();
      collect(object, app, origin, own, local);
      if (kind === 'Application' && groupOf(text(object.apiVersion) ?? '') === 'argoproj.io') {
        const child = appNode(document);
        const childPath = path === 'root' ? child.name : `${path} › ${child.name}`;
        const childWave = path === 'root' ? step.wave : rootWave;
        const childFacts = syncApplication(context, child, childPath, local, childWave, depth + 1, step.wave);
        wave.merge(childFacts);
      }
    }
    wave.merge(own);
    local.merge(wave);
    produced.merge(wave);
    context.timeline[line] = {
      // An optional unit counts as healthy to the root: nothing waits for it (lib/argocd/chart-values.ts).
      application: app.optional ? `${path} (optional, nothing waits for it)` : path,
      depth,
      rootWave: path === 'root' ? step.wave : rootWave,
      phase: step.phase,
      wave: step.wave,
      applies: [...applies].sort(([a], [b]) => byCodePoint(a, b)).map(([kind, count]) => `${count} ${kind}`),
      available: path === 'root' ? [] : own.describeNew(before),
    };
  }
  context.syncing.pop();
  return produced;
}

/** What an object makes available once its wave is done (same-wave objects that need no health see it at once). */
function collect(object: Json, app: AppNode, origin: Origin, wave: Facts, local: Facts): void {
  const kind = text(object.kind) ?? '';
  const metadata = record(object.metadata);
  const name = text(metadata.name) ?? '';
  const namespace = text(metadata.namespace) ?? app.destination;
  const spec = record(object.spec);
  switch (kind) {
    case 'CustomResourceDefinition':
      wave.crds.set(`${text(spec.group) ?? ''}/${text(record(spec.names).kind) ?? ''}`, origin);
      break;
    case 'Namespace':
      local.namespaces.set(name, origin);
      wave.namespaces.set(name, origin);
      break;
    case 'StorageClass': {
      const isDefault = record(metadata.annotations)['storageclass.kubernetes.io/is-default-class'] === 'true';
      // A StorageClass needs no health: objects after it in the same wave may use it.
      const entry = { isDefault, provisioner: text(object.provisioner) ?? '', origin };
      local.storageClasses.set(name, entry);
      wave.storageClasses.set(name, entry);
      break;
    }
    case 'ClusterSecretStore':
      local.stores.set(`ClusterSecretStore ${name}`, origin);
      wave.stores.set(`ClusterSecretStore ${name}`, origin);
      break;
    case 'SecretStore':
      local.stores.set(`SecretStore ${namespace}/${name}`, origin);
      wave.stores.set(`SecretStore ${namespace}/${name}`, origin);
      if (record(spec.provider).kubernetes !== undefined) {
        const remote = text(record(record(spec.provider).kubernetes).remoteNamespace) ?? namespace;
        local.kubernetesStores.set(`SecretStore ${namespace}/${name}`, remote);
      }
      break;
    case 'Secret':
      wave.secrets.set(`${namespace}/${name}`, origin);
      break;
    // Strimzi writes a ready KafkaUser's credentials into a Secret of its name, and a ready Kafka's cluster CA.
    case 'KafkaUser':
      wave.secrets.set(`${namespace}/${name}`, origin);
      break;
    case 'Kafka':
      wave.secrets.set(`${namespace}/${name}-cluster-ca-cert`, origin);
      break;
    case 'ServiceAccount':
      wave.serviceAccounts.set(`${namespace}/${name}`, origin);
      break;
    case 'AppProject':
      local.projects.set(name, origin);
      wave.projects.set(name, origin);
      break;
    case 'NodePool':
      wave.nodePools.set(name, origin);
      break;
  }
}

/** The checks of one manifest object against what exists when it is applied. */
class ObjectCheck {
  private readonly object: Json;
  private readonly kind: string;
  private readonly namespace: string | undefined;

  constructor(
    private readonly context: Context,
    private readonly document: TreeDocument,
    private readonly app: AppNode,
    private readonly origin: Origin,
    private readonly local: Facts,
    private readonly ownCrds: ReadonlySet<string>,
    private readonly ownNamespaces: ReadonlySet<string>,
  ) {
    this.object = document.object;
    this.kind = text(this.object.kind) ?? '';
    const namespace = text(record(this.object.metadata).namespace);
    this.namespace = namespace ?? (CLUSTER_SCOPED.has(this.kind) ? undefined : app.destination);
  }

  private fail(message: string): void {
    this.context.problems.push({
      file: this.document.file,
      object: describe(this.object),
      origin: this.origin,
      message,
    });
  }

  all(): void {
    const group = groupOf(text(this.object.apiVersion) ?? '');
    const groupKind = `${group}/${this.kind}`;
    if (!BUILT_IN_GROUPS.has(group)) {
      if (!this.local.crds.has(groupKind) && !this.ownCrds.has(groupKind)) {
        this.fail(
          `its CRD ${groupKind} does not exist yet: ${laterOrNowhere(this.context.providers.crds.get(groupKind))}`,
        );
      }
      checkAdmission(this.context, this.local, groupKind, this.fail.bind(this));
    }
    if (
      this.namespace !== undefined &&
      !this.local.namespaces.has(this.namespace) &&
      !this.ownNamespaces.has(this.namespace)
    ) {
      this.fail(
        `its namespace ${this.namespace} does not exist yet: render the Namespace in the same folder, sync the Application with CreateNamespace=true, or move the object after what creates it`,
      );
    }
    if (this.kind === 'PersistentVolumeClaim') {
      checkStorage(
        this.context,
        this.local,
        text(record(this.object.spec).storageClassName),
        `the claim`,
        this.fail.bind(this),
      );
    }
    if (this.kind === 'StatefulSet') {
      for (const template of list(record(this.object.spec).volumeClaimTemplates)) {
        const claim = record(template);
        checkStorage(
          this.context,
          this.local,
          text(record(claim.spec).storageClassName),
          `volume claim template ${text(record(claim.metadata).name) ?? ''}`,
          this.fail.bind(this),
        );
      }
    }
    if (this.kind === 'ExternalSecret') this.externalSecret();
    if (this.kind === 'Application' && group === 'argoproj.io') {
      const project = text(record(this.object.spec).project) ?? 'default';
      if (!this.local.projects.has(project)) {
        this.fail(
          `its AppProject ${project} does not exist yet, so Argo CD refuses to sync it: apply the AppProject in an earlier or the same sync wave`,
        );
      }
    }
    if (this.kind === 'HorizontalPodAutoscaler' && !this.local.apiServices.has(METRICS_API)) {
      this.fail(
        `the resource metrics API (${METRICS_API}) is not served yet, so the autoscaler cannot read CPU: ${laterOrNowhere(this.context.providers.metricsApi, 'metrics-server')}`,
      );
    }
    if (POD_KINDS.has(this.kind)) this.pods();
  }

  private externalSecret(): void {
    const spec = record(this.object.spec);
    const ref = record(spec.secretStoreRef);
    const storeKind = text(ref.kind) ?? 'SecretStore';
    const storeName = text(ref.name) ?? '';
    const store =
      storeKind === 'ClusterSecretStore'
        ? `ClusterSecretStore ${storeName}`
        : `SecretStore ${this.namespace ?? ''}/${storeName}`;
    if (!this.local.stores.has(store)) {
      this.fail(`its store ${store} does not exist yet: ${laterOrNowhere(this.context.providers.stores.get(store))}`);
    }
    const keys = [
      ...list(spec.data).map((entry) => text(record(record(entry).remoteRef).key)),
      ...list(spec.dataFrom).map((entry) => text(record(record(entry).extract).key)),
    ].filter((key): key is string => key !== undefined);
    const remote = this.local.kubernetesStores.get(store);
    for (const key of [...new Set(keys)].sort(byCodePoint)) {
      if (remote !== undefined) {
        if (!this.local.secrets.has(`${remote}/${key}`)) {
          this.fail(
            `it copies Secret ${remote}/${key}, which does not exist yet: apply it, or the KafkaUser or Kafka whose operator writes it, in an earlier wave`,
          );
        }
      } else if (!this.context.infra.secrets.has(key)) {
        this.fail(`it reads Secrets Manager secret "${key}", which infra does not create`);
      }
    }
  }

  private pods(): void {
    checkPodAdmission(this.context, this.local, this.namespace ?? '', this.fail.bind(this));
  }
}

function laterOrNowhere(provider: string | undefined, hint?: string): string {
  if (provider !== undefined) return `it comes from ${provider}, which is not done before this object is applied`;
  return `nothing in the tree provides it${hint === undefined ? '' : ` (install ${hint})`}`;
}

function checkStorage(
  context: Context,
  local: Facts,
  storageClassName: string | undefined,
  what: string,
  fail: (message: string) => void,
): void {
  if (storageClassName === '') return; // static provisioning: bound to a PersistentVolume by hand
  if (storageClassName === undefined) {
    const defaults = [...local.storageClasses].filter(([, entry]) => entry.isDefault);
    if (defaults.length === 0) {
      const provider = [...context.providers.storageClasses.entries()][0];
      fail(
        `${what} names no StorageClass and there is no default StorageClass yet, so it stays Pending: ${laterOrNowhere(provider === undefined ? undefined : `StorageClass ${provider[0]} at ${provider[1]}`)}`,
      );
      return;
    }
    storageClassName = defaults[0]![0];
  }
  const entry = local.storageClasses.get(storageClassName);
  if (entry === undefined) {
    fail(
      `${what} asks for StorageClass ${storageClassName}, which does not exist yet: ${laterOrNowhere(context.providers.storageClasses.get(storageClassName))}`,
    );
    return;
  }
  if (!context.infra.csiProvisioners.has(entry.provisioner)) {
    fail(
      `${what} uses StorageClass ${storageClassName}, whose provisioner ${entry.provisioner} is not installed (infra installs ${[...context.infra.csiProvisioners].join(', ')})`,
    );
  }
}

function webhookAdmits(webhook: ChartWebhook, groupKind: string): boolean {
  if (webhook.admits === 'pods') return false;
  const group = groupKind.slice(0, groupKind.lastIndexOf('/'));
  return webhook.admits.includes(groupKind) || webhook.admits.includes(`${group}/*`);
}

function checkAdmission(context: Context, local: Facts, groupKind: string, fail: (message: string) => void): void {
  for (const { webhook, where: from } of context.providers.webhooks) {
    if (webhookAdmits(webhook, groupKind) && !local.webhooks.has(webhook.name)) {
      fail(`webhook ${webhook.name}, which admits ${groupKind}, is not running yet: it comes from ${from}`);
    }
  }
}

function checkPodAdmission(context: Context, local: Facts, namespace: string, fail: (message: string) => void): void {
  const labels = context.namespaceLabels.get(namespace) ?? {};
  for (const { webhook, where: from } of context.providers.webhooks) {
    if (webhook.admits !== 'pods') continue;
    const selector = webhook.namespaceLabel;
    if (selector !== undefined && labels[selector.key] !== selector.value) continue;
    if (!local.webhooks.has(webhook.name)) {
      fail(
        `its pods in namespace ${namespace} must be admitted by webhook ${webhook.name}, which is not running yet: it comes from ${from}`,
      );
    }
  }
}

/** A Helm chart's Application: checks what its table says it needs, returns what it installs. */
function syncChart(
  context: Context,
  app: AppNode,
  path: string,
  visible: Facts,
  rootWave: number,
  depth: number,
  folderWave: number,
): Facts {
  const chart = app.chart!;
  const produced = new Facts();
  const origin: Origin = { application: path, rootWave, wave: folderWave };
  const fail = (message: string) =>
    context.problems.push({ file: app.file, object: `chart ${chart.name} (Application ${app.name})`, origin, message });
  const installs = chartInstallsOf(context, app);
  if (installs === undefined) {
    fail(
      `no install table for chart ${chart.name}: add a ChartInstallsTable next to its pin (platform/<component>/charts.ts) and register it in lib/converge/chart-catalog.ts`,
    );
    return produced;
  }
  const local = visible.clone();
  if (app.createNamespace) produced.namespaces.set(app.destination, origin);
  else if (!local.namespaces.has(app.destination)) {
    fail(`its namespace ${app.destination} does not exist yet and the Application does not set CreateNamespace=true`);
  }
  for (const claim of installs.volumeClaims)
    checkStorage(context, local, claim.storageClassName, `${claim.what}'s volume claim`, fail);
  for (const resource of installs.customResources) {
    if (resource.gatedOnCapabilities === true) continue;
    if (!local.crds.has(resource.groupKind) && !installs.crds.includes(resource.groupKind)) {
      fail(
        `it renders ${resource.groupKind} ${resource.name}, whose CRD does not exist yet: ${laterOrNowhere(context.providers.crds.get(resource.groupKind))}`,
      );
    }
    checkAdmission(context, local, resource.groupKind, fail);
  }
  checkPodAdmission(context, local, app.destination, fail);
  for (const crd of installs.crds) produced.crds.set(crd, origin);
  for (const account of installs.serviceAccounts)
    produced.serviceAccounts.set(`${account.namespace}/${account.name}`, origin);
  for (const storageClass of installs.storageClasses)
    produced.storageClasses.set(storageClass.name, { ...storageClass, origin });
  for (const webhook of installs.webhooks) produced.webhooks.set(webhook.name, { webhook, origin });
  for (const api of installs.apiServices) produced.apiServices.set(api, origin);
  if (chart.name === 'karpenter') produced.karpenter = origin;
  const hooks = installs.hooks.map((hook) => `${hook.phase} ${hook.kind} ${hook.name}`);
  context.timeline.push({
    application: path,
    depth,
    rootWave,
    phase: 'Sync',
    wave: folderWave,
    applies: [`chart ${chart.name} ${chart.version}`, ...hooks],
    available: (() => {
      const after = local.clone();
      after.merge(produced);
      return after.describeNew(local);
    })(),
  });
  return produced;
}
