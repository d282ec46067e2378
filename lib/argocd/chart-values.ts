import { SYSTEM_NODE_POOL_LABEL, SYSTEM_NODE_POOL_TAINT } from '../naming';
import { OPTIONAL_ANNOTATION } from './objects';
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
  /**
   * Argo CD runs on the tainted system pool: it is installed before Karpenter (which it installs), so it cannot
   * wait for Karpenter's nodes, and it must not lose its pods when Karpenter consolidates a node.
   */
  readonly global: {
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly tolerations: readonly {
      readonly key: string;
      readonly operator: 'Equal';
      readonly value: string;
      readonly effect: string;
    }[];
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

/**
 * Lua health check for Application objects: report the child's own health (Progressing until it has one). An
 * Application annotated optional (OPTIONAL_ANNOTATION) is Healthy to its parent, with its own health in the
 * message: the root's waves never wait for a unit whose values a person sets later.
 */
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
  `if obj.metadata.annotations ~= nil and obj.metadata.annotations["${OPTIONAL_ANNOTATION}"] == "true" then`,
  '  hs.message = "optional, own health " .. hs.status .. ": " .. hs.message',
  '  hs.status = "Healthy"',
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
    global: {
      nodeSelector: { [SYSTEM_NODE_POOL_LABEL.key]: SYSTEM_NODE_POOL_LABEL.value },
      tolerations: [
        {
          key: SYSTEM_NODE_POOL_TAINT.key,
          operator: 'Equal',
          value: SYSTEM_NODE_POOL_TAINT.value,
          effect: SYSTEM_NODE_POOL_TAINT.effect,
        },
      ],
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
