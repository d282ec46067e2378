import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadProject } from '../../lib/project/load';
import { listManifestFiles } from '../../lib/validate/load-documents';
import { SchemaRegistry } from '../../lib/validate/schema/schema-registry';
import type { ClusterTarget, Finding } from '../../lib/validate/types';
import { validateTree } from '../../lib/validate/validate-tree';
import type { Editable } from './fixture-tree';
import { REPO_ROOT, SCHEMA_DIR } from './fixture-tree';

/**
 * Injects each defect of issue 14 into a copy of the real generated/ tree and asserts that validate catches it
 * with file and JSON path. The objects to break are found by kind, never by name, so the test follows the project.
 */

let clusters: ClusterTarget[] = [];
let cluster: ClusterTarget;
const registry = new SchemaRegistry({ schemaDir: SCHEMA_DIR });
const temporary: string[] = [];

beforeAll(async () => {
  clusters = (await loadProject(REPO_ROOT)).clusters.map((c) => c.definition);
  cluster = clusters[0] as ClusterTarget;
});

afterAll(async () => {
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Tree {
  readonly root: string;
  /** Repository-relative path of the first file whose single object satisfies the predicate. */
  find(predicate: (object: Editable) => boolean): Promise<string>;
  edit(file: string, change: (object: Editable) => void, text?: (yaml: string) => string): Promise<void>;
  write(file: string, text: string): Promise<void>;
}

async function copyTree(): Promise<Tree> {
  const root = await mkdtemp(path.join(tmpdir(), 'validate-mutation-'));
  temporary.push(root);
  await cp(path.join(REPO_ROOT, 'generated'), path.join(root, 'generated'), { recursive: true });
  const files = listManifestFiles(path.join(root, 'generated', cluster.name));
  return {
    root,
    async find(predicate) {
      for (const file of files) {
        const object: unknown = parse(await readFile(file, 'utf8'));
        if (object !== null && predicate(object)) return path.relative(root, file);
      }
      throw new Error('no object in the generated tree matches');
    },
    async edit(file, change, text = (yaml) => yaml) {
      const object: Editable = parse(await readFile(path.join(root, file), 'utf8'));
      change(object);
      await writeFile(path.join(root, file), text(stringify(object)));
    },
    async write(file, text) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), text);
    },
  };
}

async function findingsIn(tree: Tree, schemaDir = SCHEMA_DIR): Promise<Finding[]> {
  const report = await validateTree({
    repoRoot: tree.root,
    clusters: [cluster],
    schemaDir,
    registry: schemaDir === SCHEMA_DIR ? registry : new SchemaRegistry({ schemaDir }),
  });
  return report.clusters.flatMap((c) => [...c.findings]);
}

const isDeployment = (o: Editable) => o.kind === 'Deployment';
const isService = (o: Editable) => o.kind === 'Service' && (o.spec.type ?? 'ClusterIP') === 'ClusterIP';
const hasNamedPort = (o: Editable) => isService(o) && typeof o.spec.ports?.[0]?.name === 'string';
const isConfigMap = (o: Editable) => o.kind === 'ConfigMap' && o.data !== undefined;
const container = (d: Editable) => d.spec.template.spec.containers[0];
const CONTAINER = '$.spec.template.spec.containers[0]';

interface Target {
  readonly file: string;
  readonly path: string;
  /** Text the finding's line must contain: the line is checked, not only present. */
  readonly line?: string;
  /** For a path to a block map: its key, which the line before the finding's (the map's first entry) holds. */
  readonly keyLine?: string;
  /** Other findings the same defect rightly causes, as `<rule> <path>` in the same file. */
  readonly also?: readonly string[];
}

interface Mutation {
  readonly defect: string;
  readonly rule: string;
  /** The report must hold exactly this finding (and `also`), not merely contain it. */
  readonly exact?: boolean;
  /** Breaks the tree; returns the file and JSON path the finding must name. */
  apply(tree: Tree): Promise<Target>;
}

