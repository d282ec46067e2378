import { describe, expect, it } from 'vitest';
import type { AppSpec, EventsSpec, ProducedTopicSpec } from '../../lib/model/app-spec';
import type { ClusterDefinition } from '../../lib/model/cluster';
import type { EventsSettings } from '../../lib/model/platform-settings';
import { resolveProject } from '../../lib/project/resolve';
import { cluster, problemsOf, project, webApp, workerApp } from '../support/project';

/** A small event bus: one broker, which is its own controller. */
const BUS: EventsSettings = { brokers: 1, brokerStorageGi: 10 };
const SCHEMA = 'schemas/orders.created.v1.avsc';

function withBus(
  name: string,
  apps: ClusterDefinition['apps'],
  events: EventsSettings | null = BUS,
): ClusterDefinition {
  return cluster(name, apps, {
    platform: { externalSecrets: { replicas: 1 }, ...(events === null ? {} : { events }) },
  });
}

const producer = (events: EventsSpec, name = 'shop'): AppSpec => webApp({ name, imageRepository: name, events });
const consumer = (events: EventsSpec, name = 'mailer'): AppSpec => workerApp({ name, imageRepository: name, events });
const produces = (topic: Partial<ProducedTopicSpec> = {}): EventsSpec => ({
  produces: [{ name: 'orders.created', schema: SCHEMA, ...topic }],
});

function problems(apps: readonly AppSpec[], definition?: ClusterDefinition): string[] {
  const enabled = Object.fromEntries(apps.map((app) => [app.name, {}]));
  return problemsOf(() => resolveProject(project(apps, [definition ?? withBus('staging', enabled)])));
}

