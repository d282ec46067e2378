import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { EventsSettings } from '../../../lib/model/platform-settings';
import { LOAD_TEST_DEFAULTS, loadTestObjects } from '../../../platform/events/load-test';
import { REPO_ROOT, runCli } from '../../support/repo-copy';
import { repositoryOutput } from '../../support/repository-output';

const BUS: EventsSettings = {
  brokers: 3,
  controllers: 3,
  brokerStorageGi: 100,
  replicationFactor: 3,
  minInsyncReplicas: 2,
};

type Job = { spec: { template: { spec: { containers: { command: string[] }[] } } } };

/**
 * Runs the drill's script with bash, Kafka's perf tools replaced by stubs that print `producerSummary` as the
 * producer's last line, in a folder standing in for /tmp and the CA mount. Returns its exit status and output.
 */
function runVerdict(producerSummary: string, consumerStatus = 0): { status: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-load-test-'));
  mkdirSync(join(dir, 'bin'));
  const stub = (name: string, body: string): void => {
    writeFileSync(join(dir, 'bin', name), `#!/bin/bash\n${body}\n`);
    chmodSync(join(dir, 'bin', name), 0o755);
  };
  stub('kafka-producer-perf-test.sh', `echo "50000 records sent, 10000.0 records/sec"\necho "${producerSummary}"`);
  stub('kafka-consumer-perf-test.sh', `echo consumed\nexit ${consumerStatus}`);
  const job = loadTestObjects(BUS).find((object) => object.kind === 'Job') as Job;
  const script = job.spec.template.spec.containers[0]!.command[2]!.replaceAll('/tmp/', `${dir}/`).replaceAll(
    '/etc/kafka-ca',
    dir,
  );
  const run = spawnSync('bash', ['-c', script], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, KAFKA_SASL_JAAS_CONFIG: 'jaas;' },
  });
  expect(readFileSync(join(dir, 'client.properties'), 'utf8')).toContain('sasl.jaas.config=jaas;\n');
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}

const summary = (rate: string, p95: number) =>
  `1200000 records sent, ${rate} records/sec (9.77 MB/sec), 3.2 ms avg latency, 250.0 ms max latency, 2 ms 50th, ${p95} ms 95th, 10 ms 99th, 40 ms 99.9th.`;

describe('the load-test drill', () => {
  it('passes at the target rate with a p95 under the limit, and fails short of the rate, at the limit, or when reading back fails', () => {
    const limit = LOAD_TEST_DEFAULTS.p95LimitMs;
    const pass = runVerdict(summary('9998.3', limit - 1));
    expect(pass.output).toContain(
      `RESULT: 9998 msg/s (target ${LOAD_TEST_DEFAULTS.messagesPerSecond}), p95 ${limit - 1} ms (limit ${limit} ms)\nPASS`,
    );
    expect(pass.status).toBe(0);
    expect(runVerdict(summary('9998.3', limit))).toMatchObject({ status: 1, output: expect.stringContaining('FAIL') });
    expect(runVerdict(summary('8000.0', 5))).toMatchObject({ status: 1, output: expect.stringContaining('FAIL') });
    expect(runVerdict(summary('9998.3', 5), 3).status).not.toBe(0);
    expect(runVerdict('garbage')).toMatchObject({ status: 1, output: expect.stringContaining('no producer summary') });
  });

  it('the command prints the drill of a cluster with the bus, and refuses bad numbers and clusters without it', async () => {
    const { clusters } = await repositoryOutput();
    const withBus = clusters.find((cluster) => cluster.definition.platform?.events !== undefined);
    const without = clusters.find((cluster) => cluster.definition.platform?.events === undefined);
    if (withBus !== undefined) {
      const result = await runCli(REPO_ROOT, 'events-load-test', [
        '--cluster',
        withBus.definition.name,
        '--rate',
        '500',
      ]);
      expect(result.status).toBe(0);
      const docs = parseAllDocuments(result.stdout).map((document) => document.toJS() as { kind: string });
      expect(docs.map((doc) => doc.kind)).toEqual(['KafkaTopic', 'KafkaUser', 'Job']);
      expect(result.stdout).toContain('--throughput 500 ');
    }
    if (without !== undefined) {
      const result = await runCli(REPO_ROOT, 'events-load-test', ['--cluster', without.definition.name]);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        `${without.file}: cluster "${without.definition.name}": platform.events: the cluster runs no event bus to load-test`,
      );
    }
    const bad = await runCli(REPO_ROOT, 'events-load-test', [
      '--cluster',
      clusters[0]!.definition.name,
      '--rate',
      '10k',
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--rate takes a positive whole number, got "10k"');
    expect(withBus ?? without).toBeDefined();
  });
});
