import {
  type ArgoCdNotificationsValues,
  notificationsValues,
  type ResolvedNotificationSettings,
} from './notifications';

/**
 * The values of the argo-cd Helm chart this repository sets, typed. Only these keys are written; everything
 * else keeps the chart's default.
 */
export interface ArgoCdChartValues {
  readonly configs: {
    readonly params: {
      /** TLS stays on at the API server. */
      readonly 'server.insecure': boolean;
    };
    readonly cm: {
      /** Tracks resources by annotation, so copied labels never make Argo CD adopt or prune the wrong object. */
      readonly 'application.resourceTrackingMethod': 'annotation';
      /** Health of child Applications, so sync waves of the app-of-apps wait for each wave to be healthy. */
      readonly 'resource.customizations.health.argoproj.io_Application': string;
    };
  };
  /** SSO through Dex is not used. */
  readonly dex: { readonly enabled: boolean };
  readonly 'redis-ha': { readonly enabled: boolean };
  readonly controller: { readonly replicas: number };
  readonly server: { readonly replicas: number };
  readonly repoServer: { readonly replicas: number };
  readonly applicationSet: { readonly replicas: number };
  /** Commit statuses and Slack messages (lib/argocd/notifications.ts). */
  readonly notifications: ArgoCdNotificationsValues;
}

/** Lua health check for Application objects: report the child's own health (Progressing until it has one). */
const APPLICATION_HEALTH_LUA = [
  'hs = {}',
  'hs.status = "Progressing"',
  'hs.message = ""',
  'if obj.status ~= nil and obj.status.health ~= nil then',
  '  hs.status = obj.status.health.status',
  '  if obj.status.health.message ~= nil then',
  '    hs.message = obj.status.health.message',
  '  end',
  'end',
  'return hs',
  '',
].join('\n');

export interface ArgoCdChartValuesProps {
  /** Redis HA and two replicas of the stateless components (needs three nodes in different zones). */
  readonly highAvailability: boolean;
  /** @default none: the notifications controller is off */
  readonly cluster?: string;
  readonly repoUrl?: string;
  readonly notifications?: ResolvedNotificationSettings;
}

export function argoCdChartValues(props: ArgoCdChartValuesProps): ArgoCdChartValues {
  const replicas = props.highAvailability ? 2 : 1;
  return {
    configs: {
      params: { 'server.insecure': false },
      cm: {
        'application.resourceTrackingMethod': 'annotation',
        'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH_LUA,
      },
    },
    dex: { enabled: false },
    'redis-ha': { enabled: props.highAvailability },
    // The application controller is a single active replica; more would need sharding across clusters.
    controller: { replicas: 1 },
    server: { replicas },
    repoServer: { replicas },
    applicationSet: { replicas },
    notifications: notificationsValues({
      cluster: props.cluster ?? '',
      repoUrl: props.repoUrl ?? '',
      settings: props.notifications,
    }),
  };
}
