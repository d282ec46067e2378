import { stringify } from 'yaml';

/**
 * Argo CD notifications: what Argo CD reports about each Application it syncs. Triggers and templates follow
 * the upstream catalog (on-deployed, on-health-degraded, on-sync-failed) with two changes, both so that the
 * promotion gate (lib/promotion) can read them: each template also posts a GitHub commit status with the
 * context `argocd/<cluster>/<app>`, and on-deployed fires once per revision the app is Synced at (not once per
 * sync operation), so a commit that changed other apps still gets a status for this one.
 */

/** A cluster's notification settings with their defaults filled in. */
export interface ResolvedNotificationSettings {
  readonly githubAppId: number;
  readonly githubInstallationId: number;
  /** Without the leading `#`: what the Slack service and the subscription annotations expect. */
  readonly slackChannel: string;
  readonly url: string;
}

/** The Secret the notifications controller reads `$github-privateKey` and `$slack-token` from. */
export const NOTIFICATIONS_SECRET = 'argocd-notifications-secret';

/** Keys of that Secret, equal to the JSON properties of `platformSecretName(cluster, 'argocd-notifications')`. */
export const NOTIFICATIONS_SECRET_KEYS = {
  githubPrivateKey: 'github-privateKey',
  slackToken: 'slack-token',
} as const;

/** The triggers every Application subscribes to. */
export enum NotificationTrigger {
  /** Synced and Healthy at a revision: commit status `success`, Slack message with links. */
  DEPLOYED = 'on-deployed',
  /** Health Degraded: commit status `failure`, Slack message. */
  HEALTH_DEGRADED = 'on-health-degraded',
  /** The sync operation failed or errored: commit status `error`, Slack message. */
  SYNC_FAILED = 'on-sync-failed',
}

/** The notification services Applications subscribe with. */
export enum NotificationService {
  GITHUB = 'github',
  SLACK = 'slack',
}

/** Prefix of every commit status context Argo CD posts. */
export const COMMIT_STATUS_PREFIX = 'argocd';

/** The commit status context of one Application of one cluster: `argocd/<cluster>/<app>`. */
export function commitStatusContext(cluster: string, application: string): string {
  return `${COMMIT_STATUS_PREFIX}/${cluster}/${application}`;
}

/** GitHub commit status states (what the templates post and the gate reads). */
export enum CommitStatusState {
  SUCCESS = 'success',
  FAILURE = 'failure',
  ERROR = 'error',
  PENDING = 'pending',
}

/** The `notifications` values of the argo-cd chart this repository sets. */
export interface ArgoCdNotificationsValues {
  readonly enabled: boolean;
  readonly argocdUrl?: string;
  readonly context?: { readonly cluster: string };
  /** The chart must not create the Secret: an ExternalSecret writes it (platform/external-secrets). */
  readonly secret?: { readonly create: boolean; readonly name: string };
  readonly notifiers?: Readonly<Record<string, string>>;
  readonly templates?: Readonly<Record<string, string>>;
  readonly triggers?: Readonly<Record<string, string>>;
}

interface TriggerSpec {
  readonly trigger: NotificationTrigger;
  readonly template: string;
  readonly description: string;
  readonly when: string;
  readonly oncePer?: string;
  readonly state: CommitStatusState;
  /** Where the revision of the status lives in the Application. */
  readonly revisionPath: string;
  readonly slackColor: string;
  readonly headline: string;
}

const SYNCED_REVISION = '{{.app.status.sync.revision}}';
const OPERATION_REVISION = '{{.app.status.operationState.operation.sync.revision}}';

const TRIGGERS: readonly TriggerSpec[] = [
  {
    trigger: NotificationTrigger.DEPLOYED,
    template: 'app-deployed',
    description: 'Application is Synced and Healthy at a revision. Triggered once per revision.',
    when: "app.status.operationState != nil and app.status.operationState.phase in ['Succeeded'] and app.status.sync.status == 'Synced' and app.status.health.status == 'Healthy'",
    oncePer: 'app.status.sync.revision',
    state: CommitStatusState.SUCCESS,
    revisionPath: SYNCED_REVISION,
    slackColor: '#18be52',
    headline: ':white_check_mark: {{.app.metadata.name}} is Synced and Healthy on {{.context.cluster}}',
  },
  {
    trigger: NotificationTrigger.HEALTH_DEGRADED,
    template: 'app-health-degraded',
    description: 'Application has degraded.',
    when: "app.status.health.status == 'Degraded'",
    state: CommitStatusState.FAILURE,
    revisionPath: SYNCED_REVISION,
    slackColor: '#f4c030',
    headline: ':exclamation: {{.app.metadata.name}} is Degraded on {{.context.cluster}}',
  },
  {
    trigger: NotificationTrigger.SYNC_FAILED,
    template: 'app-sync-failed',
    description: 'Application syncing has failed.',
    when: "app.status.operationState != nil and app.status.operationState.phase in ['Error', 'Failed']",
    state: CommitStatusState.ERROR,
    revisionPath: OPERATION_REVISION,
    slackColor: '#e96d76',
    headline: ':x: Sync of {{.app.metadata.name}} failed on {{.context.cluster}}',
  },
];

