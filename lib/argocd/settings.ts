import { ProblemList } from '../errors';
import { type ArgoCdNotificationSettings, type ArgoCdSettings, SyncWindowKind } from '../model/argocd-settings';
import type { ClusterDefinition } from '../model/cluster';
import { Environment } from '../model/environment';
import { cronProblem } from '../project/rules';
import { type ResolvedArgoCdAccess, resolveArgoCdAccess } from './access-settings';
import { ARGOCD_CHART, ARGOCD_DEFAULTS } from './defaults';
import type { ResolvedNotificationSettings } from './notifications';

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
  /** @default none: notifications off */
  readonly notifications?: ResolvedNotificationSettings;
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
  'notifications',
];
const NOTIFICATION_KEYS: readonly (keyof ArgoCdNotificationSettings)[] = [
  'githubAppId',
  'githubInstallationId',
  'slackChannel',
  'url',
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
  if (given.notifications !== undefined) notificationProblems(definition, given.notifications, add);
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
    ...(given.notifications === undefined
      ? {}
      : {
          notifications: {
            githubAppId: given.notifications.githubAppId,
            githubInstallationId: given.notifications.githubInstallationId,
            slackChannel: given.notifications.slackChannel.replace(/^#/, ''),
            // Links point where people log in (argocd.url) unless notifications name their own.
            url: given.notifications.url ?? access.url,
          },
        }),
  };
}

/** A Slack channel name (`#deploys`, lower case) or a channel ID (`C0123ABCD`). */
const SLACK_CHANNEL = /^(#?[a-z0-9][a-z0-9._-]{0,79}|[CG][A-Z0-9]{8,})$/;

function notificationProblems(
  definition: ClusterDefinition,
  given: ArgoCdNotificationSettings,
  add: (field: string, problem: string | undefined) => void,
): void {
  for (const key of Object.keys(given)) {
    if (!(NOTIFICATION_KEYS as string[]).includes(key)) {
      add(`notifications.${key}`, `unknown field; known fields: ${NOTIFICATION_KEYS.join(', ')}`);
    }
  }
  for (const key of ['githubAppId', 'githubInstallationId'] as const) {
    const value = given[key];
    if (!Number.isInteger(value) || value < 1) {
      add(`notifications.${key}`, `${JSON.stringify(value)} must be the GitHub App's numeric ID (a positive integer)`);
    }
  }
  if (typeof given.slackChannel !== 'string' || !SLACK_CHANNEL.test(given.slackChannel)) {
    add(
      'notifications.slackChannel',
      `${JSON.stringify(given.slackChannel)} is not a Slack channel: a lower-case name such as "#deploys-staging" or a channel ID such as "C0123ABCD"`,
    );
  }
  if (
    given.url !== undefined &&
    !/^https:\/\/[a-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-])?$/.test(given.url)
  ) {
    add('notifications.url', `"${given.url}" must be Argo CD's https:// address without a trailing slash`);
  }
  if (definition.platform?.externalSecrets === undefined) {
    add(
      'notifications',
      'needs platform.externalSecrets: the GitHub App key and the Slack token reach Argo CD through External Secrets',
    );
  }
}

function durationProblem(value: unknown): string | undefined {
  return typeof value === 'string' && GO_DURATION.test(value)
    ? undefined
    : `${JSON.stringify(value)} is not a duration such as "30s", "5m" or "11h"`;
}
