import { afterAll, describe, expect, it } from 'vitest';
import { compareQuantities, parseQuantity } from '../../../lib/validate/api/quantity';
import {
  type Editable,
  expectOnlyFinding,
  findingsOf,
  type OnlyFindingCase,
  removeFixtureRepos,
  validateFixture,
} from '../fixture-tree';

afterAll(removeFixtureRepos);

const DEPLOYMENT = 'web/deployment-web.yaml';
const RESOURCES = '$.spec.template.spec.containers[0].resources';
const resources = (d: Editable) => d.spec.template.spec.containers[0].resources;

const CASES: readonly OnlyFindingCase[] = [
  {
    name: 'a memory request above the memory limit',
    rule: 'api-resources',
    changes: { [DEPLOYMENT]: (d) => (resources(d).requests.memory = '512Mi') },
    file: DEPLOYMENT,
    path: `${RESOURCES}.requests.memory`,
    message: 'request memory 512Mi must be less than or equal to memory limit of 256Mi',
  },
  {
    name: 'a CPU request above the CPU limit, compared exactly (0.2 > 150m)',
    rule: 'api-resources',
    changes: {
      [DEPLOYMENT]: (d) =>
        Object.assign(resources(d), {
          requests: { ...resources(d).requests, cpu: 0.2 },
          limits: { ...resources(d).limits, cpu: '150m' },
        }),
    },
    file: DEPLOYMENT,
    path: `${RESOURCES}.requests.cpu`,
    message: 'must be less than or equal to cpu limit of 150m',
  },
  {
    name: 'an extended resource requested without a limit',
    rule: 'api-resources',
    changes: { [DEPLOYMENT]: (d) => (resources(d).requests['example.com/gpu'] = 1) },
    file: DEPLOYMENT,
    path: `${RESOURCES}.limits`,
    message: 'requests example.com/gpu without a limit: Limit must be set for non overcommitable resources',
  },
  {
    name: 'an extended resource whose request differs from its limit',
    rule: 'api-resources',
    changes: {
      [DEPLOYMENT]: (d) => {
        resources(d).requests['example.com/gpu'] = 1;
        resources(d).limits['example.com/gpu'] = 2;
      },
    },
    file: DEPLOYMENT,
    path: `${RESOURCES}.requests['example.com/gpu']`,
    message: 'must be equal to example.com/gpu limit of 2',
  },
  {
    name: 'a fractional extended resource',
    rule: 'api-resources',
    changes: { [DEPLOYMENT]: (d) => (resources(d).limits['example.com/gpu'] = '500m') },
    file: DEPLOYMENT,
    path: `${RESOURCES}.limits['example.com/gpu']`,
    message: 'limit example.com/gpu 500m must be an integer',
  },
  {
    name: 'a quantity that does not parse',
    rule: 'api-resources',
    changes: { [DEPLOYMENT]: (d) => (resources(d).limits.memory = '256MB') },
    file: DEPLOYMENT,
    path: `${RESOURCES}.limits.memory`,
    message: 'limit memory "256MB": quantities must match the regular expression',
  },
  {
    name: 'a negative quantity',
    rule: 'api-resources',
    changes: { [DEPLOYMENT]: (d) => (resources(d).requests.cpu = '-100m') },
    file: DEPLOYMENT,
    path: `${RESOURCES}.requests.cpu`,
    message: 'request cpu -100m must be greater than or equal to 0',
  },
  {
    name: 'a resource name without a domain that containers cannot ask for',
    rule: 'api-resources',
    changes: { [DEPLOYMENT]: (d) => (resources(d).limits.gpu = 1) },
    file: DEPLOYMENT,
    path: `${RESOURCES}.limits.gpu`,
    message:
      'resource name "gpu": must be a standard resource type or fully qualified; must be a standard resource for containers',
  },
  {
    name: 'huge pages that are not a multiple of the page size',
    rule: 'api-resources',
    changes: { [DEPLOYMENT]: (d) => (resources(d).limits['hugepages-2Mi'] = '3Mi') },
    file: DEPLOYMENT,
    path: `${RESOURCES}.limits.hugepages-2Mi`,
    message: 'limit hugepages-2Mi 3Mi is not positive integer multiple of hugepages-2Mi',
  },
];

describe('api-resources', () => {
  for (const testCase of CASES) {
    it(`fails ${testCase.name}`, async () => {
      await expectOnlyFinding(testCase);
    });
  }

  it('passes a limit without a request (the request defaults to the limit), and equal quantities written differently', async () => {
    const report = await validateFixture({
      [DEPLOYMENT]: (d) => {
        resources(d).limits['example.com/gpu'] = 1;
        resources(d).requests.memory = '0.25Gi';
        resources(d).requests.cpu = 0.1;
        resources(d).limits.cpu = '100m';
        resources(d).limits['hugepages-2Mi'] = '4Mi';
      },
    });
    expect(findingsOf(report)).toEqual([]);
  });
});

describe('quantities', () => {
  it('compares exactly across suffixes and exponents', () => {
    const q = (value: string | number) => {
      const parsed = parseQuantity(value);
      if (parsed === undefined) throw new Error(`${value} does not parse`);
      return parsed;
    };
    expect(compareQuantities(q('1Gi'), q('1073741824'))).toBe(0);
    expect(compareQuantities(q('1Gi'), q('1G'))).toBe(1);
    expect(compareQuantities(q('1e3'), q('1k'))).toBe(0);
    expect(compareQuantities(q('0.5'), q('500m'))).toBe(0);
    expect(compareQuantities(q('1n'), q('0'))).toBe(1);
    expect(compareQuantities(q(1.5), q('1500m'))).toBe(0);
    expect(compareQuantities(q('.5Ki'), q('512'))).toBe(0);
  });

  it('rejects what ParseQuantity rejects', () => {
    for (const bad of ['', '1GB', '1K', 'Mi', '1.5.1', '1 Gi', '1e', 'abc']) expect(parseQuantity(bad)).toBeUndefined();
  });
});
