import { type ErrorLocation, ProblemList } from '../errors';
import {
  type AlertsSpec,
  type AppSettings,
  type AppSpec,
  DeliveryStrategy,
  type HttpProbeSpec,
  WorkloadKind,
} from '../model/app-spec';
import { NodePool } from '../model/platform-settings';
import {
  type AwsClusterDefinition,
  type ClusterDefinition,
  MAX_BAKE_TIME_MINUTES,
  SUPPORTED_KUBERNETES_VERSIONS,
} from '../model/cluster';
import { backupCopyRegionProblem, PAIRED_REGION } from '../model/backup-region';
import { DEFAULTS } from '../model/defaults';
import { Environment } from '../model/environment';
import { PLATFORM_LOCK_FILE, platformLockPath, promotedSpecPath } from './load';
import type { ReleasePin } from '../model/release-pins';
import type {
  ResolvedAlerts,
  ResolvedApp,
  ResolvedCluster,
  ResolvedDelivery,
  ResolvedProbe,
  ResolvedSmoke,
} from '../model/resolved-app';
import {
  appSecretName,
  dnsZoneNames,
  fullyQualifiedHost,
  imageRepositoryUri,
  platformSecretName,
  eksClusterName,
} from '../naming';
import { appProblems } from './check-app';
import { clusterKindProblem, declaresLocal, localClusterProblems } from './check-local';
import { platformProblems } from './check-platform';
import type { LoadedApp, LoadedCluster, Project } from './load';
import { applyOverrides, OVERRIDABLE_KEYS } from './merge';
import { didYouMean } from './suggest';
import {
  awsAccountIdProblem,
  awsRegionProblem,
  cidrProblem,
  cidrsOverlap,
  dnsLabelProblem,
  hostnameProblem,
} from './rules';
import { byCodePoint } from '../order';
import { serviceCalls } from '../model/service-calls';
import { kafkaConnectionConfig } from '../events/connection';
import { clusterEventProblems, type EventApp, resolveEvents, schemaReferences } from './check-events';

const ENVIRONMENTS = Object.values(Environment) as string[];

export interface ResolveOptions {
  /** Only these clusters. @default every cluster */
  readonly clusters?: readonly string[];
}

/**
 * Checks the whole project and merges each enabled app with its cluster's overrides and release pin.
 * Every problem found is reported at once (ConfigErrors); nothing is rendered from a project with problems.
 */
