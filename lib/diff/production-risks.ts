import { PLATFORM_PROJECT } from '../argocd/defaults';
import { asArray, getIn, kindOf } from '../validate/kube-object';
import type { KubeObject } from '../validate/types';
import type { FieldChange } from './field-changes';

/** What can hurt a cluster when a pull request merges, beyond a plain resource change. */
export enum ProductionRisk {
  /** A Helm chart's pinned version changes. */
  CHART_VERSION = 'chart-version',
  /** A Helm value that can delete data or capacity changes (RISKY_HELM_VALUES). */
  HELM_VALUE = 'helm-value',
  /** Automated sync, prune or self-heal of an Application changes. */
  SYNC_POLICY = 'sync-policy',
  /** The sync windows of an AppProject change. */
  SYNC_WINDOW = 'sync-window',
  /** An app or a platform component disappears from the cluster. */
  REMOVAL = 'removal',
  /** An app's delivery changes: rolling update, canary or blue-green (its steps, pauses, analysis, smoke test). */
  DELIVERY_STRATEGY = 'delivery-strategy',
}

/** A Helm value key whose change a reviewer must see, and why. */
export interface RiskyHelmValue {
  /** Dotted key, matched against the end of any values path (`crds.enabled` matches `kps.crds.enabled`). */
  readonly key: string;
  readonly risk: string;
}

/**
 * Helm value keys whose change can delete data, custom resources or capacity. Matched on whole path segments
 * at any depth of `spec.source.helm.valuesObject`; the first match names the risk.
 */
export const RISKY_HELM_VALUES: readonly RiskyHelmValue[] = [
  { key: 'crds.enabled', risk: 'without its CRDs, every custom resource of them is deleted' },
  { key: 'crds.install', risk: 'without its CRDs, every custom resource of them is deleted' },
  { key: 'crds.keep', risk: 'CRDs (and their custom resources) are deleted with the release' },
  { key: 'installCRDs', risk: 'without its CRDs, every custom resource of them is deleted' },
  { key: 'replicas', risk: 'capacity and availability change' },
  { key: 'replicaCount', risk: 'capacity and availability change' },
  { key: 'persistence', risk: 'volumes may be recreated or dropped, and their data with them' },
  { key: 'storageSpec', risk: 'volumes may be recreated, and their data with them' },
  { key: 'volumeClaimTemplate', risk: 'volumes may be recreated, and their data with them' },
  { key: 'retention', risk: 'shorter retention deletes stored data' },
  { key: 'retentionSize', risk: 'a smaller size deletes stored data' },
  { key: 'retention_period', risk: 'shorter retention deletes stored data' },
  { key: 'retention_enabled', risk: 'retention deletes stored data' },
  { key: 'retentionDays', risk: 'shorter retention deletes stored data' },
];

/** One risk found in one resource change. */
export interface RiskFinding {
  readonly risk: ProductionRisk;
  readonly text: string;
}

const VALUES_PATH = /^spec\.source(s\[[^\]]+\])?\.helm\.valuesObject\.?/;
const TARGET_REVISION = /^spec\.(source|sources\[([^\]]+)\])\.targetRevision$/;

/** Path segments of a field path: `a.b['c.d'][web]` -> a, b, c.d, web. */
function segments(path: string): string[] {
  const out: string[] = [];
  for (const match of path.matchAll(/\['([^']*)'\]|\[([^\]]*)\]|([^.[\]]+)/g))
    out.push(match[1] ?? match[2] ?? match[3]!);
  return out;
}

/** The first risky key whose segments end a prefix of `keys` (so `persistence.size` matches `persistence`). */
export function riskyHelmValue(valuesPath: string): RiskyHelmValue | undefined {
  const keys = segments(valuesPath);
  return RISKY_HELM_VALUES.find((entry) => {
    const wanted = entry.key.split('.');
    for (let end = wanted.length; end <= keys.length; end++) {
      if (wanted.every((key, index) => keys[end - wanted.length + index] === key)) return true;
    }
    return false;
  });
}

function show(value: unknown): string {
  return value === undefined ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value);
}

function sourceAt(object: unknown, index: string | undefined): unknown {
  if (index === undefined) return getIn(object, ['spec', 'source']);
  const sources = asArray(getIn(object, ['spec', 'sources']));
  return /^\d+$/.test(index) ? sources[Number(index)] : sources.find((source) => getIn(source, ['chart']) === index);
}

function windowsOf(object: unknown): string {
  const windows = asArray(getIn(object, ['spec', 'syncWindows']));
  if (windows.length === 0) return 'none';
  return windows
    .map(
      (window) =>
        `${show(getIn(window, ['kind']))} "${show(getIn(window, ['schedule']))}" for ${show(getIn(window, ['duration']))}`,
    )
    .join('; ');
}

/**
 * The production risks of one resource change: chart version bumps, risky Helm values (by key), sync policy
 * and sync window changes, the removal of an app or a platform component (an Argo CD Application), and a change
 * of an app's delivery (a Rollout added, removed, or its strategy changed).
 */
