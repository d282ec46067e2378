import { describe, expect, it } from 'vitest';
import { field, productionCluster, render, stagingCluster } from '../fixtures';

function config(definition = stagingCluster()): Record<string, unknown> {
  const application = render(definition, []).object('monitoring/application-helm-kube-prometheus-stack.yaml');
  return field(application, 'spec.source.helm.valuesObject.alertmanager.config') as Record<string, unknown>;
}

describe('Alertmanager routing', () => {
  it('routes critical alerts to the pager and warnings to tickets, grouped per team', () => {
    expect(field(config(), 'route')).toEqual({
      receiver: 'tickets',
      group_by: ['alertname', 'namespace', 'team'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes: [
        { receiver: 'null', matchers: ['alertname = "Watchdog"'] },
        { receiver: 'null', matchers: ['alertname = "InfoInhibitor"'] },
        { receiver: 'pager', matchers: ['severity = "critical"'], repeat_interval: '1h' },
        { receiver: 'tickets', matchers: ['severity = "warning"'] },
        { receiver: 'null', matchers: ['severity = "info"'] },
      ],
    });
  });

  it("sends Watchdog, the dead man's switch, to the heartbeat URL from the mounted Secret every minute in production", () => {
    const production = config(productionCluster());
    expect((field(production, 'route.routes') as unknown[])[0]).toEqual({
      receiver: 'heartbeat',
      matchers: ['alertname = "Watchdog"'],
      group_by: ['alertname'],
      group_wait: '0s',
      group_interval: '1m',
      repeat_interval: '1m',
    });
    expect((field(production, 'receivers') as { name: string }[]).find((r) => r.name === 'heartbeat')).toEqual({
      name: 'heartbeat',
      webhook_configs: [
        {
          url_file: '/etc/alertmanager/secrets/alertmanager-receivers/heartbeat-url',
          send_resolved: false,
          max_alerts: 1,
        },
      ],
    });
  });

  it('pages through PagerDuty in production, reading the routing key from the mounted Secret', () => {
    const receivers = field(config(productionCluster()), 'receivers') as { name: string }[];
    expect(receivers.find((receiver) => receiver.name === 'pager')).toEqual({
      name: 'pager',
      pagerduty_configs: [
        {
          routing_key_file: '/etc/alertmanager/secrets/alertmanager-receivers/pagerduty-routing-key',
          send_resolved: true,
          description: '{{ .CommonLabels.alertname }} ({{ .CommonLabels.team }}): {{ .CommonAnnotations.summary }}',
        },
      ],
    });
  });

  it('pages to Slack in staging, with the webhook URL from the mounted Secret', () => {
    const receivers = field(config(), 'receivers') as { name: string; slack_configs?: unknown[] }[];
    expect(receivers.map((receiver) => receiver.name)).toEqual(['null', 'pager', 'tickets']);
    expect(receivers[1]!.slack_configs).toEqual([
      expect.objectContaining({
        api_url_file: '/etc/alertmanager/secrets/alertmanager-receivers/slack-webhook-url',
        channel: '#alerts-staging',
        send_resolved: true,
      }),
    ]);
  });

  it('holds no credential: only file references, and the Secret comes from Secrets Manager', () => {
    const rendered = render(productionCluster(), []);
    const values = field(
      rendered.object('monitoring/application-helm-kube-prometheus-stack.yaml'),
      'spec.source.helm.valuesObject',
    );
    const text = JSON.stringify(values);
    expect(text).not.toMatch(/"api_url":|"routing_key":|"service_key":|hooks\.slack\.com|"password":/);
    expect(text).toContain('"api_url_file":');
    // Mounted optional, where the files are read: Alertmanager starts before a person has set the values.
    expect(field(values, 'alertmanager.alertmanagerSpec.volumes')).toEqual([
      { name: 'alertmanager-receivers', secret: { secretName: 'alertmanager-receivers', optional: true } },
    ]);
    expect(field(values, 'alertmanager.alertmanagerSpec.volumeMounts')).toEqual([
      { name: 'alertmanager-receivers', mountPath: '/etc/alertmanager/secrets/alertmanager-receivers', readOnly: true },
    ]);
    expect(text).toContain('/etc/alertmanager/secrets/alertmanager-receivers/slack-webhook-url');
    expect(rendered.object('alert-receivers/externalsecret-alertmanager-receivers.yaml')).toMatchObject({
      kind: 'ExternalSecret',
      metadata: { name: 'alertmanager-receivers', namespace: 'monitoring', labels: { team: 'platform' } },
      spec: {
        refreshInterval: '15m',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' },
        target: { name: 'alertmanager-receivers', creationPolicy: 'Owner' },
        data: [
          {
            secretKey: 'heartbeat-url',
            remoteRef: { key: 'production/platform/alertmanager', property: 'heartbeat-url' },
          },
          {
            secretKey: 'pagerduty-routing-key',
            remoteRef: { key: 'production/platform/alertmanager', property: 'pagerduty-routing-key' },
          },
          {
            secretKey: 'slack-webhook-url',
            remoteRef: { key: 'production/platform/alertmanager', property: 'slack-webhook-url' },
          },
        ],
      },
    });
    expect(field(rendered.object('monitoring/externalsecret-grafana-admin.yaml'), 'spec.data')).toEqual([
      { secretKey: 'admin-password', remoteRef: { key: 'production/platform/grafana', property: 'admin-password' } },
      { secretKey: 'admin-user', remoteRef: { key: 'production/platform/grafana', property: 'admin-user' } },
    ]);
  });

  it('inhibits warnings while the same alert of the same app and namespace is critical', () => {
    expect(field(config(), 'inhibit_rules')).toEqual([
      {
        source_matchers: ['severity = "critical"'],
        target_matchers: ['severity = "warning"'],
        equal: ['alertname', 'namespace', 'app'],
      },
    ]);
  });
});
