import type { ErrorLocation } from '../errors';
import { kafkaEnvNames } from '../events/connection';
import { topicEnvName } from '../events/names';
import type { AppSpec, EventsSpec } from '../model/app-spec';
import { DEFAULTS } from '../model/defaults';
import type { ResolvedApp, ResolvedEvents, ResolvedProducedTopic } from '../model/resolved-app';
import { byCodePoint } from '../order';
import type { FieldProblem } from './check-app';
import { positiveIntegerProblem } from './rules';
import { didYouMean } from './suggest';

const EVENTS_KEYS = ['produces', 'consumes', 'consumerGroup', 'maxConsumerLag'];
const PRODUCED_KEYS = ['name', 'partitions', 'retentionHours', 'schema', 'shared'];
const CONSUMED_KEYS = ['topic', 'schema'];
/** DNS-1123 subdomain (the KafkaTopic's metadata.name is the topic name), which Kafka's charset also allows. */
const TOPIC_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const TOPIC_MAX_LENGTH = 200;
const SCHEMA_PATH = /^schemas\/([a-z0-9][a-z0-9._-]*\/)*[a-z0-9][a-z0-9._-]*\.(avsc|proto|json)$/;
/** More partitions than this per topic is a typo here: every partition costs brokers file handles and memory. */
const MAX_PARTITIONS = 1000;
/** A year: longer retention belongs in an archive, not on broker disks. */
const MAX_RETENTION_HOURS = 24 * 366;

/** What is wrong with a topic or consumer-group name, or undefined. */
export function topicNameProblem(value: unknown, what = 'topic'): string | undefined {
  if (typeof value !== 'string' || value.length > TOPIC_MAX_LENGTH || !TOPIC_NAME.test(value)) {
    return `${JSON.stringify(value)} is not a valid ${what} name: lower-case letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit, at most ${TOPIC_MAX_LENGTH} characters (for example "orders.created")`;
  }
  if (value.startsWith('strimzi') || value.startsWith('connect-')) {
    return `"${value}" starts with a prefix Kafka tooling reserves for its internal ${what}s (strimzi, connect-); choose another name`;
  }
  return undefined;
}

function unknownKeys(value: object, known: readonly string[], at: string, add: (f: string, p: string) => void): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key))
      add(`${at}.${key}`, `unknown field${didYouMean(key, known)}; known fields: ${known.join(', ')}`);
  }
}

