import type { EventsSettings } from '../model/platform-settings';
import { positiveIntegerProblem } from './rules';
import { didYouMean } from './suggest';

const KEYS = [
  'brokers',
  'controllers',
  'brokerStorageGi',
  'brokerCpuRequestMilli',
  'brokerMemoryMi',
  'replicationFactor',
  'minInsyncReplicas',
  'storageClassName',
  'kafkaVersion',
];
/** Kafka refuses a replication factor above this, and more brokers than this need a rebalancer we do not run. */
const MAX_BROKERS = 30;

/** The replication factor a cluster's topics get: its setting, else 3 copies where there are 3 brokers. */
export function replicationFactor(settings: EventsSettings): number {
  return settings.replicationFactor ?? Math.min(3, settings.brokers);
}

/** In-sync replicas an `acks=all` write needs: the setting, else one fewer than the copies (at least 1). */
export function minInsyncReplicas(settings: EventsSettings): number {
  return settings.minInsyncReplicas ?? Math.max(1, replicationFactor(settings) - 1);
}

/** What is wrong with `platform.events`, as [field under `events`, problem]. */
export function eventsSettingsProblems(settings: EventsSettings): [field: string, problem: string][] {
  const problems: [string, string | undefined][] = [];
  for (const key of Object.keys(settings)) {
    if (!KEYS.includes(key))
      problems.push([key, `unknown field${didYouMean(key, KEYS)}; known fields: ${KEYS.join(', ')}`]);
  }
  const brokers = positiveIntegerProblem(settings.brokers, 1, MAX_BROKERS);
  problems.push(['brokers', brokers]);
  problems.push(['brokerStorageGi', positiveIntegerProblem(settings.brokerStorageGi)]);
  for (const key of ['brokerCpuRequestMilli', 'brokerMemoryMi'] as const) {
    if (settings[key] !== undefined) problems.push([key, positiveIntegerProblem(settings[key])]);
  }
  if (settings.brokerMemoryMi !== undefined && settings.brokerMemoryMi < 1024) {
    problems.push([
      'brokerMemoryMi',
      `${settings.brokerMemoryMi} MiB is too little for a broker's JVM and page cache; give at least 1024`,
    ]);
  }
  const controllers = settings.controllers ?? 0;
  const controllersProblem = positiveIntegerProblem(controllers, 0, 9);
  problems.push(['controllers', controllersProblem]);
  const voters = controllers === 0 ? settings.brokers : controllers;
  if (controllersProblem === undefined && brokers === undefined && voters % 2 === 0) {
    problems.push([
      controllers === 0 ? 'brokers' : 'controllers',
      controllers === 0
        ? `${settings.brokers} brokers are also the KRaft controllers (controllers: 0), and an even quorum survives no more failures than one fewer; use an odd number of brokers or dedicated controllers (3)`
        : `${controllers} controllers form an even quorum, which survives no more failures than ${controllers - 1}; use an odd number (3 or 5)`,
    ]);
  }
  if (brokers === undefined) {
    const copies = replicationFactor(settings);
    if (settings.replicationFactor !== undefined) {
      const problem = positiveIntegerProblem(settings.replicationFactor);
      problems.push(['replicationFactor', problem]);
      if (problem === undefined && copies > settings.brokers) {
        problems.push([
          'replicationFactor',
          `${copies} copies need at least ${copies} brokers; the cluster has ${settings.brokers}`,
        ]);
      }
    }
    if (settings.minInsyncReplicas !== undefined) {
      const problem = positiveIntegerProblem(settings.minInsyncReplicas);
      problems.push(['minInsyncReplicas', problem]);
      if (problem === undefined && settings.minInsyncReplicas > copies) {
        problems.push([
          'minInsyncReplicas',
          `${settings.minInsyncReplicas} is more than the replication factor ${copies}: no write could ever succeed`,
        ]);
      } else if (problem === undefined && copies > 1 && settings.minInsyncReplicas === copies) {
        problems.push([
          'minInsyncReplicas',
          `${copies} equals the replication factor: one broker restart (every upgrade rolls them) would stop every producer; use ${copies - 1}`,
        ]);
      }
    }
  }
  if (settings.kafkaVersion !== undefined && !/^\d+\.\d+\.\d+$/.test(String(settings.kafkaVersion))) {
    problems.push(['kafkaVersion', `${JSON.stringify(settings.kafkaVersion)} is not a Kafka release such as "4.2.0"`]);
  }
  if (
    settings.storageClassName !== undefined &&
    !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(String(settings.storageClassName))
  ) {
    problems.push(['storageClassName', `${JSON.stringify(settings.storageClassName)} is not a StorageClass name`]);
  }
  return problems.filter((entry): entry is [string, string] => entry[1] !== undefined);
}