export function resolveProject(project: Project, options: ResolveOptions = {}): ResolvedCluster[] {
  const problems = new ProblemList();
  const appsByName = new Map<string, LoadedApp>();

  for (const loaded of project.apps) {
    const { spec, file } = loaded;
    for (const { field, problem } of appProblems(spec)) problems.add({ file, app: spec.name, field }, problem);
    const folder = file.split('/')[1];
    if (typeof spec.name === 'string' && spec.name !== folder) {
      problems.add(
        { file, app: spec.name, field: 'name' },
        `must equal its folder name "${folder}" (apps/<name>/index.ts)`,
      );
    }
    const other = appsByName.get(spec.name);
    if (other !== undefined) {
      problems.add(
        { file, app: spec.name, field: 'name' },
        `duplicate app name: ${other.file} already defines "${spec.name}"`,
      );
    } else {
      appsByName.set(spec.name, loaded);
    }
  }
  for (const { spec, file } of project.apps) {
    for (const { field, schema } of schemaReferences(spec)) {
      if (project.fileExists?.(schema) === false) {
        problems.add(
          { file, app: spec.name, field },
          `"${schema}" does not exist in the repository; add the schema file or correct the path`,
        );
      }
    }
    (spec.allowedClients ?? []).forEach((client, index) => {
      if (!appsByName.has(client)) {
        problems.add(
          { file, app: spec.name, field: `allowedClients[${index}]` },
          `unknown app "${client}"; known apps: ${[...appsByName.keys()].sort().join(', ')}`,
        );
      }
    });
  }

  for (const { spec, file } of project.apps) {
    for (const { field, problem } of dependencyTargetProblems(spec, spec.dependencies ?? {}, appsByName))
      problems.add({ file, app: spec.name, field }, problem);
  }
  const known = new Set(project.clusters.map((cluster) => cluster.definition.name));
  for (const wanted of options.clusters ?? []) {
    if (!known.has(wanted)) {
      problems.add(
        { cluster: wanted },
        `unknown cluster; known clusters: ${[...known].sort().join(', ')} (each is a file clusters/<name>.ts)`,
      );
    }
  }
  const selected = project.clusters.filter((cluster) => options.clusters?.includes(cluster.definition.name) ?? true);
  for (const { definition, file } of selected) {
    const from = definition.promotion?.from;
    if (definition.promotion === undefined) continue;
    const source = project.clusters.find((cluster) => cluster.definition.name === from);
    if (source !== undefined && declaresLocal(source.definition)) {
      problems.add(
        { file, cluster: definition.name, field: 'promotion.from' },
        `"${from}" is a local cluster: it reports no health to a promotion gate and runs what a developer has; promote from a shared cluster such as staging`,
      );
    }
    if (typeof from !== 'string' || !known.has(from) || from === definition.name) {
      problems.add(
        { file, cluster: definition.name, field: 'promotion.from' },
        `${JSON.stringify(from)} must name another cluster to promote from; known clusters: ${[...known].sort().join(', ')}`,
      );
    }
    const bake = definition.promotion.bakeTimeMinutes;
    if (bake !== undefined && (!Number.isInteger(bake) || bake < 0 || bake > MAX_BAKE_TIME_MINUTES)) {
      problems.add(
        { file, cluster: definition.name, field: 'promotion.bakeTimeMinutes' },
        `${JSON.stringify(bake)} must be a whole number of minutes from 0 to ${MAX_BAKE_TIME_MINUTES} (a week); 0 lets a promotion through as soon as the source reports Synced and Healthy`,
      );
    }
  }
  for (const { definition, file } of selected) {
    for (const other of project.clusters) {
      if (other.definition.name === definition.name) continue;
      const at = { file, cluster: definition.name };
      if (typeof definition.baseDomain === 'string' && definition.baseDomain === other.definition.baseDomain) {
        problems.add(
          { ...at, field: 'baseDomain' },
          `"${definition.baseDomain}" is also the base domain of cluster "${other.definition.name}" (${other.file}); each cluster needs its own zone: external-dns and the certificate of one would serve the other's hosts`,
        );
      }
      for (const zone of definition.ingress?.extraZones ?? []) {
        if (zone === other.definition.baseDomain || (other.definition.ingress?.extraZones ?? []).includes(zone)) {
          problems.add(
            { ...at, field: 'ingress.extraZones' },
            `"${zone}" is also a zone of cluster "${other.definition.name}" (${other.file}); each zone belongs to one cluster, whose external-dns owns its records`,
          );
        }
      }
      if (cidrsOverlap(definition.vpcCidr, other.definition.vpcCidr)) {
        problems.add(
          { ...at, field: 'vpcCidr' },
          `${definition.vpcCidr} overlaps ${other.definition.vpcCidr}, the VPC of cluster "${other.definition.name}" (${other.file}); give each cluster its own range so the VPCs can be peered and routed`,
        );
      }
    }
  }
  const resolved = selected.map((cluster) => resolveCluster(cluster, appsByName, problems, project.isChanged));
  problems.throwIfAny();
  return resolved;
}

/** An app's claim of a host and path in one cluster: where it is set, and the files it comes from. */
interface HostClaim {
  readonly app: string;
  readonly at: ErrorLocation;
  readonly files: readonly string[];
}

