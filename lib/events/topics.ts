import type { ResolvedApp } from '../model/resolved-app';
import { byCodePoint } from '../order';

/** A topic of one cluster's Kafka: what its producers declared, and who reads it. */
export interface ClusterTopic {
  readonly name: string;
  readonly partitions: number;
  readonly retentionHours: number;
  readonly schema: string;
  /** Apps that write it, sorted. */
  readonly producers: readonly string[];
  /** Apps that read it, sorted. */
  readonly consumers: readonly string[];
}

/**
 * Every topic the cluster's apps produce, by name, with its settings from the first producer (in name order;
 * the checks refuse producers that disagree). Topics that are only consumed are not topics: the checks refuse them.
 */
export function clusterTopics(apps: readonly ResolvedApp[]): ClusterTopic[] {
  const topics = new Map<string, { first: ClusterTopic; producers: string[]; consumers: string[] }>();
  const sorted = [...apps].sort((a, b) => byCodePoint(a.name, b.name));
  for (const app of sorted) {
    for (const topic of app.events?.produces ?? []) {
      const entry = topics.get(topic.name) ?? {
        first: { ...topic, producers: [], consumers: [] },
        producers: [],
        consumers: [],
      };
      entry.producers.push(app.name);
      topics.set(topic.name, entry);
    }
  }
  for (const app of sorted) {
    for (const { topic } of app.events?.consumes ?? []) topics.get(topic)?.consumers.push(app.name);
  }
  return [...topics.values()]
    .map(({ first, producers, consumers }) => ({
      name: first.name,
      partitions: first.partitions,
      retentionHours: first.retentionHours,
      schema: first.schema,
      producers,
      consumers,
    }))
    .sort((a, b) => byCodePoint(a.name, b.name));
}

/** Apps of the cluster that use the event bus, sorted. */
export function eventApps(apps: readonly ResolvedApp[]): ResolvedApp[] {
  return apps.filter((app) => app.events !== undefined).sort((a, b) => byCodePoint(a.name, b.name));
}