describe('topic declarations', () => {
  it('accepts a producer and a consumer of the same topic', () => {
    expect(
      problems([producer(produces()), consumer({ consumes: [{ topic: 'orders.created', schema: SCHEMA }] })]),
    ).toEqual([]);
  });

  it('refuses a topic consumed but produced by no app of the cluster, naming what is produced there', () => {
    expect(problems([producer(produces()), consumer({ consumes: [{ topic: 'orders.create' }] })])).toEqual([
      'apps/mailer/index.ts: cluster "staging", app "mailer": events.consumes[0].topic: topic "orders.create" is consumed but no app in cluster "staging" produces it (did you mean "orders.created"?); topics produced there: orders.created. Enable its producer in clusters/staging.ts, or declare it in the producer\'s events.produces',
    ]);
  });

  it('refuses a consumed topic whose producer runs only in another cluster', () => {
    const apps = [producer(produces()), consumer({ consumes: [{ topic: 'orders.created' }] })];
    const found = problemsOf(() =>
      resolveProject(
        project(apps, [withBus('staging', { shop: {}, mailer: {} }), withBus('production', { mailer: {} })]),
      ),
    );
    expect(found).toEqual([
      expect.stringMatching(
        /^apps\/mailer\/index\.ts: cluster "production", app "mailer": events\.consumes\[0\]\.topic: topic "orders\.created" is consumed but no app in cluster "production" produces it.*topics produced there: none/,
      ),
    ]);
  });

  it('refuses a topic produced by two apps unless every producer declares it shared', () => {
    const found = problems([producer(produces({ shared: true })), producer(produces(), 'billing')]);
    expect(found).toEqual([
      'apps/billing/index.ts: cluster "staging", app "billing": events.produces[0].shared: topic "orders.created" is also produced by app "shop" (apps/shop/index.ts); set shared: true in every producer\'s declaration if they really share it, or give each app its own topic',
    ]);
    expect(problems([producer(produces({ shared: true })), producer(produces({ shared: true }), 'billing')])).toEqual(
      [],
    );
  });

  it.each([
    ['partitions', { partitions: 12 }, '12', '6'],
    ['retentionHours', { retentionHours: 24 }, '24', '168'],
    ['schema', { schema: 'schemas/orders.created.v2.avsc' }, '"schemas/orders.created.v2.avsc"', `"${SCHEMA}"`],
  ])('refuses shared producers that disagree on %s (defaults count)', (key, change, theirs, first) => {
    const found = problems([
      producer(produces({ shared: true })),
      producer(produces({ shared: true, ...change }), 'billing'),
    ]);
    expect(found).toEqual([
      `apps/shop/index.ts: cluster "staging", app "shop": events.produces[0].${key}: ${key} ${first} of topic "orders.created" differs from ${theirs}, which app "billing" (apps/billing/index.ts) declares; every producer of a shared topic declares the same ${key}`,
    ]);
  });

  it('refuses a consumer that expects another schema than the producers write', () => {
    const found = problems([
      producer(produces()),
      consumer({ consumes: [{ topic: 'orders.created', schema: 'schemas/other.avsc' }] }),
    ]);
    expect(found).toEqual([
      `apps/mailer/index.ts: cluster "staging", app "mailer": events.consumes[0].schema: expects schema "schemas/other.avsc", but topic "orders.created" carries "${SCHEMA}" (app "shop", apps/shop/index.ts); read the producers' schema or leave schema out`,
    ]);
  });

  it('refuses topics in a cluster without the event bus', () => {
    expect(problems([producer(produces())], withBus('staging', { shop: {} }, null))).toEqual([
      'apps/shop/index.ts: cluster "staging", app "shop": events: the app declares Kafka topics, but cluster "staging" does not run the event bus; add platform.events to clusters/staging.ts (docs/events.md) or do not enable the app there',
    ]);
  });

  it.each([
    ['Orders', 'is not a valid topic name'],
    ['orders_created', 'is not a valid topic name'],
    ['orders..created', 'is not a valid topic name'],
    ['-orders', 'is not a valid topic name'],
    ['a'.repeat(201), 'is not a valid topic name'],
    ['strimzi.store', 'starts with a prefix Kafka tooling reserves'],
  ])('refuses the topic name %s', (name, problem) => {
    const found = problems([producer({ produces: [{ name, schema: SCHEMA }] })]);
    expect(found).toEqual([expect.stringContaining(`app "shop": events.produces[0].name: `)]);
    expect(found[0]).toContain(problem);
  });

  it.each([
    [{ partitions: 0 }, 'events.produces[0].partitions: 0 must be an integer of at least 1'],
    [{ partitions: 1001 }, 'events.produces[0].partitions: 1001 is more than 1000'],
    [{ retentionHours: 1.5 }, 'events.produces[0].retentionHours: 1.5 must be an integer of at least 1'],
    [{ schema: 'orders.avsc' }, 'events.produces[0].schema: "orders.avsc" is not a schema reference'],
    [{ schema: undefined }, 'events.produces[0].schema: missing: name the message schema'],
    [{ partition: 3 }, 'events.produces[0].partition: unknown field (did you mean "partitions"?)'],
  ])('refuses the topic field %j', (change, problem) => {
    const found = problems([producer(produces(change as Partial<ProducedTopicSpec>))]);
    expect(found).toEqual([expect.stringContaining(problem)]);
  });

  it('refuses duplicates, groups without consumption and variables the bus sets', () => {
    const spec = producer({
      produces: [
        { name: 'orders.created', schema: SCHEMA },
        { name: 'orders.created', schema: SCHEMA },
        { name: 'orders-created', schema: SCHEMA },
      ],
      consumerGroup: 'shop',
      maxConsumerLag: 10,
    });
    const found = problems([{ ...spec, config: { KAFKA_BOOTSTRAP_SERVERS: 'x:9092' } } as AppSpec]);
    expect(found.map((line) => line.replace(/^.*?app "shop": /, ''))).toEqual([
      'events.produces[1].name: topic "orders.created" is listed twice in produces',
      'events.produces[2].name: "orders-created" and "orders.created" both become the variable KAFKA_TOPIC_ORDERS_CREATED; rename one of the topics',
      'events.consumerGroup: the app consumes no topic; remove consumerGroup',
      'events.maxConsumerLag: the app consumes no topic; remove maxConsumerLag',
    ]);
    const clash = problems([{ ...producer(produces()), config: { KAFKA_BOOTSTRAP_SERVERS: 'x:9092' } } as AppSpec]);
    expect(clash).toEqual([
      'apps/shop/index.ts: app "shop": config.KAFKA_BOOTSTRAP_SERVERS: is set by the event bus (docs/events.md, "Connection settings"); remove it from config',
    ]);
  });

  it('refuses a schema file that does not exist, where the project can look (loadProject can)', () => {
    const apps = [producer(produces()), consumer({ consumes: [{ topic: 'orders.created', schema: SCHEMA }] })];
    const input = project(apps, [withBus('staging', { shop: {}, mailer: {} })]);
    const present = new Set<string>();
    const found = problemsOf(() => resolveProject({ ...input, fileExists: (file) => present.has(file) }));
    expect(found).toEqual([
      `apps/shop/index.ts: app "shop": events.produces[0].schema: "${SCHEMA}" does not exist in the repository; add the schema file or correct the path`,
      `apps/mailer/index.ts: app "mailer": events.consumes[0].schema: "${SCHEMA}" does not exist in the repository; add the schema file or correct the path`,
    ]);
    present.add(SCHEMA);
    expect(problemsOf(() => resolveProject({ ...input, fileExists: (file) => present.has(file) }))).toEqual([]);
  });

  it('refuses an empty declaration and unknown fields', () => {
    expect(problems([producer({} as EventsSpec)])).toEqual([
      'apps/shop/index.ts: app "shop": events: declares no topic; list what the app produces or consumes, or remove events',
    ]);
    expect(problems([producer({ ...produces(), consume: [] } as EventsSpec)])).toEqual([
      'apps/shop/index.ts: app "shop": events.consume: unknown field (did you mean "consumes"?); known fields: produces, consumes, consumerGroup, maxConsumerLag',
    ]);
  });
});