/** Everything that can be wrong with one app's `events` on its own. Cross-app rules: clusterEventProblems. */
export function eventsProblems(spec: AppSpec): FieldProblem[] {
  const events: EventsSpec | undefined = spec.events;
  if (events === undefined) return [];
  const problems: FieldProblem[] = [];
  const add = (field: string, problem: string | undefined): void => {
    if (problem !== undefined) problems.push({ field, problem });
  };
  if (typeof events !== 'object' || events === null || Array.isArray(events)) {
    return [{ field: 'events', problem: 'must be an object such as { produces: [...], consumes: [...] }' }];
  }
  unknownKeys(events, EVENTS_KEYS, 'events', add);
  const produces = events.produces ?? [];
  const consumes = events.consumes ?? [];
  if (produces.length === 0 && consumes.length === 0) {
    add('events', 'declares no topic; list what the app produces or consumes, or remove events');
  }
  const envNames = new Map<string, string>();
  const claimEnv = (field: string, topic: string): void => {
    const env = topicEnvName(topic);
    const other = envNames.get(env);
    if (other !== undefined && other !== topic) {
      add(field, `"${topic}" and "${other}" both become the variable ${env}; rename one of the topics`);
    }
    envNames.set(env, topic);
  };
  const produced = new Set<string>();
  produces.forEach((topic, index) => {
    const at = `events.produces[${index}]`;
    unknownKeys(topic, PRODUCED_KEYS, at, add);
    const nameProblem = topicNameProblem(topic.name);
    add(`${at}.name`, nameProblem);
    if (nameProblem === undefined) {
      if (produced.has(topic.name)) add(`${at}.name`, `topic "${topic.name}" is listed twice in produces`);
      produced.add(topic.name);
      claimEnv(`${at}.name`, topic.name);
    }
    if (topic.partitions !== undefined)
      add(`${at}.partitions`, positiveIntegerProblem(topic.partitions, 1, MAX_PARTITIONS));
    if (topic.retentionHours !== undefined)
      add(`${at}.retentionHours`, positiveIntegerProblem(topic.retentionHours, 1, MAX_RETENTION_HOURS));
    add(`${at}.schema`, schemaProblem(topic.schema, true));
    if (topic.shared !== undefined && typeof topic.shared !== 'boolean')
      add(`${at}.shared`, `${JSON.stringify(topic.shared)} must be true or false`);
  });
  const consumed = new Set<string>();
  consumes.forEach((entry, index) => {
    const at = `events.consumes[${index}]`;
    if (typeof entry !== 'object' || entry === null) {
      add(at, `${JSON.stringify(entry)} must be an object such as { topic: "orders.created" }`);
      return;
    }
    unknownKeys(entry, CONSUMED_KEYS, at, add);
    const nameProblem = topicNameProblem(entry.topic);
    add(`${at}.topic`, nameProblem);
    if (nameProblem === undefined) {
      if (consumed.has(entry.topic)) add(`${at}.topic`, `topic "${entry.topic}" is listed twice in consumes`);
      consumed.add(entry.topic);
      claimEnv(`${at}.topic`, entry.topic);
    }
    if (entry.schema !== undefined) add(`${at}.schema`, schemaProblem(entry.schema, false));
  });
  if (events.consumerGroup !== undefined) {
    add('events.consumerGroup', topicNameProblem(events.consumerGroup, 'consumer group'));
    if (consumes.length === 0) add('events.consumerGroup', 'the app consumes no topic; remove consumerGroup');
  }
  if (events.maxConsumerLag !== undefined) {
    add('events.maxConsumerLag', positiveIntegerProblem(events.maxConsumerLag));
    if (consumes.length === 0) add('events.maxConsumerLag', 'the app consumes no topic; remove maxConsumerLag');
  }
  const resolved = problems.length === 0 ? resolveEvents(spec.name, events) : undefined;
  if (resolved !== undefined) {
    const generated = new Set(kafkaEnvNames(spec.name, resolved));
    for (const key of Object.keys(spec.config ?? {})
      .filter((name) => generated.has(name))
      .sort(byCodePoint)) {
      add(`config.${key}`, `is set by the event bus (docs/events.md, "Connection settings"); remove it from config`);
    }
    for (const key of Object.keys(spec.secrets ?? {})
      .filter((name) => generated.has(name))
      .sort(byCodePoint)) {
      add(`secrets.${key}`, `is set by the event bus from the app's Kafka credentials; remove it from secrets`);
    }
  }
  return problems;
}

function schemaProblem(value: unknown, required: boolean): string | undefined {
  if (value === undefined && required) {
    return 'missing: name the message schema, a file under schemas/ (for example "schemas/orders.created.v1.avsc")';
  }
  if (typeof value !== 'string' || !SCHEMA_PATH.test(value)) {
    return `${JSON.stringify(value)} is not a schema reference: a repository path under schemas/ ending in .avsc, .proto or .json (for example "schemas/orders.created.v1.avsc")`;
  }
  return undefined;
}

/** Every schema path an app's events name, with its field, for the check that the files exist. */
export function schemaReferences(spec: AppSpec): { field: string; schema: string }[] {
  const events = spec.events;
  if (typeof events !== 'object' || events === null) return [];
  return [
    ...(events.produces ?? []).map((topic, index) => ({
      field: `events.produces[${index}].schema`,
      schema: topic?.schema,
    })),
    ...(events.consumes ?? []).map((entry, index) => ({
      field: `events.consumes[${index}].schema`,
      schema: entry?.schema,
    })),
  ].filter(
    (entry): entry is { field: string; schema: string } =>
      typeof entry.schema === 'string' && SCHEMA_PATH.test(entry.schema),
  );
}

/** An app's events with every default filled in, lists sorted by topic; undefined when it declares none. */
export function resolveEvents(app: string, events: EventsSpec | undefined): ResolvedEvents | undefined {
  if (events === undefined) return undefined;
  const consumes = [...(events.consumes ?? [])]
    .map((entry) => ({ topic: entry.topic, ...(entry.schema === undefined ? {} : { schema: entry.schema }) }))
    .sort((a, b) => byCodePoint(a.topic, b.topic));
  return {
    produces: [...(events.produces ?? [])]
      .map((topic): ResolvedProducedTopic => ({
        name: topic.name,
        partitions: topic.partitions ?? DEFAULTS.topicPartitions,
        retentionHours: topic.retentionHours ?? DEFAULTS.topicRetentionHours,
        schema: topic.schema,
        shared: topic.shared ?? false,
      }))
      .sort((a, b) => byCodePoint(a.name, b.name)),
    consumes,
    ...(consumes.length === 0 ? {} : { consumerGroup: events.consumerGroup ?? app }),
    maxConsumerLag: events.maxConsumerLag ?? DEFAULTS.consumerLagMessages,
  };
}