const MUTATIONS: readonly Mutation[] = [
  {
    defect: 'a label value over 63 characters',
    rule: 'api-labels',
    async apply(tree) {
      const file = await tree.find(isDeployment);
      await tree.edit(file, (d) => (d.metadata.labels['example.com/long'] = 'x'.repeat(64)));
      return { file, path: "$.metadata.labels['example.com/long']" };
    },
  },
  {
    defect: 'a selector that does not match the pod template labels',
    rule: 'api-selector',
    async apply(tree) {
      const file = await tree.find(isDeployment);
      await tree.edit(file, (d) => {
        const key = Object.keys(d.spec.selector.matchLabels)[0] as string;
        d.spec.template.metadata.labels[key] = 'does-not-match';
      });
      return { file, path: '$.spec.template.metadata.labels' };
    },
  },
  {
    defect: 'a YAML 1.1 boolean (FEATURE: yes) in a ConfigMap',
    rule: 'schema',
    async apply(tree) {
      const file = await tree.find(isConfigMap);
      await tree.edit(
        file,
        (c) => (c.data.FEATURE = 'PLACEHOLDER'),
        (yaml) => yaml.replace('FEATURE: PLACEHOLDER', 'FEATURE: yes'),
      );
      return { file, path: '$.data.FEATURE' };
    },
  },
  {
    defect: 'a YAML 1.1 boolean (on) in a ConfigMap',
    rule: 'schema',
    async apply(tree) {
      const file = await tree.find(isConfigMap);
      await tree.edit(
        file,
        (c) => (c.data.MODE = 'PLACEHOLDER'),
        (yaml) => yaml.replace('MODE: PLACEHOLDER', 'MODE: on'),
      );
      return { file, path: '$.data.MODE' };
    },
  },
  {
    defect: 'a container port out of range',
    rule: 'api-ports',
    async apply(tree) {
      const file = await tree.find((o) => isDeployment(o) && container(o).ports !== undefined);
      await tree.edit(file, (d) => (container(d).ports[0].containerPort = 70000));
      return { file, path: `${CONTAINER}.ports[0].containerPort` };
    },
  },
  {
    defect: 'a port name over 15 characters',
    rule: 'api-ports',
    async apply(tree) {
      const file = await tree.find((o) => isDeployment(o) && container(o).ports !== undefined);
      await tree.edit(file, (d) => (container(d).ports[0].name = 'a-very-long-port-name'));
      return { file, path: `${CONTAINER}.ports[0].name` };
    },
  },
  {
    defect: 'an int32 overflow (periodSeconds: 4294967296)',
    rule: 'schema',
    async apply(tree) {
      const file = await tree.find(isDeployment);
      await tree.edit(
        file,
        (d) =>
          (container(d).readinessProbe = {
            ...container(d).readinessProbe,
            tcpSocket: undefined,
            periodSeconds: 4294967296,
          }),
      );
      return { file, path: `${CONTAINER}.readinessProbe.periodSeconds` };
    },
  },
  {
    defect: 'duplicate env var names',
    rule: 'api-list-map-keys',
    async apply(tree) {
      const file = await tree.find(isDeployment);
      let index = 0;
      await tree.edit(file, (d) => {
        const env = (container(d).env ??= []);
        env.push({ name: 'DUPLICATE', value: '1' }, { name: 'DUPLICATE', value: '2' });
        index = env.length - 1;
      });
      return { file, path: `${CONTAINER}.env[${index}]` };
    },
  },
  {
    defect: 'privileged: true together with allowPrivilegeEscalation: false',
    rule: 'api-security-context',
    async apply(tree) {
      const file = await tree.find(isDeployment);
      await tree.edit(file, (d) =>
        Object.assign((container(d).securityContext ??= {}), { privileged: true, allowPrivilegeEscalation: false }),
      );
      return { file, path: `${CONTAINER}.securityContext.allowPrivilegeEscalation` };
    },
  },
  {
    defect: 'the same object defined twice',
    rule: 'ref-duplicate-object',
    async apply(tree) {
      const original = await tree.find(isConfigMap);
      const file = path.join(path.dirname(original), 'zz-duplicate.yaml');
      await tree.write(file, await readFile(path.join(tree.root, original), 'utf8'));
      return { file, path: '$.metadata.name' };
    },
  },
  ...(
    [
      [
        'pod-level runAsNonRoot: false',
        'pss-run-as-non-root',
        (s: Editable) => ((s.securityContext ??= {}).runAsNonRoot = false),
        '$.spec.template.spec.securityContext.runAsNonRoot',
      ],
      [
        'an unmasked procMount',
        'pss-proc-mount',
        (s: Editable) => ((s.containers[0].securityContext ??= {}).procMount = 'Unmasked'),
        `${CONTAINER}.securityContext.procMount`,
      ],
      [
        'an unsafe sysctl',
        'pss-sysctls',
        (s: Editable) => ((s.securityContext ??= {}).sysctls = [{ name: 'kernel.msgmax', value: '1' }]),
        '$.spec.template.spec.securityContext.sysctls[0].name',
      ],
      [
        'a Windows HostProcess container',
        'pss-host-process',
        (s: Editable) => ((s.containers[0].securityContext ??= {}).windowsOptions = { hostProcess: true }),
        `${CONTAINER}.securityContext.windowsOptions.hostProcess`,
      ],
      [
        'AppArmor Unconfined',
        'pss-apparmor',
        (s: Editable) => ((s.containers[0].securityContext ??= {}).appArmorProfile = { type: 'Unconfined' }),
        `${CONTAINER}.securityContext.appArmorProfile.type`,
      ],
      [
        'a custom SELinux type',
        'pss-selinux',
        (s: Editable) => ((s.securityContext ??= {}).seLinuxOptions = { type: 'spc_t' }),
        '$.spec.template.spec.securityContext.seLinuxOptions.type',
      ],
    ] as const
  ).map(([defect, rule, change, at]): Mutation => ({
    defect,
    rule,
    async apply(tree) {
      const file = await tree.find(isDeployment);
      await tree.edit(file, (d) => change(d.spec.template.spec));
      return { file, path: at };
    },
  })),
  {
    defect: 'one waiver for the whole PSS profile',
    rule: 'waiver',
    async apply(tree) {
      const file = await tree.find(isDeployment);
      await tree.edit(
        file,
        (d) => ((d.metadata.annotations ??= {})['policy.platform/waive-pss-restricted'] = 'all of it'),
      );
      return { file, path: "$.metadata.annotations['policy.platform/waive-pss-restricted']" };
    },
  },
  {
    defect: 'a defect inside a kind: List',
    rule: 'api-labels',
    async apply(tree) {
      const original = await tree.find(isConfigMap);
      const object: Editable = parse(await readFile(path.join(tree.root, original), 'utf8'));
      object.metadata.name = `${object.metadata.name}-listed`;
      object.metadata.labels = { ...object.metadata.labels, 'example.com/bad': '-bad-' };
      const file = path.join(path.dirname(original), 'list-extra.yaml');
      await tree.write(file, stringify({ apiVersion: 'v1', kind: 'List', items: [object] }));
      return { file, path: "$.items[0].metadata.labels['example.com/bad']" };
    },
  },
  {
    defect: 'a defect in a .json file',
    rule: 'schema',
    async apply(tree) {
      const original = await tree.find(isConfigMap);
      const object: Editable = parse(await readFile(path.join(tree.root, original), 'utf8'));
      object.metadata.name = `${object.metadata.name}-json`;
      object.data = { PORT: 8080 };
      const file = path.join(path.dirname(original), 'configmap-extra.json');
      await tree.write(file, JSON.stringify(object));
      return { file, path: '$.data.PORT' };
    },
  },
  {
    defect: 'a pod using a PersistentVolumeClaim nothing creates',
    rule: 'ref-pod-dependencies',
    async apply(tree) {
      const file = await tree.find(isDeployment);
      let index = 0;
      await tree.edit(file, (d) => {
        const volumes = (d.spec.template.spec.volumes ??= []);
        volumes.push({ name: 'missing-data', persistentVolumeClaim: { claimName: 'missing-data' } });
        index = volumes.length - 1;
      });
      return { file, path: `$.spec.template.spec.volumes[${index}].persistentVolumeClaim.claimName` };
    },
  },
  {
    defect: 'a pod without a namespace (escaping default-deny)',
    rule: 'default-deny-netpol',
    async apply(tree) {
      const file = await tree.find(isDeployment);
      await tree.edit(file, (d) => delete d.metadata.namespace);
      return { file, path: '$.metadata.name' };
    },
  },
  {
    defect: 'a credential word in the middle of an env name',
    rule: 'no-credential-literals',
    async apply(tree) {
      const file = await tree.find(isDeployment);
      let index = 0;
      await tree.edit(file, (d) => {
        const env = (container(d).env ??= []);
        env.push({ name: 'PASSWORD_FOR_DB', value: 'hunter2' });
        index = env.length - 1;
      });
      return { file, path: `${CONTAINER}.env[${index}].value` };
    },
  },
  {
    defect: 'a memory request above the memory limit',
    rule: 'api-resources',
    exact: true,
    async apply(tree) {
      const file = await tree.find((o) => isDeployment(o) && container(o).resources?.limits?.memory !== undefined);
      await tree.edit(file, (d) => ((container(d).resources.requests ??= {}).memory = '64Gi'));
      return { file, path: `${CONTAINER}.resources.requests.memory`, line: 'memory: 64Gi' };
    },
  },
  {
    defect: 'an extended resource requested without a limit',
    rule: 'api-resources',
    exact: true,
    async apply(tree) {
      const file = await tree.find((o) => isDeployment(o) && container(o).resources?.limits !== undefined);
      await tree.edit(file, (d) => ((container(d).resources.requests ??= {})['example.com/gpu'] = 1));
      return { file, path: `${CONTAINER}.resources.limits`, keyLine: 'limits:' };
    },
  },
  {
    defect: 'a volumeMount naming a volume the pod does not define',
    rule: 'api-volume-mounts',
    exact: true,
    async apply(tree) {
      const file = await tree.find(isDeployment);
      let index = 0;
      await tree.edit(file, (d) => {
        const mounts = (container(d).volumeMounts ??= []);
        mounts.push({ name: 'missing-volume', mountPath: '/mutation' });
        index = mounts.length - 1;
      });
      return { file, path: `${CONTAINER}.volumeMounts[${index}].name`, line: 'name: missing-volume' };
    },
  },
  {
    defect: 'a subPath that climbs out of its volume',
    rule: 'api-volume-mounts',
    exact: true,
    async apply(tree) {
      const file = await tree.find((o) => isDeployment(o) && o.spec.template.spec.volumes?.length > 0);
      let index = 0;
      await tree.edit(file, (d) => {
        const mounts = (container(d).volumeMounts ??= []);
        mounts.push({ name: d.spec.template.spec.volumes[0].name, mountPath: '/mutation', subPath: '../../etc' });
        index = mounts.length - 1;
      });
      return { file, path: `${CONTAINER}.volumeMounts[${index}].subPath`, line: 'subPath: ../../etc' };
    },
  },
  {
    defect: 'an env var name with "="',
    rule: 'api-env',
    exact: true,
    async apply(tree) {
      const file = await tree.find(isDeployment);
      let index = 0;
      await tree.edit(file, (d) => {
        const env = (container(d).env ??= []);
        env.push({ name: 'FEATURE=ON', value: '1' });
        index = env.length - 1;
      });
      return { file, path: `${CONTAINER}.env[${index}].name`, line: 'name: FEATURE=ON' };
    },
  },
  {
    defect: 'an envFrom prefix with "="',
    rule: 'api-env',
    exact: true,
    async apply(tree) {
      const file = await tree.find((o) => isDeployment(o) && container(o).envFrom?.length > 0);
      await tree.edit(file, (d) => (container(d).envFrom[0].prefix = 'APP='));
      return { file, path: `${CONTAINER}.envFrom[0].prefix`, line: 'prefix: APP=' };
    },
  },
  {
    defect: 'a headless NodePort Service (clusterIP: None with type NodePort)',
    rule: 'api-service',
    exact: true,
    async apply(tree) {
      const file = await tree.find(isService);
      await tree.edit(file, (s) => Object.assign(s.spec, { type: 'NodePort', clusterIP: 'None' }));
      return { file, path: '$.spec.clusterIP', line: 'clusterIP: None' };
    },
  },
  {
    defect: 'a nodePort outside the node port range',
    rule: 'api-service',
    exact: true,
    async apply(tree) {
      const file = await tree.find(isService);
      await tree.edit(file, (s) => {
        s.spec.type = 'NodePort';
        s.spec.ports[0].nodePort = 8080;
      });
      return { file, path: '$.spec.ports[0].nodePort', line: 'nodePort: 8080' };
    },
  },
  {
    defect: 'a nodePort on a ClusterIP Service',
    rule: 'api-service',
    exact: true,
    async apply(tree) {
      const file = await tree.find(isService);
      await tree.edit(file, (s) => (s.spec.ports[0].nodePort = 30080));
      return { file, path: '$.spec.ports[0].nodePort', line: 'nodePort: 30080' };
    },
  },
  {
    defect: 'two Service ports with the same port and protocol',
    rule: 'api-list-map-keys',
    exact: true,
    async apply(tree) {
      const file = await tree.find(hasNamedPort);
      let index = 0;
      await tree.edit(file, (s) => {
        s.spec.ports.push({ ...s.spec.ports[0], name: 'mutation' });
        index = s.spec.ports.length - 1;
      });
      return { file, path: `$.spec.ports[${index}]`, line: '- ' };
    },
  },
  {
    defect: 'two Service ports with the same name',
    rule: 'api-ports',
    exact: true,
    async apply(tree) {
      const file = await tree.find(hasNamedPort);
      let index = 0;
      let name = '';
      await tree.edit(file, (s) => {
        const first = s.spec.ports[0];
        name = first.name;
        s.spec.ports.push({ ...first, port: first.port + 1 });
        index = s.spec.ports.length - 1;
      });
      return { file, path: `$.spec.ports[${index}].name`, line: `name: ${name}` };
    },
  },
  {
    defect: 'a Service targetPort name that is not an IANA service name',
    rule: 'api-ports',
    exact: true,
    async apply(tree) {
      const file = await tree.find(isService);
      await tree.edit(file, (s) => (s.spec.ports[0].targetPort = 'http_port'));
      const path = '$.spec.ports[0].targetPort';
      // The name also matches no container port of the selected pods.
      return { file, path, line: 'targetPort: http_port', also: [`ref-service-selector ${path}`] };
    },
  },
  {
    defect: 'a selector on an ExternalName Service',
    rule: 'service-ignored-fields',
    exact: true,
    async apply(tree) {
      const file = await tree.find((o) => isService(o) && o.spec.selector !== undefined);
      await tree.edit(file, (s) =>
        Object.assign(s.spec, { type: 'ExternalName', externalName: 'mutation.example.com' }),
      );
      return { file, path: '$.spec.selector', keyLine: 'selector:' };
    },
  },
];