function resolveCluster(
  loaded: LoadedCluster,
  appsByName: ReadonlyMap<string, LoadedApp>,
  problems: ProblemList,
  isChanged: ((file: string) => boolean) | undefined,
): ResolvedCluster {
  const { definition, file, pinsFile, pins } = loaded;
  const cluster = definition.name;
  checkClusterFields(loaded, problems);
  const specs = loaded.promoted === undefined ? appsByName : promotedApps(loaded, problems);

  const apps: ResolvedApp[] = [];
  const eventApps: EventApp[] = [];
  const routes = new Map<string, HostClaim>();
  for (const [name, overrides] of Object.entries(definition.apps ?? {}).sort(([a], [b]) => byCodePoint(a, b))) {
    const at = { file, cluster, app: name };
    const app = specs.get(name);
    if (loaded.promoted !== undefined && `${name}.yaml` === PLATFORM_LOCK_FILE) {
      problems.add(
        { ...at, field: `apps.${name}` },
        `a gated cluster cannot run an app named "${name}": ${platformLockPath(cluster)} holds its platform revision; rename the app`,
      );
      continue;
    }
    if (app === undefined && appsByName.has(name)) {
      problems.add(
        { file: promotedSpecPath(cluster, name), cluster, app: name },
        `no promoted spec: cluster "${cluster}" is gated; promote the app in the same pull request: npm run promote -- --from ${definition.promotion?.from} --to ${cluster} --app ${name}`,
      );
      continue;
    }
    if (app === undefined) {
      problems.add(
        { ...at, field: `apps.${name}` },
        `unknown app${didYouMean(name, [...appsByName.keys()])}; known apps: ${[...appsByName.keys()].sort().join(', ')} (each is a folder apps/<name>/)`,
      );
      continue;
    }
    const applicable: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(overrides ?? {})) {
      if ((OVERRIDABLE_KEYS as string[]).includes(key)) {
        applicable[key] = value;
      } else {
        problems.add(
          { ...at, field: `apps.${name}.${key}` },
          `cannot be overridden per cluster${didYouMean(key, OVERRIDABLE_KEYS)}; overridable fields: ${OVERRIDABLE_KEYS.join(', ')}`,
        );
      }
    }
    const merged = applyOverrides(app.spec, applicable);
    const overriddenDependencies = (overrides as AppSettings | undefined)?.dependencies;
    if (overriddenDependencies !== undefined) {
      for (const { field, problem } of dependencyTargetProblems(merged, overriddenDependencies, appsByName))
        problems.add({ ...at, field: `apps.${name}.${field}` }, problem);
    }
    const ownProblems = new Set(appProblems(app.spec).map((p) => `${p.field}\n${p.problem}`));
    for (const { field, problem } of appProblems(merged)) {
      if (!ownProblems.has(`${field}\n${problem}`)) problems.add({ ...at, field: `apps.${name}.${field}` }, problem);
    }

    const pin = pins[name];
    if (pin === undefined) {
      problems.add(
        { file: pinsFile, cluster, app: name, field: `apps.${name}` },
        definition.environment === Environment.PRODUCTION || definition.promotion !== undefined
          ? `no release pin; promote the version ${definition.promotion?.from ?? 'staging'} runs in the same pull request: npm run promote -- --from ${definition.promotion?.from ?? 'staging'} --to ${cluster} --app ${name}`
          : `no release pin; set one with: npm run release -- --cluster ${cluster} --app ${name} --tag <tag> --digest sha256:<digest>`,
      );
      continue;
    }
    if (requiresDigests(definition) && pin.digest === undefined) {
      problems.add(
        { file: pinsFile, cluster, app: name, field: `apps.${name}.digest` },
        `cluster "${cluster}" runs images by digest only; pin "${pin.tag}" has none (promote it from staging, which carries the digest)`,
      );
    }

    if ((overrides as AppSettings | undefined)?.mesh === true && definition.platform?.mesh === undefined) {
      problems.add(
        { ...at, field: `apps.${name}.mesh` },
        `the app is to join the mesh, but cluster "${cluster}" runs none; add platform.mesh to ${file}, or remove apps.${name}.mesh`,
      );
    }
    if (Object.keys(merged.secrets ?? {}).length > 0 && definition.platform?.externalSecrets === undefined) {
      problems.add(
        { ...at, field: 'secrets' },
        `the app reads secrets, but cluster "${cluster}" does not run External Secrets; add platform.externalSecrets to ${file}`,
      );
    }
    const deliveryAt: ErrorLocation =
      (overrides as { delivery?: unknown } | undefined)?.delivery !== undefined
        ? { ...at, field: `apps.${name}.delivery` }
        : { file: app.file, cluster, app: name, field: 'delivery' };
    const strategy = merged.delivery?.strategy;
    if (
      strategy !== undefined &&
      strategy !== DeliveryStrategy.ROLLING_UPDATE &&
      definition.platform?.rollouts === undefined
    ) {
      problems.add(
        deliveryAt,
        `${strategy} delivery needs Argo Rollouts, which cluster "${cluster}" does not run; add platform.rollouts: { controllerReplicas: 1 } to ${file}, or keep the rolling update here with apps.${name}.delivery: { strategy: 'rollingUpdate' }`,
      );
    }
    const resolvedApp = resolveApp(merged, definition, pin, [app.file, file, pinsFile], overrides ?? {});
    for (const [env, ref] of Object.entries(resolvedApp.secrets)) {
      const problem = foreignSecretProblem(definition, name, ref.key);
      if (problem !== undefined)
        problems.add({ file: app.file, cluster, app: name, field: `secrets.${env}.key` }, problem);
    }
    if (resolvedApp.ingress !== undefined) {
      const host = resolvedApp.ingress.host;
      const inCluster = (overrides as { ingress?: unknown } | undefined)?.ingress !== undefined;
      const hostAt: ErrorLocation = inCluster
        ? { ...at, field: `apps.${name}.ingress.host` }
        : { file: app.file, cluster, app: name, field: 'ingress.host' };
      const zone = definition.baseDomain;
      const zones = typeof zone === 'string' ? dnsZoneNames(definition) : [];
      if (zones.length > 0 && !zones.some((candidate) => host === candidate || host.endsWith(`.${candidate}`))) {
        const label = host.split('.')[0];
        const extra = zones.slice(1);
        problems.add(
          hostAt,
          extra.length === 0
            ? `host "${host}" is not under the cluster's base domain "${zone}": its external-dns publishes and its certificate covers only that zone; use a name such as "${label}" (${label}.${zone}), or list the host's zone in ingress.extraZones of ${file}`
            : `host "${host}" is not under the cluster's base domain "${zone}" or its extra zones (${extra.join(', ')}): external-dns publishes only those; use a name such as "${label}" (${label}.${zone}), or add the host's zone to ingress.extraZones of ${file}`,
        );
      }
      const route = `${resolvedApp.ingress.host}${resolvedApp.ingress.path}`;
      const claim: HostClaim = {
        app: name,
        at: hostAt,
        files: inCluster ? [app.file, file] : [app.file],
      };
      const owner = routes.get(route);
      if (owner !== undefined) {
        // Blame the claim that is new: the one whose files changed since the last commit, else the later one.
        const changed = (candidate: HostClaim): boolean => candidate.files.some((f) => isChanged?.(f) === true);
        const [blamed, kept] = changed(owner) && !changed(claim) ? [owner, claim] : [claim, owner];
        problems.add(
          blamed.at,
          `host and path "${route}" are already claimed by app "${kept.app}" (${kept.at.file}) in this cluster; give each app its own host or path`,
        );
      } else {
        routes.set(route, claim);
      }
    }
    const preview = resolvedApp.delivery?.strategy === 'blueGreen' ? resolvedApp.delivery.previewHost : undefined;
    if (preview !== undefined) {
      const previewAt = { ...deliveryAt, field: `${deliveryAt.field}.previewHost` };
      const zones = dnsZoneNames(definition);
      if (!zones.some((zone) => preview === zone || preview.endsWith(`.${zone}`))) {
        problems.add(
          previewAt,
          `host "${preview}" is not under the cluster's DNS zones (${zones.join(', ')}); use a single label such as "${preview.split('.')[0]}"`,
        );
      }
      const route = `${preview}/`;
      const owner = routes.get(route);
      if (owner !== undefined || resolvedApp.ingress?.host === preview) {
        problems.add(
          previewAt,
          `host "${preview}" is already claimed by app "${owner?.app ?? name}" in this cluster; the preview needs a host of its own`,
        );
      } else {
        routes.set(route, { app: name, at: previewAt, files: [previewAt.file ?? app.file] });
      }
    }
    apps.push(resolvedApp);
    eventApps.push({ app: resolvedApp, file: app.file, spec: merged });
  }
  const policies = new Map<string, { client: string; policy: string }>();
  for (const call of serviceCalls(apps)) {
    if (call.dependency !== undefined) {
      const at = { file, cluster, app: call.client.name, field: `dependencies.${call.server.name}` };
      if (!call.client.mesh || !call.server.mesh) {
        const outside = [call.client, call.server].filter((app) => !app.mesh).map((app) => `"${app.name}"`);
        problems.add(
          at,
          definition.platform?.mesh === undefined
            ? `timeouts and outlier detection are applied by the mesh, and cluster "${cluster}" runs none; add platform.mesh to ${file}, or remove the entry`
            : `timeouts and outlier detection are applied by the mesh, and ${outside.join(' and ')} ${outside.length > 1 ? 'are' : 'is'} not in it; enroll ${outside.length > 1 ? 'them' : 'it'} (mesh: true), or remove the entry`,
        );
      }
      const policy = JSON.stringify(call.dependency);
      const other = policies.get(call.server.name);
      if (other === undefined) policies.set(call.server.name, { client: call.client.name, policy });
      else if (other.policy !== policy) {
        problems.add(
          at,
          `differs from what "${other.client}" declares for "${call.server.name}" (${other.policy}); the waypoint of "${call.server.name}" applies one policy to every caller, so declare the same settings`,
        );
      }
    }
    if (call.server.mesh && !call.client.mesh) {
      problems.add(
        { file, cluster, app: call.client.name, field: `apps.${call.client.name}.mesh` },
        `app "${call.client.name}" calls "${call.server.name}" (named in its allowedClients), which is in the mesh with STRICT mTLS and refuses plain-text connections; enroll "${call.client.name}" too (mesh: true), or take "${call.server.name}" out (mesh: false)`,
      );
    }
  }
  for (const { at, problem } of clusterEventProblems({
    cluster,
    clusterFile: file,
    hasEventBus: definition.platform?.events !== undefined,
    apps: eventApps,
  }))
    problems.add(at, problem);
  return { definition, file, pinsFile, apps };
}

