import { stringify } from 'yaml';
import { ConfigError } from '../../errors';
import { loadProject } from '../../project/load';
import { byCodePoint } from '../../order';
import { LOAD_TEST_DEFAULTS, type LoadTestOptions, loadTestObjects } from '../../../platform/events/load-test';
import { parseFlags, type Command, UsageError } from '../command';

const HELP = {
  command: 'events:load-test',
  summary:
    'Prints the load-test drill of a cluster\'s event bus as YAML for kubectl apply: a topic, a user allowed only on it, and a Job that offers the target rate with acks=all, reads it back and fails when the rate falls short or the produce p95 reaches the limit (docs/events.md, "Load test"). Writes nothing; not part of generated/.',
  flags: {
    cluster: { type: 'string', value: '<name>', description: 'a cluster with platform.events' },
    rate: {
      type: 'string',
      value: '<msg/s>',
      description: `messages per second (default ${LOAD_TEST_DEFAULTS.messagesPerSecond})`,
    },
    seconds: {
      type: 'string',
      value: '<s>',
      description: `how long to offer them (default ${LOAD_TEST_DEFAULTS.seconds})`,
    },
    'record-bytes': {
      type: 'string',
      value: '<bytes>',
      description: `message size (default ${LOAD_TEST_DEFAULTS.recordBytes})`,
    },
    'p95-ms': {
      type: 'string',
      value: '<ms>',
      description: `produce p95 limit (default ${LOAD_TEST_DEFAULTS.p95LimitMs})`,
    },
    partitions: {
      type: 'string',
      value: '<n>',
      description: `partitions of the drill's topic (default ${LOAD_TEST_DEFAULTS.partitions})`,
    },
  },
  examples: [
    'npm run --silent events:load-test -- --cluster staging | kubectl apply -f -',
    'npm run --silent events:load-test -- --cluster staging --rate 20000 --seconds 300 > drill.yaml',
  ],
} as const;

/** `npm run events:load-test -- --cluster <name> [--rate n] [--seconds n] [--record-bytes n] [--p95-ms n] [--partitions n]` */
export const eventsLoadTestCommand: Command = async (io) => {
  const flags = parseFlags(io, HELP);
  const number = (flag: keyof typeof HELP.flags, fallback: number): number => {
    const value = flags[flag];
    if (value === undefined) return fallback;
    if (!/^[1-9]\d*$/.test(value))
      throw new UsageError(HELP.command, `--${flag} takes a positive whole number, got "${value}"`);
    return Number(value);
  };
  const options: LoadTestOptions = {
    messagesPerSecond: number('rate', LOAD_TEST_DEFAULTS.messagesPerSecond),
    seconds: number('seconds', LOAD_TEST_DEFAULTS.seconds),
    recordBytes: number('record-bytes', LOAD_TEST_DEFAULTS.recordBytes),
    p95LimitMs: number('p95-ms', LOAD_TEST_DEFAULTS.p95LimitMs),
    partitions: number('partitions', LOAD_TEST_DEFAULTS.partitions),
  };
  if (flags.cluster === undefined) throw new UsageError(HELP.command, 'give --cluster <name>');
  const project = await loadProject(io.root);
  const cluster = project.clusters.find((entry) => entry.definition.name === flags.cluster);
  if (cluster === undefined) {
    const known = project.clusters.map((entry) => entry.definition.name).sort(byCodePoint);
    throw new ConfigError({ cluster: flags.cluster }, `unknown cluster; known clusters: ${known.join(', ')}`);
  }
  const events = cluster.definition.platform?.events;
  if (events === undefined) {
    throw new ConfigError(
      { file: cluster.file, cluster: cluster.definition.name, field: 'platform.events' },
      'the cluster runs no event bus to load-test; add platform.events first (docs/events.md)',
    );
  }
  io.write(
    loadTestObjects(events, options)
      .map((object) => `---\n${stringify(object, { lineWidth: 0 })}`)
      .join(''),
  );
};
