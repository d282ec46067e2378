import { afterAll, describe, expect, it } from 'vitest';
import { PSS_RULES } from '../../../lib/validate/policies/pss/pss-rules';
import { type Editable, findingsOf, removeFixtureRepos, validateFixture } from '../fixture-tree';

afterAll(removeFixtureRepos);

const DEPLOYMENT = 'web/deployment-web.yaml';
const SPEC = '$.spec.template.spec';
const CONTAINER = `${SPEC}.containers[0]`;

type Edit = (spec: Editable, container: Editable) => void;

/** One failing pod change per control (baseline, then restricted), with where the finding points. */
const CASES: readonly (readonly [string, Edit, string])[] = [
  ['pss-host-namespaces', (spec) => (spec.hostPID = true), `${SPEC}.hostPID`],
  [
    'pss-privileged',
    (_, c) => Object.assign(c.securityContext, { privileged: true, allowPrivilegeEscalation: true }),
    `${CONTAINER}.securityContext.privileged`,
  ],
  [
    'pss-capabilities-baseline',
    (_, c) => (c.securityContext.capabilities.add = ['NET_ADMIN']),
    `${CONTAINER}.securityContext.capabilities.add[0]`,
  ],
  [
    'pss-host-path-volumes',
    (spec) => spec.volumes.push({ name: 'h', hostPath: { path: '/' } }),
    `${SPEC}.volumes[1].hostPath`,
  ],
  ['pss-host-ports', (_, c) => (c.ports[0].hostPort = 3000), `${CONTAINER}.ports[0].hostPort`],
  [
    'pss-apparmor',
    (_, c) => (c.securityContext.appArmorProfile = { type: 'Unconfined' }),
    `${CONTAINER}.securityContext.appArmorProfile.type`,
  ],
  [
    'pss-selinux',
    (spec) => (spec.securityContext.seLinuxOptions = { type: 'spc_t' }),
    `${SPEC}.securityContext.seLinuxOptions.type`,
  ],
  ['pss-proc-mount', (_, c) => (c.securityContext.procMount = 'Unmasked'), `${CONTAINER}.securityContext.procMount`],
  [
    'pss-seccomp-baseline',
    (spec) => (spec.securityContext.seccompProfile.type = 'Unconfined'),
    `${SPEC}.securityContext.seccompProfile.type`,
  ],
  [
    'pss-sysctls',
    (spec) => (spec.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]),
    `${SPEC}.securityContext.sysctls[0].name`,
  ],
  [
    'pss-host-process',
    (_, c) => (c.securityContext.windowsOptions = { hostProcess: true }),
    `${CONTAINER}.securityContext.windowsOptions.hostProcess`,
  ],
  [
    'pss-volume-types',
    (spec) => spec.volumes.push({ name: 'n', nfs: { server: 'nfs', path: '/' } }),
    `${SPEC}.volumes[1].nfs`,
  ],
  [
    'pss-privilege-escalation',
    (_, c) => (c.securityContext.allowPrivilegeEscalation = true),
    `${CONTAINER}.securityContext.allowPrivilegeEscalation`,
  ],
  [
    'pss-run-as-non-root',
    (spec) => (spec.securityContext.runAsNonRoot = false),
    `${SPEC}.securityContext.runAsNonRoot`,
  ],
  ['pss-run-as-user', (_, c) => (c.securityContext.runAsUser = 0), `${CONTAINER}.securityContext.runAsUser`],
  [
    'pss-seccomp-restricted',
    (spec) => delete spec.securityContext.seccompProfile,
    `${CONTAINER}.securityContext.seccompProfile.type`,
  ],
  [
    'pss-capabilities-restricted',
    (_, c) => (c.securityContext.capabilities.drop = ['NET_RAW']),
    `${CONTAINER}.securityContext.capabilities.drop`,
  ],
];

const edit = (change: Edit) => ({
  [DEPLOYMENT]: (d: Editable) => change(d.spec.template.spec, d.spec.template.spec.containers[0]),
});

describe('Pod Security Standards: one finding id per control', () => {
  it('has a case for every control', () => {
    expect(CASES.map(([id]) => id).sort()).toEqual(PSS_RULES.map((rule) => rule.id).sort());
  });

  for (const [id, change, path] of CASES) {
    it(`${id}: fails, with its own id`, async () => {
      const report = await validateFixture(edit(change));
      expect(findingsOf(report).filter((f) => f.rule === id && f.path === path)).toEqual([
        expect.objectContaining({ file: 'generated/fixture/web/deployment-web.yaml', path, line: expect.any(Number) }),
      ]);
    });
  }

  it('pss-run-as-non-root: a pod-level false fails even when every container sets true', async () => {
    const report = await validateFixture(
      edit((spec, c) => {
        spec.securityContext.runAsNonRoot = false;
        c.securityContext.runAsNonRoot = true;
      }),
    );
    expect(findingsOf(report).map((f) => [f.rule, f.path])).toEqual([
      ['pss-run-as-non-root', `${SPEC}.securityContext.runAsNonRoot`],
    ]);
  });

  it('a waiver switches off exactly the control it names, with a reason; a profile-wide waiver is refused', async () => {
    const waived = await validateFixture({
      [DEPLOYMENT]: (d) => {
        d.metadata.annotations = {
          'policy.platform/waive-pss-host-ports': 'node-local DNS cache needs port 53 on the node',
        };
        d.spec.template.spec.containers[0].ports[0].hostPort = 3000;
        d.spec.template.spec.hostPID = true;
      },
    });
    expect(findingsOf(waived).map((f) => f.rule)).toEqual(['pss-host-namespaces']);
    expect(waived.clusters[0]?.waivers.map((w) => w.rule)).toEqual(['pss-host-ports']);
    const profile = await validateFixture({
      [DEPLOYMENT]: (d) => (d.metadata.annotations = { 'policy.platform/waive-pss-restricted': 'everything' }),
    });
    expect(findingsOf(profile)).toEqual([
      expect.objectContaining({ rule: 'waiver', message: 'waiver names unknown policy "pss-restricted"' }),
    ]);
  });

  it('exempts Windows pods from the Linux-only restricted controls, as upstream does', async () => {
    const report = await validateFixture(
      edit((spec, c) => {
        spec.os = { name: 'windows' };
        delete spec.securityContext.seccompProfile;
        delete c.securityContext.capabilities;
        delete c.securityContext.allowPrivilegeEscalation;
      }),
    );
    expect(findingsOf(report).filter((f) => f.rule.startsWith('pss-'))).toEqual([]);
  });
});
