import { ProblemList } from '../errors';
import { type ArgoCdSettings, SyncWindowKind } from '../model/argocd-settings';
import type { ClusterDefinition } from '../model/cluster';
import { Environment } from '../model/environment';
import { cronProblem } from '../project/rules';
import { type ResolvedArgoCdAccess, resolveArgoCdAccess } from './access-settings';
import { ARGOCD_CHART, ARGOCD_DEFAULTS } from './defaults';

/** A cluster's Argo CD settings with every default filled in. */
export interface ResolvedArgoCdSettings {
  readonly repoUrl: string;
  readonly targetRevision: string;
  readonly autoSyncPrune: boolean;
  readonly autoSyncSelfHeal: boolean;
  readonly syncRetryLimit: number;
  readonly syncRetryBackoffDuration: string;
  readonly syncRetryBackoffFactor: number;
  readonly syncRetryBackoffMaxDuration: string;
  readonly syncWindows: readonly ResolvedSyncWindow[];
  readonly highAvailability: boolean;
  readonly chartVersion: string;
  /** SSO, the local admin and the groups of the RBAC policy. */
  readonly access: ResolvedArgoCdAccess;
}

/** A sync window with its defaults filled in. */
export interface ResolvedSyncWindow {
  readonly kind: SyncWindowKind;
  readonly schedule: string;
  readonly duration: string;
  readonly timeZone: string;
  readonly manualSync: boolean;
  readonly description?: string;
}

const KNOWN_KEYS: readonly (keyof ArgoCdSettings)[] = [
  'repoUrl',
  'targetRevision',
  'autoSyncPrune',
  'autoSyncSelfHeal',
  'syncRetryLimit',
  'syncRetryBackoffDuration',
  'syncRetryBackoffFactor',
  'syncRetryBackoffMaxDuration',
  'syncWindows',
  'highAvailability',
  'chartVersion',
  'url',
  'sso',
  'localAdmin',
  'adminGroups',
  'teamGroupPrefix',
  'teamGroups',
];
const GO_DURATION = /^(\d+(ms|s|m|h))+$/;
const WINDOW_KINDS = Object.values(SyncWindowKind) as string[];

/**
 * Fills in the defaults of a cluster's `argocd` settings and checks them; every problem is reported at once,
 * naming the cluster file and the field.
 */
export function resolveArgoCdSettings(definition: ClusterDefinition, file: string): ResolvedArgoCdSettings {
  const given: ArgoCdSettings = definition.argocd ?? {};
  const problems = new ProblemList();
  const add = (field: string, problem: string | undefined): void => {
    if (problem !== undefined) problems.add({ file, cluster: definition.name, field: `argocd.${field}` }, problem);
  };
  for (const key of Object.keys(given)) {
    if (!(KNOWN_KEYS as string[]).includes(key)) add(key, `unknown field; known fields: ${KNOWN_KEYS.join(', ')}`);
  }
  if (given.repoUrl !== undefined && !/^(https:\/\/|ssh:\/\/|git@)\S+$/.test(given.repoUrl)) {
    add('repoUrl', `"${given.repoUrl}" is not a Git URL (https://..., ssh://... or git@host:org/repo.git)`);
  }
  if (given.targetRevision !== undefined && !/^[A-Za-z0-9._/-]+$/.test(given.targetRevision)) {
    add('targetRevision', `"${given.targetRevision}" is not a branch, tag or commit`);
  }
  if (given.chartVersion !== undefined && !/^\d+\.\d+\.\d+$/.test(given.chartVersion)) {
    add('chartVersion', `"${given.chartVersion}" must be an exact chart version such as "10.9.0" (no ranges)`);
  }
  if (given.syncRetryLimit !== undefined && (!Number.isInteger(given.syncRetryLimit) || given.syncRetryLimit < -1)) {
    add('syncRetryLimit', `${given.syncRetryLimit} must be an integer of at least 0, or -1 to retry for ever`);
  }
  if (
    given.syncRetryBackoffFactor !== undefined &&
    (!Number.isInteger(given.syncRetryBackoffFactor) || given.syncRetryBackoffFactor < 1)
  ) {
    add('syncRetryBackoffFactor', `${given.syncRetryBackoffFactor} must be an integer of at least 1`);
  }
  for (const key of ['syncRetryBackoffDuration', 'syncRetryBackoffMaxDuration'] as const) {
    const value = given[key];
    if (value !== undefined) add(key, durationProblem(value));
  }
  (given.syncWindows ?? []).forEach((window, index) => {
    const at = `syncWindows[${index}]`;
    if (!WINDOW_KINDS.includes(window.kind)) {
      add(`${at}.kind`, `${JSON.stringify(window.kind)} is not one of ${WINDOW_KINDS.join(', ')}`);
    }
    add(`${at}.schedule`, cronProblem(window.schedule));
    add(`${at}.duration`, durationProblem(window.duration));
    if (window.timeZone !== undefined && !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(window.timeZone)) {
      add(`${at}.timeZone`, `"${window.timeZone}" is not an IANA time zone (for example "Europe/Dublin")`);
    }
  });
  const access = resolveArgoCdAccess(definition, given, add);
  problems.throwIfAny();

  return {
    repoUrl: given.repoUrl ?? ARGOCD_DEFAULTS.repoUrl,
    targetRevision: given.targetRevision ?? ARGOCD_DEFAULTS.targetRevision,
    autoSyncPrune: given.autoSyncPrune ?? ARGOCD_DEFAULTS.autoSyncPrune,
    autoSyncSelfHeal: given.autoSyncSelfHeal ?? ARGOCD_DEFAULTS.autoSyncSelfHeal,
    syncRetryLimit: given.syncRetryLimit ?? ARGOCD_DEFAULTS.syncRetryLimit,
    syncRetryBackoffDuration: given.syncRetryBackoffDuration ?? ARGOCD_DEFAULTS.syncRetryBackoffDuration,
    syncRetryBackoffFactor: given.syncRetryBackoffFactor ?? ARGOCD_DEFAULTS.syncRetryBackoffFactor,
    syncRetryBackoffMaxDuration: given.syncRetryBackoffMaxDuration ?? ARGOCD_DEFAULTS.syncRetryBackoffMaxDuration,
    syncWindows: (given.syncWindows ?? []).map((window) => ({
      kind: window.kind,
      schedule: window.schedule,
      duration: window.duration,
      timeZone: window.timeZone ?? ARGOCD_DEFAULTS.syncWindowTimeZone,
      manualSync: window.manualSync ?? ARGOCD_DEFAULTS.syncWindowManualSync,
      ...(window.description === undefined ? {} : { description: window.description }),
    })),
    highAvailability: given.highAvailability ?? definition.environment === Environment.PRODUCTION,
    chartVersion: given.chartVersion ?? ARGOCD_CHART.version,
    access,
  };
}

function durationProblem(value: unknown): string | undefined {
  return typeof value === 'string' && GO_DURATION.test(value)
    ? undefined
    : `${JSON.stringify(value)} is not a duration such as "30s", "5m" or "11h"`;
}
