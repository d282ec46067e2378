import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { slowSuffix, StepTimes } from '../lib/timing';
import { formatHuman } from '../lib/validate/report/format-human';
import { copyRepository, runCli } from './support/repo-copy';
import { sampleTargets } from './support/sample-targets';

describe('timings of slow steps', () => {
  it('are printed from one second on, to a tenth of a second, and not at all below', () => {
    expect(slowSuffix(999)).toBe('');
    expect(slowSuffix(1000)).toBe(' (1.0 s)');
    expect(slowSuffix(1349)).toBe(' (1.3 s)');
  });

  it('name each slow step in the order the steps ran', async () => {
    const steps = new StepTimes();
    await steps.time('fast', () => 1);
    await steps.time('slow', () => new Promise((resolve) => setTimeout(resolve, 1050)));
    expect(steps.slowLines()).toEqual([expect.stringMatching(/^ {2}slow \(1\.\d s\)$/)]);
  });

  it('follow a slow cluster and a slow run in validate', () => {
    const report = {
      errorCount: 0,
      clusters: [
        {
          cluster: 'a',
          environment: 'staging',
          kubernetesVersion: '1.34',
          documents: 1,
          findings: [],
          waivers: [],
          unchecked: [],
        },
        {
          cluster: 'b',
          environment: 'staging',
          kubernetesVersion: '1.34',
          documents: 1,
          findings: [],
          waivers: [],
          unchecked: [],
        },
      ],
    } as const;
    const text = formatHuman(report, {
      clusters: new Map([
        ['a', 2300],
        ['b', 20],
      ]),
      total: 2400,
    });
    expect(text.split('\n')).toEqual([
      'cluster a (staging, Kubernetes 1.34): 1 documents, ok, 0 waiver(s), 0 unchecked CEL rule(s) (2.3 s)',
      'cluster b (staging, Kubernetes 1.34): 1 documents, ok, 0 waiver(s), 0 unchecked CEL rule(s)',
      'validate: 2 cluster(s), no errors (2.4 s)',
      '',
    ]);
  });

  it('show in synth --check when loading a cluster file takes over a second', async () => {
    const { clusterFile } = await sampleTargets();
    const dir = copyRepository();
    appendFileSync(
      join(dir, clusterFile),
      '\nconst until = Date.now() + 1200;\nwhile (Date.now() < until) {\n  // slow\n}\n',
    );
    const result = await runCli(dir, 'synth', ['--check']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^ {2}loading apps\/ and clusters\/ \(1\.\d s\)\n/);
  });
});
