import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARGOCD_APPLICATION, ARGOCD_DEFAULTS } from '../../lib/argocd/defaults';
import {
  COMMIT_STATUS_PREFIX,
  CommitStatusState,
  NOTIFICATION_TRIGGERS,
  NOTIFICATIONS_SECRET,
  NOTIFICATIONS_SECRET_KEYS,
  NotificationService,
  NotificationTrigger,
  subscriptionKey,
} from '../../lib/argocd/notifications';
import { resolveArgoCdSettings } from '../../lib/argocd/settings';
import { ConfigErrors } from '../../lib/errors';
import type { ClusterDefinition } from '../../lib/model/cluster';
import type { ResolvedCluster } from '../../lib/model/resolved-app';
import { platformSecretName } from '../../lib/naming';
import type { GeneratedFile } from '../../lib/synth/synthesize';
import { repositoryOutput } from '../support/repository-output';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let clusters: readonly ResolvedCluster[];
let files: readonly GeneratedFile[];
beforeAll(async () => {
  ({ clusters, files } = await repositoryOutput());
});

function notifying(): ResolvedCluster[] {
  const found = clusters.filter((cluster) => cluster.definition.argocd?.notifications !== undefined);
  expect(found.length).toBeGreaterThan(0);
  return found;
}

function objectsOf(cluster: string, folder: string): Obj[] {
  return files
    .filter((file) => file.path.startsWith(`${cluster}/${folder}/`))
    .map((file) => parse(file.content) as Obj);
}

function applications(cluster: string): Obj[] {
  return objectsOf(cluster, 'argocd').filter((object) => object.kind === 'Application');
}

function argoCdValues(cluster: string): Obj {
  const argocd = applications(cluster).find((app) => app.metadata.name === ARGOCD_APPLICATION)!;
  return argocd.spec.source.helm.valuesObject as Obj;
}

