import { describe, expect, it } from 'vitest';
import { adviseApp } from '../../lib/rightsize/recommend';
import { resolveApp, stagingCluster, worker } from '../platform/fixtures';

const MI = 2 ** 20;
const app = resolveApp(
  stagingCluster(),
  worker({ resources: { cpuRequestMilli: 100, memoryRequestMi: 256, memoryLimitMi: 512 } }),
);

describe('right-sizing recommendations', () => {
  it('keeps a request within 1.5 times the recommendation (p95 plus 20 %)', () => {
    // p95 70m -> 84m, rounded up to 90m; 100m is within 1.5 x 90m.
    expect(adviseApp(app, { cpuP95Cores: 0.07 }).cpuRequest).toEqual({
      current: 100,
      observed: 70,
      recommended: 90,
      verdict: 'keep',
    });
  });

  it('lowers a request above 1.5 times the recommendation and raises one below it, in 10m / 16 Mi steps', () => {
    expect(adviseApp(app, { cpuP95Cores: 0.02 }).cpuRequest).toMatchObject({ recommended: 30, verdict: 'lower' });
    expect(adviseApp(app, { cpuP95Cores: 0.1 }).cpuRequest).toMatchObject({ recommended: 120, verdict: 'raise' });
    expect(adviseApp(app, { memoryP95Bytes: 100 * MI }).memoryRequest).toMatchObject({
      recommended: 128,
      verdict: 'lower',
    });
    expect(adviseApp(app, { cpuP95Cores: 0 }).cpuRequest).toMatchObject({ recommended: 10 });
  });

  it('only raises the memory limit: 1.3 times the peak, never below the recommended request', () => {
    expect(adviseApp(app, { memoryPeakBytes: 100 * MI }).memoryLimit).toEqual({
      current: 512,
      observed: 100,
      recommended: 512,
      verdict: 'keep',
    });
    expect(adviseApp(app, { memoryPeakBytes: 500 * MI }).memoryLimit).toMatchObject({
      recommended: 656,
      verdict: 'raise',
    });
    expect(adviseApp(app, { memoryP95Bytes: 600 * MI, memoryPeakBytes: 400 * MI }).memoryLimit).toMatchObject({
      recommended: 720,
      verdict: 'raise',
    });
  });

  it('says no data for what Prometheus has no series of', () => {
    expect(adviseApp(app, {})).toMatchObject({
      cpuRequest: { verdict: 'no data' },
      memoryRequest: { verdict: 'no data' },
      memoryLimit: { verdict: 'no data' },
    });
  });
});
