import type { AlertingSettings } from '../../lib/model/platform-settings';
import { Severity } from './severity';

/** The Kubernetes Secret (from an ExternalSecret) holding receiver credentials; Alertmanager mounts it. */
export const ALERTMANAGER_SECRET = 'alertmanager-receivers';
/** Keys of that Secret, equal to the JSON properties of `platformSecretName(cluster, 'alertmanager')`. */
export const SLACK_WEBHOOK_KEY = 'slack-webhook-url';
export const PAGERDUTY_KEY = 'pagerduty-routing-key';
export const HEARTBEAT_URL_KEY = 'heartbeat-url';
/** Watchdog is sent this often to the heartbeat URL; the provider's check should expect a ping every minute. */
export const HEARTBEAT_REPEAT_INTERVAL = '1m';

/** Where the receivers' Secret is mounted (the path the operator uses for `alertmanagerSpec.secrets`). */
export function secretDirectory(): string {
  return `/etc/alertmanager/secrets/${ALERTMANAGER_SECRET}`;
}

/** The file of one key of the receivers' Secret. */
export function secretFile(key: string): string {
  return `${secretDirectory()}/${key}`;
}

/** The parts of Alertmanager's configuration file we write. */
export interface AlertmanagerRoute {
  readonly receiver: string;
  readonly matchers?: readonly string[];
  readonly group_by?: readonly string[];
  readonly continue?: boolean;
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly repeat_interval?: string;
  readonly routes?: readonly AlertmanagerRoute[];
}

export interface AlertmanagerReceiver {
  readonly name: string;
  readonly slack_configs?: readonly {
    readonly api_url_file: string;
    readonly channel: string;
    readonly send_resolved: boolean;
    readonly title: string;
    readonly text: string;
  }[];
  readonly pagerduty_configs?: readonly {
    readonly routing_key_file: string;
    readonly send_resolved: boolean;
    readonly description: string;
  }[];
  readonly webhook_configs?: readonly {
    readonly url_file: string;
    readonly send_resolved: boolean;
    readonly max_alerts: number;
  }[];
}

export interface AlertmanagerConfig {
  readonly global: { readonly resolve_timeout: string };
  readonly route: AlertmanagerRoute;
  readonly receivers: readonly AlertmanagerReceiver[];
  readonly inhibit_rules: readonly {
    readonly source_matchers: readonly string[];
    readonly target_matchers: readonly string[];
    readonly equal: readonly string[];
  }[];
}

/**
 * Routes by severity: `critical` pages (PagerDuty, or Slack when the cluster has no pager), `warning` becomes
 * a Slack ticket. The chart's always-firing Watchdog is the dead man's switch: with `heartbeat` set it pings
 * the heartbeat URL every minute (whose provider alerts when the pings stop), otherwise it is dropped;
 * InfoInhibitor goes nowhere. Alerts are grouped per team. Credentials are read from files of the mounted
 * Secret, never written here.
 */
export function alertmanagerConfig(settings: AlertingSettings): AlertmanagerConfig {
  const slack = {
    api_url_file: secretFile(SLACK_WEBHOOK_KEY),
    channel: settings.slackChannel,
    send_resolved: true,
    title: '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.team }})',
    text: '{{ range .Alerts }}*{{ .Labels.severity }}* {{ .Annotations.summary }}\n{{ .Annotations.description }}\n{{ end }}',
  };
  const pager: AlertmanagerReceiver =
    settings.pagerDuty === true
      ? {
          name: 'pager',
          pagerduty_configs: [
            {
              routing_key_file: secretFile(PAGERDUTY_KEY),
              send_resolved: true,
              description: '{{ .CommonLabels.alertname }} ({{ .CommonLabels.team }}): {{ .CommonAnnotations.summary }}',
            },
          ],
        }
      : { name: 'pager', slack_configs: [slack] };
  return {
    global: { resolve_timeout: '5m' },
    route: {
      receiver: 'tickets',
      group_by: ['alertname', 'namespace', 'team'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes: [
        settings.heartbeat === undefined
          ? { receiver: 'null', matchers: ['alertname = "Watchdog"'] }
          : {
              receiver: 'heartbeat',
              matchers: ['alertname = "Watchdog"'],
              group_by: ['alertname'],
              group_wait: '0s',
              group_interval: HEARTBEAT_REPEAT_INTERVAL,
              repeat_interval: HEARTBEAT_REPEAT_INTERVAL,
            },
        { receiver: 'null', matchers: ['alertname = "InfoInhibitor"'] },
        { receiver: 'pager', matchers: [`severity = "${Severity.CRITICAL}"`], repeat_interval: '1h' },
        { receiver: 'tickets', matchers: [`severity = "${Severity.WARNING}"`] },
        { receiver: 'null', matchers: ['severity = "info"'] },
      ],
    },
    receivers: [
      { name: 'null' },
      pager,
      { name: 'tickets', slack_configs: [slack] },
      ...(settings.heartbeat === undefined
        ? []
        : [
            {
              name: 'heartbeat',
              webhook_configs: [{ url_file: secretFile(HEARTBEAT_URL_KEY), send_resolved: false, max_alerts: 1 }],
            },
          ]),
    ],
    inhibit_rules: [
      {
        source_matchers: [`severity = "${Severity.CRITICAL}"`],
        target_matchers: [`severity = "${Severity.WARNING}"`],
        // `app` too: a critical alert of one app must never silence the warning of another, even if a rule
        // lost its namespace label.
        equal: ['alertname', 'namespace', 'app'],
      },
    ],
  };
}