/** An app of one cluster, with where its spec lives (errors point there). */
export interface EventApp {
  readonly app: ResolvedApp;
  readonly file: string;
  /** The index of each topic in the spec's produces / consumes lists, for error fields. */
  readonly spec: AppSpec;
}

export interface ClusterEvents {
  readonly cluster: string;
  readonly clusterFile: string;
  /** Whether the cluster runs `platform.events`. */
  readonly hasEventBus: boolean;
  readonly apps: readonly EventApp[];
}

/**
 * Rules across the apps of one cluster, which has one Kafka: every consumed topic has a producer there; a topic
 * written by several apps is `shared` in each of their declarations, and they agree on partitions, retention
 * and schema; a consumer that names a schema names the producers'; apps declare topics only where the event bus runs.
 */
export function clusterEventProblems(cluster: ClusterEvents): { at: ErrorLocation; problem: string }[] {
  const problems: { at: ErrorLocation; problem: string }[] = [];
  const using = cluster.apps.filter(({ app }) => app.events !== undefined);
  if (!cluster.hasEventBus) {
    for (const { app, file } of using) {
      problems.push({
        at: { file, cluster: cluster.cluster, app: app.name, field: 'events' },
        problem: `the app declares Kafka topics, but cluster "${cluster.cluster}" does not run the event bus; add platform.events to ${cluster.clusterFile} (docs/events.md) or do not enable the app there`,
      });
    }
    return problems;
  }
  const producers = new Map<string, { entry: EventApp; topic: ResolvedProducedTopic; index: number }[]>();
  for (const entry of using) {
    (entry.spec.events?.produces ?? []).forEach((declared, index) => {
      const topic = entry.app.events!.produces.find((candidate) => candidate.name === declared.name)!;
      const declarations = producers.get(topic.name) ?? [];
      // A topic listed twice by one app is that app's own mistake (eventsProblems), not a second producer.
      if (declarations.some((other) => other.entry === entry)) return;
      producers.set(topic.name, [...declarations, { entry, topic, index }]);
    });
  }
  for (const [name, declarations] of producers) {
    if (declarations.length < 2) continue;
    const [first, ...others] = declarations;
    for (const declaration of declarations) {
      if (declaration.topic.shared) continue;
      const elsewhere = declarations
        .filter((other) => other !== declaration)
        .map((other) => `"${other.entry.app.name}" (${other.entry.file})`);
      problems.push({
        at: at(cluster, declaration.entry, `events.produces[${declaration.index}].shared`),
        problem: `topic "${name}" is also produced by app ${elsewhere.join(', ')}; set shared: true in every producer's declaration if they really share it, or give each app its own topic`,
      });
    }
    for (const other of others) {
      for (const key of ['partitions', 'retentionHours', 'schema'] as const) {
        if (other.topic[key] === first!.topic[key]) continue;
        problems.push({
          at: at(cluster, other.entry, `events.produces[${other.index}].${key}`),
          problem: `${key} ${JSON.stringify(other.topic[key])} of topic "${name}" differs from ${JSON.stringify(first!.topic[key])}, which app "${first!.entry.app.name}" (${first!.entry.file}) declares; every producer of a shared topic declares the same ${key}`,
        });
      }
    }
  }
  for (const entry of using) {
    (entry.spec.events?.consumes ?? []).forEach((declared, index) => {
      const written = producers.get(declared.topic);
      if (written === undefined) {
        const known = [...producers.keys()].sort(byCodePoint);
        problems.push({
          at: at(cluster, entry, `events.consumes[${index}].topic`),
          problem: `topic "${declared.topic}" is consumed but no app in cluster "${cluster.cluster}" produces it${didYouMean(declared.topic, known)}; topics produced there: ${known.join(', ') || 'none'}. Enable its producer in ${cluster.clusterFile}, or declare it in the producer's events.produces`,
        });
      } else if (declared.schema !== undefined && declared.schema !== written[0]!.topic.schema) {
        problems.push({
          at: at(cluster, entry, `events.consumes[${index}].schema`),
          problem: `expects schema "${declared.schema}", but topic "${declared.topic}" carries "${written[0]!.topic.schema}" (app "${written[0]!.entry.app.name}", ${written[0]!.entry.file}); read the producers' schema or leave schema out`,
        });
      }
    });
  }
  return problems;
}

function at(cluster: ClusterEvents, entry: EventApp, field: string): ErrorLocation {
  return { file: entry.file, cluster: cluster.cluster, app: entry.app.name, field };
}