export function productionRisks(
  status: 'added' | 'removed' | 'changed',
  fields: readonly FieldChange[],
  before: unknown,
  after: unknown,
): RiskFinding[] {
  const object = after ?? before;
  const kind = kindOf(object as KubeObject);
  const findings: RiskFinding[] = [];
  if (kind === 'Application' && status === 'removed') {
    const project = getIn(before, ['spec', 'project']);
    const what = project === PLATFORM_PROJECT ? 'platform component' : `app of team ${show(project)}`;
    findings.push({
      risk: ProductionRisk.REMOVAL,
      text: `${what} removed: Argo CD stops managing it${asArray(getIn(before, ['metadata', 'finalizers'])).length > 0 ? ' and deletes everything it deployed' : ''}`,
    });
  }
  if (
    kind === 'AppProject' &&
    status === 'changed' &&
    fields.some((field) => field.path.startsWith('spec.syncWindows'))
  ) {
    findings.push({
      risk: ProductionRisk.SYNC_WINDOW,
      text: `sync windows: ${windowsOf(before)} → ${windowsOf(after)}`,
    });
  }
  if (kind === 'Rollout') {
    const strategyChanged = fields.some((field) => field.path.startsWith('spec.strategy'));
    if (status !== 'changed' || strategyChanged) {
      const was = status === 'added' ? 'rolling update' : deliverySummary(before);
      const is = status === 'removed' ? 'rolling update' : deliverySummary(after);
      const consequence =
        status === 'added'
          ? ': Argo Rollouts takes over the pods; Argo CD prunes the Deployment once the Rollout is healthy'
          : status === 'removed'
            ? ': a Deployment takes the pods back; Argo CD prunes the Rollout once the Deployment is healthy'
            : '';
      if (was !== is)
        findings.push({ risk: ProductionRisk.DELIVERY_STRATEGY, text: `delivery: ${was} → ${is}${consequence}` });
    }
  }
  if (kind !== 'Application' || status !== 'changed') return findings;
  for (const field of fields) {
    const revision = TARGET_REVISION.exec(field.path);
    if (revision !== null) {
      const chart = getIn(sourceAt(after, revision[2]), ['chart']);
      if (typeof chart === 'string') {
        findings.push({
          risk: ProductionRisk.CHART_VERSION,
          text: `chart ${chart}: ${show(field.before)} → ${show(field.after)}`,
        });
      }
      continue;
    }
    if (field.path.startsWith('spec.syncPolicy.automated') || field.path === 'spec.syncPolicy') {
      const key = field.path.replace(/^spec\.syncPolicy\.?/, '') || 'syncPolicy';
      findings.push({
        risk: ProductionRisk.SYNC_POLICY,
        text: `sync policy ${key}: ${show(field.before)} → ${show(field.after)}`,
      });
      continue;
    }
    const values = VALUES_PATH.exec(field.path);
    if (values !== null) {
      const valuesPath = field.path.slice(values[0].length);
      const risky = riskyHelmValue(valuesPath);
      if (risky !== undefined) {
        findings.push({
          risk: ProductionRisk.HELM_VALUE,
          text: `helm values ${valuesPath}: ${show(field.before)} → ${show(field.after)} (${risky.risk})`,
        });
      }
    }
  }
  return findings;
}

/** A Rollout's delivery in a reviewer's words: `canary 10% 50% (5m pauses, SLO analysis, smoke test)`. */
export function deliverySummary(rollout: unknown): string {
  const canary = getIn(rollout, ['spec', 'strategy', 'canary']);
  if (canary !== undefined) {
    const steps = asArray(getIn(canary, ['steps']));
    const weights = steps.flatMap((step) => {
      const weight = getIn(step, ['setWeight']);
      return typeof weight === 'number' ? [`${weight}%`] : [];
    });
    const pause = steps.map((step) => getIn(step, ['pause', 'duration'])).find((duration) => duration !== undefined);
    const templates = steps.flatMap((step) =>
      asArray(getIn(step, ['analysis', 'templates'])).map((template) => String(getIn(template, ['templateName']))),
    );
    const details = [
      pause === undefined ? 'no pauses' : `${show(pause)} pauses`,
      ...(templates.some((name) => name.endsWith('-slo')) ? ['SLO analysis'] : []),
      ...(templates.some((name) => name.endsWith('-smoke')) ? ['smoke test'] : []),
      ...(getIn(canary, ['trafficRouting', 'alb']) === undefined ? ['pod-count weights'] : ['ALB weights']),
    ];
    return `canary ${[...weights, '100%'].join(' ')} (${details.join(', ')})`;
  }
  const blueGreen = getIn(rollout, ['spec', 'strategy', 'blueGreen']);
  if (blueGreen === undefined) return 'unknown strategy';
  const details = [
    ...(getIn(blueGreen, ['prePromotionAnalysis']) === undefined ? [] : ['smoke test before the switch']),
    ...(getIn(blueGreen, ['postPromotionAnalysis']) === undefined ? [] : ['SLO analysis after it']),
  ];
  return `blue-green${details.length === 0 ? '' : ` (${details.join(', ')})`}`;
}