/**
 * A gated cluster's apps: its promoted specs, each checked like an app spec; a spec promoted for an app the
 * cluster no longer runs is a problem (delete the file with the app).
 */
function promotedApps(loaded: LoadedCluster, problems: ProblemList): Map<string, LoadedApp> {
  const cluster = loaded.definition.name;
  const apps = new Map<string, LoadedApp>();
  for (const [name, promoted] of Object.entries(loaded.promoted ?? {})) {
    const { spec, file } = promoted;
    if (loaded.definition.apps?.[name] === undefined) {
      problems.add(
        { file, cluster, app: name },
        `the app is not enabled in ${loaded.file}; delete this file in the pull request that removes the app`,
      );
      continue;
    }
    for (const { field, problem } of appProblems(spec)) problems.add({ file, cluster, app: name, field }, problem);
    if (spec.name !== name) {
      problems.add({ file, cluster, app: name, field: 'spec.name' }, `must equal the file name "${name}"`);
    }
    apps.set(name, { spec, file });
  }
  return apps;
}

/** A `dependencies` entry names an app that admits this one as a client and serves a Service. */
function dependencyTargetProblems(
  spec: AppSpec,
  dependencies: Readonly<Record<string, unknown>>,
  appsByName: ReadonlyMap<string, LoadedApp>,
): { field: string; problem: string }[] {
  const problems: { field: string; problem: string }[] = [];
  for (const dependency of Object.keys(dependencies)) {
    const field = `dependencies.${dependency}`;
    const server = appsByName.get(dependency);
    if (server === undefined) {
      problems.push({
        field,
        problem: `unknown app "${dependency}"; known apps: ${[...appsByName.keys()].sort().join(', ')}`,
      });
    } else if (!(server.spec.allowedClients ?? []).includes(spec.name)) {
      problems.push({
        field,
        problem: `"${dependency}" does not list "${spec.name}" in its allowedClients (${server.spec.allowedClients?.join(', ') || 'none'}), so "${spec.name}" cannot call it; add "${spec.name}" there (${server.file})`,
      });
    } else if (server.spec.kind !== WorkloadKind.WEB_SERVICE) {
      problems.push({
        field,
        problem: `"${dependency}" is a ${server.spec.kind}: timeouts and outlier detection apply to a web service's Service; remove the entry`,
      });
    }
  }
  return problems;
}

