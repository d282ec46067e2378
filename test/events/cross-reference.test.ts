import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KAFKA_CLUSTER } from '../../lib/events/names';
import type { ResolvedCluster } from '../../lib/model/resolved-app';
import { byCodePoint } from '../../lib/order';
import { TOPIC_ANNOTATIONS } from '../../platform/events/topics';
import { cronJob, render, stagingCluster, webService, worker } from '../platform/fixtures';
import { resolveCluster } from '../platform/fixtures';
import { repositoryOutput } from '../support/repository-output';

type Doc = {
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML, read field by field
  spec?: any;
};

/** The ACLs an app's declarations grant, computed here from the resolved declarations (not by the renderer's code). */
function declaredGrants(cluster: ResolvedCluster): Map<string, string[]> {
  const grants = new Map<string, string[]>();
  for (const app of cluster.apps) {
    if (app.events === undefined) continue;
    const lines: string[] = [];
    for (const topic of app.events.produces) lines.push(`topic ${topic.name} Write`, `topic ${topic.name} Describe`);
    for (const { topic } of app.events.consumes) lines.push(`topic ${topic} Read`, `topic ${topic} Describe`);
    if (app.events.consumerGroup !== undefined) lines.push(`group ${app.events.consumerGroup} Read`);
    grants.set(app.name, [...new Set(lines)].sort(byCodePoint));
  }
  return grants;
}

/**
 * KafkaUser ACLs <-> KafkaTopics <-> the apps' declarations, over one cluster's rendered objects: every user is an
 * app on the bus with exactly its declared grants; every ACL names a KafkaTopic (or the app's group); every topic's
 * producer and consumer annotations are the users that may write and read it; every consumer group has a lag alert.
 */
function crossCheck(cluster: ResolvedCluster, objects: readonly Doc[]): void {
  const users = objects.filter((o) => o.kind === 'KafkaUser');
  const topics = new Map(objects.filter((o) => o.kind === 'KafkaTopic').map((o) => [o.metadata.name, o]));
  const grants = declaredGrants(cluster);
  expect(users.map((u) => u.metadata.name).sort(byCodePoint)).toEqual([...grants.keys()].sort(byCodePoint));
  const writers = new Map<string, string[]>();
  const readers = new Map<string, string[]>();
  for (const user of users) {
    const acls = user.spec.authorization.acls as {
      resource: { type: string; name: string; patternType: string };
      operations: string[];
    }[];
    const lines = acls.flatMap((acl) => acl.operations.map((op) => `${acl.resource.type} ${acl.resource.name} ${op}`));
    expect({ user: user.metadata.name, acls: lines.sort(byCodePoint) }).toEqual({
      user: user.metadata.name,
      acls: grants.get(user.metadata.name),
    });
    for (const acl of acls) {
      expect(acl.resource.patternType).toBe('literal');
      if (acl.resource.type === 'group') continue;
      expect(topics.has(acl.resource.name), `KafkaTopic ${acl.resource.name} for user ${user.metadata.name}`).toBe(
        true,
      );
      if (acl.operations.includes('Write'))
        writers.set(acl.resource.name, [...(writers.get(acl.resource.name) ?? []), user.metadata.name]);
      if (acl.operations.includes('Read'))
        readers.set(acl.resource.name, [...(readers.get(acl.resource.name) ?? []), user.metadata.name]);
    }
  }
  for (const [name, topic] of topics) {
    const annotations = topic.metadata.annotations ?? {};
    expect({
      name,
      producers: annotations[TOPIC_ANNOTATIONS.producers],
      consumers: annotations[TOPIC_ANNOTATIONS.consumers],
    }).toEqual({
      name,
      producers: (writers.get(name) ?? []).sort(byCodePoint).join(','),
      consumers: (readers.get(name) ?? []).sort(byCodePoint).join(','),
    });
  }
  const rule = objects.find((o) => o.kind === 'PrometheusRule' && o.metadata.name === KAFKA_CLUSTER);
  if (cluster.definition.platform?.monitoring !== undefined) {
    const lag = (rule?.spec.groups as { rules: { alert: string; expr: string }[] }[])
      .flatMap((g) => g.rules)
      .filter((r) => r.alert === 'KafkaConsumerLagHigh');
    const groups = cluster.apps.flatMap((app) =>
      app.events?.consumerGroup === undefined ? [] : [app.events.consumerGroup],
    );
    expect(lag.map((r) => /consumergroup="([^"]+)"/.exec(r.expr)?.[1] ?? r.expr).sort(byCodePoint)).toEqual(
      groups.sort(byCodePoint),
    );
  }
}

describe('KafkaUser ACLs, KafkaTopics and app declarations agree', () => {
  it('in a fixture cluster with producers, a consumer that also produces, and an app off the bus', () => {
    const definition = {
      ...stagingCluster(),
      platform: { ...stagingCluster().platform, events: { brokers: 1, brokerStorageGi: 10 } },
    };
    const specs = [
      webService({ events: { produces: [{ name: 'orders.created', schema: 'schemas/o.avsc', shared: true }] } }),
      worker({
        events: {
          consumes: [{ topic: 'orders.created' }],
          produces: [
            { name: 'orders.created', schema: 'schemas/o.avsc', shared: true },
            { name: 'mails', schema: 'schemas/m.avsc' },
          ],
        },
      }),
      cronJob(),
    ];
    const objects = render(definition, specs)
      .objects()
      .map(({ object }) => object as Doc);
    crossCheck(resolveCluster(definition, specs), objects);
  });

  it('in every cluster of this repository that runs the event bus', async () => {
    const { clusters, files } = await repositoryOutput();
    for (const cluster of clusters.filter((c) => c.definition.platform?.events !== undefined)) {
      const objects = files
        .filter((f) => f.path.startsWith(`${cluster.definition.name}/`))
        .map((f) => parse(f.content) as Doc);
      crossCheck(cluster, objects);
    }
  });
});