/** The triggers, in the order the annotations list them. */
export const NOTIFICATION_TRIGGERS: readonly NotificationTrigger[] = TRIGGERS.map((spec) => spec.trigger);

const APP_LINK = '{{.context.argocdUrl}}/applications/{{.app.metadata.namespace}}/{{.app.metadata.name}}';

/**
 * The Slack attachment of a template: links to the app in Argo CD and to the commit it runs (a chart's
 * version for Helm-sourced Applications such as Argo CD's own).
 */
function slackAttachments(spec: TriggerSpec, commitUrlBase: string): string {
  const revision = spec.revisionPath;
  const source = [
    '{{if .app.spec.source.chart}}',
    'chart {{.app.spec.source.chart}} {{.app.spec.source.targetRevision}}',
    '{{else}}',
    `<${commitUrlBase}/commit/${revision}|${revision}>`,
    '{{end}}',
  ].join('');
  const fields = [
    { title: 'Cluster', value: '{{.context.cluster}}', short: true },
    { title: 'Sync', value: '{{.app.status.sync.status}}', short: true },
    { title: 'Health', value: '{{.app.status.health.status}}', short: true },
    { title: 'Revision', value: source, short: true },
  ];
  const attachment = {
    title: '{{.app.metadata.name}}',
    title_link: APP_LINK,
    color: spec.slackColor,
    fields,
  };
  if (spec.trigger === NotificationTrigger.SYNC_FAILED) {
    fields.push({ title: 'Error', value: '{{.app.status.operationState.message}}', short: false });
  }
  return JSON.stringify([attachment]);
}

function template(spec: TriggerSpec, commitUrlBase: string): string {
  return stringify(
    {
      message: `${spec.headline}: ${APP_LINK}`,
      slack: { attachments: slackAttachments(spec, commitUrlBase) },
      github: {
        repoURLPath: '{{.app.spec.source.repoURL}}',
        revisionPath: spec.revisionPath,
        status: {
          state: spec.state,
          label: `${COMMIT_STATUS_PREFIX}/{{.context.cluster}}/{{.app.metadata.name}}`,
          targetURL: `${APP_LINK}?operation=true`,
        },
      },
    },
    { lineWidth: 0 },
  );
}

function trigger(spec: TriggerSpec): string {
  return stringify(
    [
      {
        description: spec.description,
        ...(spec.oncePer === undefined ? {} : { oncePer: spec.oncePer }),
        send: [spec.template],
        when: spec.when,
      },
    ],
    { lineWidth: 0 },
  );
}

export interface NotificationsValuesProps {
  readonly cluster: string;
  /** The Git URL Argo CD reads (`https://github.com/<owner>/<repo>.git`): commit links point into it. */
  readonly repoUrl: string;
  readonly settings: ResolvedNotificationSettings | undefined;
}

/** The chart's `notifications` values: off without settings, else the GitHub and Slack services and the catalog. */
export function notificationsValues(props: NotificationsValuesProps): ArgoCdNotificationsValues {
  const { settings } = props;
  if (settings === undefined) return { enabled: false };
  const commitUrlBase = props.repoUrl.replace(/\.git$/, '');
  return {
    enabled: true,
    argocdUrl: settings.url,
    context: { cluster: props.cluster },
    secret: { create: false, name: NOTIFICATIONS_SECRET },
    notifiers: {
      'service.github': stringify({
        appID: settings.githubAppId,
        installationID: settings.githubInstallationId,
        privateKey: `$${NOTIFICATIONS_SECRET_KEYS.githubPrivateKey}`,
      }),
      'service.slack': stringify({ token: `$${NOTIFICATIONS_SECRET_KEYS.slackToken}` }),
    },
    templates: Object.fromEntries(TRIGGERS.map((spec) => [`template.${spec.template}`, template(spec, commitUrlBase)])),
    triggers: Object.fromEntries(TRIGGERS.map((spec) => [`trigger.${spec.trigger}`, trigger(spec)])),
  };
}

export interface SubscriptionProps {
  readonly settings: ResolvedNotificationSettings | undefined;
  /**
   * Post commit statuses: only for Applications whose source is this repository (a Helm-sourced
   * Application's revision is a chart version, not a commit).
   */
  readonly commitStatus: boolean;
}

/** The `notifications.argoproj.io/subscribe.<trigger>.<service>` annotations of one Application. */
export function subscriptionAnnotations(props: SubscriptionProps): Record<string, string> {
  const { settings } = props;
  if (settings === undefined) return {};
  const annotations: Record<string, string> = {};
  for (const trigger of NOTIFICATION_TRIGGERS) {
    if (props.commitStatus) annotations[subscriptionKey(trigger, NotificationService.GITHUB)] = '';
    annotations[subscriptionKey(trigger, NotificationService.SLACK)] = settings.slackChannel;
  }
  return annotations;
}

export function subscriptionKey(trigger: NotificationTrigger, service: NotificationService): string {
  return `notifications.argoproj.io/subscribe.${trigger}.${service}`;
}
