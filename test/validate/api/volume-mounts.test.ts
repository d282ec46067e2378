import { afterAll, describe, expect, it } from 'vitest';
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
const CONTAINER = '$.spec.template.spec.containers[0]';
const mount = (extra: Record<string, unknown>) => (d: Editable) =>
  (d.spec.template.spec.containers[0].volumeMounts = [{ name: 'tmp', mountPath: '/tmp', ...extra }]);

const CASES: readonly OnlyFindingCase[] = [
  {
    name: 'a mount of a volume the pod does not define',
    rule: 'api-volume-mounts',
    changes: { [DEPLOYMENT]: mount({ name: 'data' }) },
    file: DEPLOYMENT,
    path: `${CONTAINER}.volumeMounts[0].name`,
    message: 'mounts volume "data", which the pod does not define',
  },
  {
    name: 'an absolute subPath',
    rule: 'api-volume-mounts',
    changes: { [DEPLOYMENT]: mount({ subPath: '/etc' }) },
    file: DEPLOYMENT,
    path: `${CONTAINER}.volumeMounts[0].subPath`,
    message: 'subPath "/etc": must be a relative path',
  },
  {
    name: 'a subPath that climbs out with ..',
    rule: 'api-volume-mounts',
    changes: { [DEPLOYMENT]: mount({ subPath: 'cache/../../etc' }) },
    file: DEPLOYMENT,
    path: `${CONTAINER}.volumeMounts[0].subPath`,
    message: "must not contain '..'",
  },
  {
    name: 'subPath together with subPathExpr',
    rule: 'api-volume-mounts',
    changes: { [DEPLOYMENT]: mount({ subPath: 'a', subPathExpr: '$(POD_NAME)' }) },
    file: DEPLOYMENT,
    path: `${CONTAINER}.volumeMounts[0].subPathExpr`,
    message: 'subPathExpr and subPath are mutually exclusive',
  },
  {
    name: 'Bidirectional propagation in an unprivileged container',
    rule: 'api-volume-mounts',
    changes: { [DEPLOYMENT]: mount({ mountPropagation: 'Bidirectional' }) },
    file: DEPLOYMENT,
    path: `${CONTAINER}.volumeMounts[0].mountPropagation`,
    message: 'Bidirectional mount propagation is available only to privileged containers',
  },
  {
    name: 'an unknown mountPropagation',
    rule: 'api-volume-mounts',
    changes: { [DEPLOYMENT]: mount({ mountPropagation: 'Shared' }) },
    file: DEPLOYMENT,
    path: `${CONTAINER}.volumeMounts[0].mountPropagation`,
    message: 'mountPropagation "Shared" is not supported',
  },
  {
    name: 'recursiveReadOnly on a writable mount',
    rule: 'api-volume-mounts',
    changes: { [DEPLOYMENT]: mount({ recursiveReadOnly: 'Enabled' }) },
    file: DEPLOYMENT,
    path: `${CONTAINER}.volumeMounts[0].recursiveReadOnly`,
    message: 'recursiveReadOnly may only be specified when readOnly is true',
  },
  {
    name: 'a block device from an emptyDir',
    rule: 'api-volume-mounts',
    changes: {
      [DEPLOYMENT]: (d) =>
        (d.spec.template.spec.containers[0].volumeDevices = [{ name: 'tmp', devicePath: '/dev/xvda' }]),
    },
    file: DEPLOYMENT,
    path: `${CONTAINER}.volumeDevices[0].name`,
    message: 'can only be a block device if it is a PersistentVolumeClaim or Ephemeral volume',
  },
];

describe('api-volume-mounts', () => {
  for (const testCase of CASES) {
    it(`fails ${testCase.name}`, async () => {
      await expectOnlyFinding(testCase);
    });
  }

  it('passes mounts of pod volumes with relative subPaths, and read-only recursive mounts', async () => {
    const report = await validateFixture({
      [DEPLOYMENT]: (d) =>
        (d.spec.template.spec.containers[0].volumeMounts = [
          { name: 'tmp', mountPath: '/tmp', subPath: 'a/b..c/d' },
          { name: 'tmp', mountPath: '/cache', subPathExpr: '$(POD_NAME)' },
          { name: 'tmp', mountPath: '/ro', readOnly: true, recursiveReadOnly: 'IfPossible', mountPropagation: 'None' },
        ]),
    });
    expect(findingsOf(report)).toEqual([]);
  });
});