describe('platform.events', () => {
  const settings = (events: Partial<EventsSettings>, extra: object = {}): string[] =>
    problemsOf(() =>
      resolveProject(
        project(
          [],
          [
            cluster(
              'staging',
              {},
              {
                platform: {
                  externalSecrets: { replicas: 1 },
                  events: { ...BUS, ...events } as EventsSettings,
                  ...extra,
                },
              },
            ),
          ],
        ),
      ),
    ).map((line) => line.replace('clusters/staging.ts: cluster "staging": ', ''));

  it('accepts a single combined broker and three brokers with three controllers', () => {
    expect(settings({})).toEqual([]);
    expect(settings({ brokers: 3, controllers: 3, replicationFactor: 3, minInsyncReplicas: 2 })).toEqual([]);
  });

  it.each([
    [
      { brokers: 2 },
      'platform.events.brokers: 2 brokers are also the KRaft controllers (controllers: 0), and an even quorum',
    ],
    [{ brokers: 3, controllers: 2 }, 'platform.events.controllers: 2 controllers form an even quorum'],
    [
      { brokers: 3, replicationFactor: 4 },
      'platform.events.replicationFactor: 4 copies need at least 4 brokers; the cluster has 3',
    ],
    [
      { brokers: 3, minInsyncReplicas: 4 },
      'platform.events.minInsyncReplicas: 4 is more than the replication factor 3',
    ],
    [
      { brokers: 3, minInsyncReplicas: 3 },
      'platform.events.minInsyncReplicas: 3 equals the replication factor: one broker restart',
    ],
    [{ brokerStorageGi: 0 }, 'platform.events.brokerStorageGi: 0 must be an integer of at least 1'],
    [{ brokerMemoryMi: 512 }, 'platform.events.brokerMemoryMi: 512 MiB is too little'],
    [{ kafkaVersion: '4.2' }, 'platform.events.kafkaVersion: "4.2" is not a Kafka release'],
    [{ broker: 1 }, 'platform.events.broker: unknown field (did you mean "brokers"?)'],
  ])('refuses %j', (change, problem) => {
    expect(settings(change as Partial<EventsSettings>)).toEqual([expect.stringContaining(problem)]);
  });

  it('needs External Secrets, which carries the credentials into app namespaces', () => {
    const found = problemsOf(() =>
      resolveProject(project([], [cluster('staging', {}, { platform: { events: BUS } })])),
    );
    expect(found).toEqual([
      'clusters/staging.ts: cluster "staging": platform.events: apps\' Kafka credentials reach their namespaces through External Secrets; add platform.externalSecrets too',
    ]);
  });
});
