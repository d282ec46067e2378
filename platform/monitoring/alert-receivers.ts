import { Construct } from 'constructs';
import type { ClusterDefinition } from '../../lib/model/cluster';
import { DEFAULTS } from '../../lib/model/defaults';
import { type MonitoringSettings, PlatformComponent } from '../../lib/model/platform-settings';
import { platformSecretName } from '../../lib/naming';
import { secretBackend } from '../external-secrets/secret-backend';
import { SecretsManagerExternalSecret } from '../external-secrets/external-secret';
import { platformLabels } from '../shared/labels';
import { ALERTMANAGER_SECRET, HEARTBEAT_URL_KEY, PAGERDUTY_KEY, SLACK_WEBHOOK_KEY } from './alertmanager-config';

export interface AlertReceiversProps {
  readonly cluster: ClusterDefinition;
  readonly settings: MonitoringSettings;
}

/**
 * The ExternalSecret of Alertmanager's receiver credentials (Slack webhook, PagerDuty routing key, heartbeat URL),
 * as a unit of its own. Its values are set in Secrets Manager by a person, usually after the first sync; until
 * then the ExternalSecret is Degraded. Alertmanager mounts the Secret as optional, and the unit's Application is
 * optional to the root (see OutputUnit.optional), so neither monitoring nor any later wave waits for it.
 */
export class AlertReceivers extends Construct {
  constructor(scope: Construct, id: string, props: AlertReceiversProps) {
    super(scope, id);
    const { cluster, settings } = props;
    const key = platformSecretName(cluster, 'alertmanager');
    new SecretsManagerExternalSecret(this, 'alertmanager-receivers', {
      name: ALERTMANAGER_SECRET,
      namespace: DEFAULTS.monitoringNamespace,
      labels: platformLabels(PlatformComponent.ALERT_RECEIVERS),
      backend: secretBackend(cluster),
      refreshIntervalMinutes:
        cluster.platform?.externalSecrets?.refreshIntervalMinutes ?? DEFAULTS.externalSecretRefreshMinutes,
      entries: [
        { secretKey: SLACK_WEBHOOK_KEY, key, property: SLACK_WEBHOOK_KEY },
        ...(settings.alerting.pagerDuty === true ? [{ secretKey: PAGERDUTY_KEY, key, property: PAGERDUTY_KEY }] : []),
        ...(settings.alerting.heartbeat === undefined
          ? []
          : [{ secretKey: HEARTBEAT_URL_KEY, key, property: HEARTBEAT_URL_KEY }]),
      ],
    });
  }
}