describe('mutation test: every defect of issue 14 injected into a copy of generated/', () => {
  it('the unmodified copy is clean', async () => {
    expect(await findingsIn(await copyTree())).toEqual([]);
  });

  for (const mutation of MUTATIONS) {
    it(`catches ${mutation.defect} (${mutation.rule}) with file and path`, async () => {
      const tree = await copyTree();
      const { file, path: at, line, keyLine, also = [] } = await mutation.apply(tree);
      const findings = await findingsIn(tree);
      const finding = findings.find((f) => f.rule === mutation.rule && f.file === file && f.path === at);
      expect(finding).toEqual(expect.objectContaining({ line: expect.any(Number) }));
      if (mutation.exact === true) {
        const where = (f: Finding) => `${f.file} ${f.rule} ${f.path}`;
        expect(findings.map(where).sort()).toEqual(
          [`${file} ${mutation.rule} ${at}`, ...also.map((other) => `${file} ${other}`)].sort(),
        );
      }
      const lines = (await readFile(path.join(tree.root, file), 'utf8')).split('\n');
      if (line !== undefined) expect(lines[(finding?.line ?? 0) - 1]).toContain(line);
      if (keyLine !== undefined) expect(lines[(finding?.line ?? 0) - 2]).toContain(keyLine);
    });
  }

  it('null values are absent, not errors', async () => {
    const tree = await copyTree();
    const file = await tree.find(isDeployment);
    await tree.edit(file, (d) => {
      d.spec.revisionHistoryLimit = null;
      container(d).args = null;
    });
    expect(await findingsIn(tree)).toEqual([]);
  });

  it('a schema that does not compile is one finding, not a crash', async () => {
    const tree = await copyTree();
    const schemaDir = await mkdtemp(path.join(tmpdir(), 'validate-mutation-schemas-'));
    temporary.push(schemaDir);
    await symlink(path.join(SCHEMA_DIR, 'kubernetes'), path.join(schemaDir, 'kubernetes'));
    const target = await tree.find(
      (o) => typeof o.apiVersion === 'string' && o.apiVersion.includes('.') && o.apiVersion.includes('/'),
    );
    const object: Editable = parse(await readFile(path.join(tree.root, target), 'utf8'));
    const [group, version] = (object.apiVersion as string).split('/') as [string, string];
    const schemaName = `${(object.kind as string).toLowerCase()}_${version}.json`;
    for (const entry of await readdir(path.join(SCHEMA_DIR, 'crds'))) {
      if (entry !== group) {
        await mkdir(path.join(schemaDir, 'crds'), { recursive: true });
        await symlink(path.join(SCHEMA_DIR, 'crds', entry), path.join(schemaDir, 'crds', entry));
      }
    }
    await mkdir(path.join(schemaDir, 'crds', group), { recursive: true });
    for (const entry of await readdir(path.join(SCHEMA_DIR, 'crds', group))) {
      if (entry !== schemaName)
        await symlink(path.join(SCHEMA_DIR, 'crds', group, entry), path.join(schemaDir, 'crds', group, entry));
    }
    const schema = JSON.parse(await readFile(path.join(SCHEMA_DIR, 'crds', group, schemaName), 'utf8')) as Record<
      string,
      unknown
    >;
    schema.properties = {
      ...(schema.properties as object),
      ratio: { type: 'number', maximum: 1, exclusiveMaximum: true },
    };
    await writeFile(path.join(schemaDir, 'crds', group, schemaName), JSON.stringify(schema));
    const findings = await findingsIn(tree, schemaDir);
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'schema-broken',
        file: target,
        path: '$.apiVersion',
        message: expect.stringContaining(`schema crds/${group}/${schemaName} does not compile`),
      }),
    ]);
  });
});