function checkClusterFields({ definition, file }: LoadedCluster, problems: ProblemList): void {
  const cluster = typeof definition.name === 'string' ? definition.name : undefined;
  const add = (field: string, problem: string | undefined): void => {
    if (problem !== undefined) problems.add({ file, cluster, field }, problem);
  };
  add('name', dnsLabelProblem(definition.name));
  const expected = file.replace(/^clusters\//, '').replace(/\.ts$/, '');
  if (definition.name !== expected) add('name', `must equal its file name "${expected}" (clusters/<name>.ts)`);
  if (!ENVIRONMENTS.includes(definition.environment))
    add('environment', `${JSON.stringify(definition.environment)} is not one of ${ENVIRONMENTS.join(', ')}`);
  add('kind', clusterKindProblem((definition as { kind?: unknown }).kind));
  const local = declaresLocal(definition);
  if (local) for (const { field, problem } of localClusterProblems(definition)) add(field, problem);
  if (!local) {
    add('awsAccountId', awsAccountIdProblem(definition.awsAccountId));
    add('awsRegion', awsRegionProblem(definition.awsRegion));
    const aws = definition as AwsClusterDefinition;
    if (aws.backupCopyRegion !== undefined) {
      add(
        'backupCopyRegion',
        awsRegionProblem(aws.backupCopyRegion) ?? backupCopyRegionProblem(aws.awsRegion, aws.backupCopyRegion),
      );
    } else if (aws.platform?.backup !== undefined && PAIRED_REGION[aws.awsRegion] === undefined) {
      add(
        'backupCopyRegion',
        `platform.backup needs a region for Velero's bucket and ${aws.awsRegion} has no default pairing: set backupCopyRegion to a region other than ${aws.awsRegion}`,
      );
    }
  }
  if (!SUPPORTED_KUBERNETES_VERSIONS.includes(definition.kubernetesVersion)) {
    add(
      'kubernetesVersion',
      `${JSON.stringify(definition.kubernetesVersion)} is not supported; use one of ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}`,
    );
  }
  add(
    'baseDomain',
    typeof definition.baseDomain === 'string' ? hostnameProblem(definition.baseDomain) : 'missing base domain',
  );
  if (!local) add('vpcCidr', cidrProblem(definition.vpcCidr));
  (definition.apiPublicAccessCidrs ?? []).forEach((cidr, index) => {
    add(`apiPublicAccessCidrs[${index}]`, cidrProblem(cidr));
    if (definition.environment === Environment.PRODUCTION && cidr === '0.0.0.0/0') {
      add(
        `apiPublicAccessCidrs[${index}]`,
        "opens production's Kubernetes API to the whole internet; list your VPN or office egress CIDRs, or leave apiPublicAccessCidrs out (private endpoint)",
      );
    }
  });
  const extraZones: unknown = definition.ingress?.extraZones;
  if (
    extraZones !== undefined &&
    !(Array.isArray(extraZones) && extraZones.every((zone) => typeof zone === 'string'))
  ) {
    add(
      'ingress.extraZones',
      `${JSON.stringify(extraZones)} must be a list of DNS zones (for example ["example.org"])`,
    );
  } else {
    for (const [index, zone] of ((extraZones as string[] | undefined) ?? []).entries()) {
      const field = `ingress.extraZones[${index}]`;
      add(field, hostnameProblem(zone));
      if (
        typeof definition.baseDomain === 'string' &&
        (zone === definition.baseDomain || zone.endsWith(`.${definition.baseDomain}`))
      ) {
        add(field, `"${zone}" is already under the base domain "${definition.baseDomain}"; list only zones outside it`);
      }
    }
  }
  for (const { field, problem } of platformProblems(definition.platform ?? {})) add(field, problem);
  const alerting = definition.platform?.monitoring?.alerting;
  if (definition.environment === Environment.PRODUCTION && alerting !== undefined && alerting.heartbeat === undefined) {
    add(
      'platform.monitoring.alerting.heartbeat',
      "production needs a dead man's switch: set heartbeat: { provider: HeartbeatProvider.PAGERDUTY } (or HEALTHCHECKS) and put its ping URL in the property heartbeat-url of the alertmanager secret",
    );
  }
}

/**
 * An app reads its own secret or shared ones, never another app's or a platform component's. AWS enforces it
 * too (each app's SecretStore reads through its own reader role, docs/security.md); this is the early error,
 * in the pull request instead of an AccessDenied in the cluster.
 */
function foreignSecretProblem(cluster: ClusterDefinition, app: string, key: string): string | undefined {
  const own = appSecretName(cluster, app);
  const appsPrefix = own.slice(0, own.length - app.length);
  const platformPrefix = platformSecretName(cluster, 'grafana').replace(/[^/]+$/, '');
  if (key !== own && (key.startsWith(appsPrefix) || key.startsWith(platformPrefix))) {
    return `"${key}" belongs to another app or to the platform; an app reads its own secret "${own}" (leave key out) or a shared one outside ${appsPrefix}* and ${platformPrefix}*`;
  }
  return undefined;
}

function requiresDigests(definition: ClusterDefinition): boolean {
  return definition.requireImageDigests ?? definition.environment === Environment.PRODUCTION;
}

/** An app's alert thresholds: its own (with the cluster's per-app overrides), the cluster's defaults, DEFAULTS. */
function resolveAlerts(own: AlertsSpec, cluster: AlertsSpec): ResolvedAlerts {
  const minRequestsPerSecond = own.minRequestsPerSecond;
  return {
    ...(minRequestsPerSecond === undefined ? {} : { minRequestsPerSecond }),
    unavailableForMinutes:
      own.unavailableForMinutes ?? cluster.unavailableForMinutes ?? DEFAULTS.alertUnavailableForMinutes,
    cpuRequestPercent: own.cpuRequestPercent ?? cluster.cpuRequestPercent ?? DEFAULTS.alertCpuRequestPercent,
    cpuLimitPercent: own.cpuLimitPercent ?? cluster.cpuLimitPercent ?? DEFAULTS.alertCpuLimitPercent,
    memoryLimitPercent: own.memoryLimitPercent ?? cluster.memoryLimitPercent ?? DEFAULTS.alertMemoryLimitPercent,
    latencyP95Ms: own.latencyP95Ms ?? cluster.latencyP95Ms ?? DEFAULTS.alertLatencyP95Ms,
    errorsPerMinute: own.errorsPerMinute ?? cluster.errorsPerMinute ?? DEFAULTS.alertErrorsPerMinute,
    errorRatioPercent: own.errorRatioPercent ?? cluster.errorRatioPercent ?? DEFAULTS.alertErrorRatioPercent,
  };
}

function resolveApp(
  spec: AppSpec,
  cluster: ClusterDefinition,
  pin: ReleasePin,
  sources: string[],
  overrides: AppSettings,
): ResolvedApp {
  const ports = spec.ports ?? [];
  const firstPort = ports[0]?.name ?? '';
  const probe = (given: HttpProbeSpec | undefined, failureThreshold: number): ResolvedProbe | undefined =>
    given === undefined
      ? undefined
      : {
          path: given.path,
          port: given.port ?? firstPort,
          periodSeconds: given.periodSeconds ?? DEFAULTS.probePeriodSeconds,
          failureThreshold: given.failureThreshold ?? failureThreshold,
          initialDelaySeconds: given.initialDelaySeconds ?? 0,
        };
  const repository = imageRepositoryUri(cluster, spec.imageRepository);
  const autoscaling = spec.autoscaling;
  const longRunning = spec.kind !== 'cron-job';
  const events = resolveEvents(spec.name, spec.events);
  return {
    name: spec.name,
    team: spec.team,
    environment: cluster.environment,
    kind: spec.kind,
    image: pin.digest === undefined ? `${repository}:${pin.tag}` : `${repository}:${pin.tag}@${pin.digest}`,
    version: pin.tag,
    ports,
    ...(spec.metricsPort === undefined
      ? {}
      : { metrics: { port: spec.metricsPort, path: spec.metricsPath ?? DEFAULTS.metricsPath } }),
    httpMetrics: {
      requestsTotal: spec.httpMetrics?.requestsTotal ?? DEFAULTS.httpRequestsMetric,
      statusCodeLabel: spec.httpMetrics?.statusCodeLabel ?? DEFAULTS.httpStatusCodeLabel,
      durationHistogram: spec.httpMetrics?.durationHistogram ?? DEFAULTS.httpDurationHistogram,
    },
    ...(spec.slo === undefined
      ? {}
      : {
          slo: {
            availabilityPercent: spec.slo.availabilityPercent,
            windowDays: spec.slo.windowDays ?? DEFAULTS.sloWindowDays,
            minEventsPerWindow: spec.slo.minEventsPerWindow ?? DEFAULTS.sloMinEventsPerWindow,
            ...(spec.slo.latencyThresholdMs === undefined
              ? {}
              : {
                  latency: {
                    thresholdMs: spec.slo.latencyThresholdMs,
                    percent: spec.slo.latencyPercent ?? DEFAULTS.sloLatencyPercent,
                  },
                }),
          },
        }),
    ...(spec.command === undefined ? {} : { command: spec.command }),
    ...(spec.args === undefined ? {} : { args: spec.args }),
    // The event bus's connection settings join the app's own config (the checks refuse a key in both).
    config:
      events === undefined ? (spec.config ?? {}) : { ...spec.config, ...kafkaConnectionConfig(spec.name, events) },
    ...(events === undefined ? {} : { events }),
    secrets: Object.fromEntries(
      Object.entries(spec.secrets ?? {}).map(([env, ref]) => [
        env,
        { key: ref.key ?? appSecretName(cluster, spec.name), property: ref.property },
      ]),
    ),
    resources: {
      cpuRequestMilli: spec.resources?.cpuRequestMilli ?? DEFAULTS.cpuRequestMilli,
      ...(spec.resources?.cpuLimitMilli === undefined ? {} : { cpuLimitMilli: spec.resources.cpuLimitMilli }),
      memoryRequestMi: spec.resources?.memoryRequestMi ?? DEFAULTS.memoryRequestMi,
      memoryLimitMi: spec.resources?.memoryLimitMi ?? DEFAULTS.memoryLimitMi,
    },
    ...(longRunning && autoscaling === undefined ? { replicas: spec.replicas ?? DEFAULTS.replicas } : {}),
    ...(longRunning && autoscaling !== undefined
      ? { autoscaling: { ...autoscaling, cpuTargetPercent: autoscaling.cpuTargetPercent ?? DEFAULTS.cpuTargetPercent } }
      : {}),
    probes: {
      liveness: probe(spec.probes?.liveness, DEFAULTS.probeFailureThreshold),
      readiness: probe(spec.probes?.readiness, DEFAULTS.probeFailureThreshold),
      startup: probe(spec.probes?.startup, DEFAULTS.startupProbeFailureThreshold),
    },
    ...(spec.ingress === undefined
      ? {}
      : {
          ingress: {
            host: fullyQualifiedHost(cluster, spec.ingress.host),
            path: spec.ingress.path ?? DEFAULTS.ingressPath,
          },
        }),
    ...(spec.schedule === undefined ? {} : { schedule: spec.schedule }),
    suspend: spec.suspend ?? false,
    nodePool: (spec.nodePool ?? (spec.kind === WorkloadKind.CRON_JOB ? NodePool.SPOT : NodePool.GENERAL)) as NodePool,
    allowedClients: [...(spec.allowedClients ?? [])].sort(),
    mesh: cluster.platform?.mesh !== undefined && (spec.mesh ?? cluster.platform.mesh.enrollAppsByDefault ?? false),
    dependencies: spec.dependencies ?? {},
    alerts: resolveAlerts(spec.alerts ?? {}, cluster.platform?.monitoring?.alertDefaults ?? {}),
    ...resolveDelivery(spec, cluster),
    // Where the cluster runs no Tempo the app sends nothing: its spec promotes to a cluster whose platform has
    // not got tracing yet without failing, and starts tracing there once the platform has it.
    ...(spec.tracing === undefined || cluster.platform?.tracing === undefined
      ? {}
      : {
          tracing: {
            samplingPercent:
              spec.tracing.samplingPercent ??
              cluster.platform?.tracing?.samplingPercent ??
              DEFAULTS.traceSamplingPercent,
            clusterName: eksClusterName(cluster),
            environment: cluster.environment,
          },
        }),
    sources: Object.keys(overrides).length === 0 ? [sources[0]!, sources[2]!] : sources,
  };
}

/** The app's delivery and smoke test with their defaults; a rolling update resolves to no delivery. */
function resolveDelivery(spec: AppSpec, cluster: ClusterDefinition): Pick<ResolvedApp, 'delivery' | 'smoke'> {
  const delivery = spec.delivery;
  const smoke = spec.smoke;
  const out: { delivery?: ResolvedDelivery; smoke?: ResolvedSmoke } = {};
  if (delivery?.strategy === DeliveryStrategy.CANARY) {
    out.delivery = {
      strategy: 'canary',
      steps: [...(delivery.steps ?? DEFAULTS.canarySteps)],
      pauseMinutes: delivery.pauseMinutes ?? DEFAULTS.canaryPauseMinutes,
    };
  } else if (delivery?.strategy === DeliveryStrategy.BLUE_GREEN) {
    out.delivery = {
      strategy: 'blueGreen',
      ...(delivery.previewHost === undefined ? {} : { previewHost: fullyQualifiedHost(cluster, delivery.previewHost) }),
    };
  }
  if (smoke !== undefined && 'path' in smoke) {
    out.smoke = {
      kind: 'http',
      path: smoke.path,
      expectStatus: smoke.expectStatus ?? 200,
      port: smoke.port ?? spec.ports?.[0]?.name ?? '',
      image: cluster.platform?.rollouts?.smokeHttpImage ?? DEFAULTS.smokeHttpImage,
    };
  } else if (smoke !== undefined) {
    out.smoke = { kind: 'command', command: [...smoke.command], image: smoke.image };
  }
  return out;
}