describe('Argo CD notifications', () => {
  it('every Application from this repository subscribes to commit statuses and Slack; Argo CD’s own to Slack only', () => {
    for (const cluster of notifying()) {
      const name = cluster.definition.name;
      const channel = cluster.definition.argocd!.notifications!.slackChannel.replace(/^#/, '');
      for (const app of applications(name)) {
        const annotations = app.metadata.annotations as Record<string, string>;
        const fromRepository = app.spec.source.path !== undefined;
        for (const trigger of NOTIFICATION_TRIGGERS) {
          expect(annotations[subscriptionKey(trigger, NotificationService.SLACK)], app.metadata.name).toBe(channel);
          expect(annotations[subscriptionKey(trigger, NotificationService.GITHUB)], app.metadata.name).toBe(
            fromRepository ? '' : undefined,
          );
        }
      }
    }
  });

  it('posts success when Synced and Healthy (once per revision), failure when Degraded, error when the sync fails', () => {
    for (const cluster of notifying()) {
      const values = argoCdValues(cluster.definition.name).notifications as Obj;
      expect(values.enabled).toBe(true);
      expect(values.context).toEqual({ cluster: cluster.definition.name });
      const triggers = Object.fromEntries(
        Object.entries(values.triggers as Record<string, string>).map(([key, text]) => [key, parse(text) as Obj[]]),
      );
      const deployed = triggers[`trigger.${NotificationTrigger.DEPLOYED}`]![0]!;
      expect(deployed.oncePer).toBe('app.status.sync.revision');
      expect(deployed.when).toContain("app.status.sync.status == 'Synced'");
      expect(deployed.when).toContain("app.status.health.status == 'Healthy'");
      expect(triggers[`trigger.${NotificationTrigger.HEALTH_DEGRADED}`]![0]!.when).toBe(
        "app.status.health.status == 'Degraded'",
      );
      expect(triggers[`trigger.${NotificationTrigger.SYNC_FAILED}`]![0]!.when).toContain("['Error', 'Failed']");

      const states = Object.values(triggers).map((list) => {
        const template = parse((values.templates as Record<string, string>)[`template.${list[0]!.send[0]}`]!) as Obj;
        expect(template.github.status.label).toBe(
          `${COMMIT_STATUS_PREFIX}/{{.context.cluster}}/{{.app.metadata.name}}`,
        );
        expect(template.github.repoURLPath).toBe('{{.app.spec.source.repoURL}}');
        expect(template.github.status.targetURL).toContain('{{.context.argocdUrl}}/applications/');
        // Slack: a link to the app in Argo CD and one to the commit.
        const attachment = (JSON.parse(template.slack.attachments as string) as Obj[])[0]!;
        expect(attachment.title_link).toMatch(/^\{\{\.context\.argocdUrl\}\}\/applications\//);
        expect(JSON.stringify(attachment.fields)).toContain(`/commit/${template.github.revisionPath}`);
        return template.github.status.state as string;
      });
      expect(states).toEqual([CommitStatusState.SUCCESS, CommitStatusState.FAILURE, CommitStatusState.ERROR]);
      expect(parse((values.notifiers as Record<string, string>)['service.github']!)).toEqual({
        appID: cluster.definition.argocd!.notifications!.githubAppId,
        installationID: cluster.definition.argocd!.notifications!.githubInstallationId,
        privateKey: `$${NOTIFICATIONS_SECRET_KEYS.githubPrivateKey}`,
      });
      expect(parse((values.notifiers as Record<string, string>)['service.slack']!)).toEqual({
        token: `$${NOTIFICATIONS_SECRET_KEYS.slackToken}`,
      });
    }
  });

  it('the GitHub App key and Slack token come from Secrets Manager through an ExternalSecret; the chart creates no Secret', () => {
    for (const cluster of notifying()) {
      const name = cluster.definition.name;
      expect((argoCdValues(name).notifications as Obj).secret).toEqual({ create: false, name: NOTIFICATIONS_SECRET });
      const external = objectsOf(name, 'external-secrets').find(
        (object) => object.kind === 'ExternalSecret' && object.metadata.name === NOTIFICATIONS_SECRET,
      )!;
      expect(external.metadata.namespace).toBe(ARGOCD_DEFAULTS.namespace);
      expect(external.spec.target.name).toBe(NOTIFICATIONS_SECRET);
      const key = platformSecretName(cluster.definition, 'argocd-notifications');
      expect(external.spec.data).toEqual(
        Object.values(NOTIFICATIONS_SECRET_KEYS)
          .sort()
          .map((property) => ({ secretKey: property, remoteRef: { key, property } })),
      );
    }
  });
});

describe('argocd.notifications settings', () => {
  function definition(notifications: unknown, withExternalSecrets = true): ClusterDefinition {
    const base = clusters[0]!.definition;
    return {
      ...base,
      platform: withExternalSecrets ? { externalSecrets: { replicas: 1 } } : {},
      argocd: { notifications } as ClusterDefinition['argocd'],
    };
  }

  it('are off without settings: no controller, no subscriptions', () => {
    expect(resolveArgoCdSettings({ ...clusters[0]!.definition, argocd: {} }, 'clusters/x.ts').notifications).toBe(
      undefined,
    );
  });

  it('default the Argo CD address to argocd.<baseDomain> and drop the # of the channel', () => {
    const resolved = resolveArgoCdSettings(
      definition({ githubAppId: 1, githubInstallationId: 2, slackChannel: '#deploys' }),
      'clusters/x.ts',
    );
    expect(resolved.notifications).toEqual({
      githubAppId: 1,
      githubInstallationId: 2,
      slackChannel: 'deploys',
      url: `https://argocd.${clusters[0]!.definition.baseDomain}`,
    });
  });

  it('reports every bad field at once, naming the cluster file and the field', () => {
    const run = () =>
      resolveArgoCdSettings(
        definition(
          { githubAppId: 0, githubInstallationId: 'x', slackChannel: 'Deploys!', url: 'http://a/', extra: 1 },
          false,
        ),
        'clusters/x.ts',
      );
    expect(run).toThrow(ConfigErrors);
    let messages: string[] = [];
    try {
      run();
    } catch (error) {
      messages = (error as ConfigErrors).errors.map((problem) => problem.message);
    }
    const name = clusters[0]!.definition.name;
    expect(messages).toEqual([
      `clusters/x.ts: cluster "${name}": argocd.notifications.extra: unknown field; known fields: githubAppId, githubInstallationId, slackChannel, url`,
      `clusters/x.ts: cluster "${name}": argocd.notifications.githubAppId: 0 must be the GitHub App's numeric ID (a positive integer)`,
      `clusters/x.ts: cluster "${name}": argocd.notifications.githubInstallationId: "x" must be the GitHub App's numeric ID (a positive integer)`,
      `clusters/x.ts: cluster "${name}": argocd.notifications.slackChannel: "Deploys!" is not a Slack channel: a lower-case name such as "#deploys-staging" or a channel ID such as "C0123ABCD"`,
      `clusters/x.ts: cluster "${name}": argocd.notifications.url: "http://a/" must be Argo CD's https:// address without a trailing slash`,
      `clusters/x.ts: cluster "${name}": argocd.notifications: needs platform.externalSecrets: the GitHub App key and the Slack token reach Argo CD through External Secrets`,
    ]);
  });
});
