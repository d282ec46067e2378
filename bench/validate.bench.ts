/**
 * `npm run bench:validate`: validates a synthetic tree of 3,000 documents (300 apps x 10 objects), each run in a
 * fresh process: cold (empty validator cache), warm (validators compiled by the cold run), and warm on a copy of
 * the tree with defects in every app (about 6,000 findings).
 * Targets (issue 14): cold at least 2,000 documents per second, warm at least 5,000, and the tree with findings
 * at most 2x slower than the clean one.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { SchemaRegistry } from '../lib/validate/schema/schema-registry';
import { validateTree } from '../lib/validate/validate-tree';

const APPS = 300;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemaDir = process.env.SCHEMA_DIR ?? path.resolve(repoRoot, '..', 'shared', 'schemas');
const cluster = { name: 'bench', environment: 'production', kubernetesVersion: '1.34' } as const;

/** Defects that each add findings: a label value over 63 characters on every object, and a broken container. */
function breakApp(objects: object[]): object[] {
  const long = 'x'.repeat(64);
  return objects.map((object) => {
    const copy = structuredClone(object) as { kind: string; metadata: { labels?: Record<string, string> }; spec?: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
    copy.metadata.labels = { ...copy.metadata.labels, 'example.com/long-a': long, 'example.com/long-b': long };
    if (copy.kind === 'Deployment') {
      const container = copy.spec.template.spec.containers[0];
      container.securityContext = { privileged: true, allowPrivilegeEscalation: false };
      container.env.push({ name: 'POD_NAME', value: 'again' });
      container.ports[0].hostPort = 8080;
    }
    return copy;
  });
}

function appObjects(app: string, index: number): object[] {
  const labels = {
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/instance': app,
    'app.kubernetes.io/managed-by': 'cdk8s',
  };
  const selector = { 'app.kubernetes.io/name': app, 'app.kubernetes.io/instance': app };
  const metadata = { name: app, namespace: app, labels };
  const digest = `sha256:${index.toString(16).padStart(64, '0')}`;
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: app, labels } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata, automountServiceAccountToken: false },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { ...metadata, name: `${app}-config` },
      data: { LOG_LEVEL: 'info', PORT: '8080' },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        replicas: 3,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: app,
            securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: app,
                image: `111111111111.dkr.ecr.eu-west-1.amazonaws.com/${app}:1.${index}.0@${digest}`,
                ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
                envFrom: [{ configMapRef: { name: `${app}-config` } }],
                env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
                readinessProbe: { httpGet: { path: '/readyz', port: 'http' }, periodSeconds: 10 },
                livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
                resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata,
      spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata,
      spec: {
        ingressClassName: 'alb',
        rules: [
          {
            host: `${app}.example.com`,
            http: {
              paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: app, port: { name: 'http' } } } }],
            },
          },
        ],
      },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app },
        minReplicas: 3,
        maxReplicas: 6,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        ],
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata,
      spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { ...metadata, name: 'default-deny' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata,
      spec: { selector: { matchLabels: selector }, endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }] },
    },
  ];
}

async function writeTree(root: string, broken = false): Promise<number> {
  let count = 0;
  for (let i = 0; i < APPS; i++) {
    const app = `app-${String(i).padStart(3, '0')}`;
    const dir = path.join(root, 'generated', cluster.name, app);
    await mkdir(dir, { recursive: true });
    const objects = appObjects(app, i);
    for (const object of broken ? breakApp(objects) : objects) {
      const { kind, metadata } = object as { kind: string; metadata: { name: string } };
      await writeFile(
        path.join(dir, `${kind.toLowerCase()}-${metadata.name}.yaml`),
        `# Generated by the benchmark\n${stringify(object)}`,
      );
      count++;
    }
  }
  return count;
}

/** One timed run in this process; prints its result as JSON for the parent. */
async function child(root: string, cacheDir: string): Promise<void> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const registry = new SchemaRegistry({ schemaDir, cacheDir });
  const report = await validateTree({ repoRoot: root, clusters: [cluster], schemaDir, registry });
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const documents = report.clusters[0]?.documents ?? 0;
  console.log(JSON.stringify({ ms, cpuMs, documents, errors: report.errorCount, stats: registry.stats }));
}

interface RunResult {
  ms: number;
  /** CPU time of the run (user + system): less sensitive than wall time to other load on a shared machine. */
  cpuMs: number;
  documents: number;
  errors: number;
  stats: { compiled: number; loadedFromDisk: number };
}

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), 'validate-bench-'));
  const brokenRoot = path.join(root, 'with-findings');
  const cacheDir = path.join(root, '.cache');
  try {
    const written = await writeTree(root);
    await writeTree(brokenRoot, true);
    const run = (tree = root): RunResult =>
      JSON.parse(
        execFileSync(
          process.execPath,
          [...process.execArgv, fileURLToPath(import.meta.url), '--child', tree, cacheDir],
          {
            encoding: 'utf8',
          },
        ),
      ) as RunResult;
    const cold = run();
    const warm = run();
    run(brokenRoot); // fills the document cache with the tree with findings, as a second CI run would find it
    const withFindings = run(brokenRoot);
    const rate = (r: RunResult) => Math.round((r.documents / r.ms) * 1000);
    console.log(
      `validate benchmark: ${written} documents, Kubernetes ${cluster.kubernetesVersion}, schemas ${schemaDir}`,
    );
    console.log(
      `  cold (empty cache): ${cold.ms.toFixed(0)} ms (CPU ${cold.cpuMs.toFixed(0)} ms), ${rate(cold)} docs/s, compiled ${cold.stats.compiled} validators, ${cold.errors} findings`,
    );
    console.log(
      `  warm (cached):      ${warm.ms.toFixed(0)} ms (CPU ${warm.cpuMs.toFixed(0)} ms), ${rate(warm)} docs/s, loaded ${warm.stats.loadedFromDisk} validators from cache, ${warm.errors} findings`,
    );
    console.log(
      `  warm, ${withFindings.errors} findings: ${withFindings.ms.toFixed(0)} ms (CPU ${withFindings.cpuMs.toFixed(0)} ms), ${rate(withFindings)} docs/s, ${(withFindings.ms / warm.ms).toFixed(2)}x the clean tree`,
    );
    console.log('  targets: cold >= 2000 docs/s, warm >= 5000 docs/s, findings tree <= 2x the clean one');
    if (rate(cold) < 2000 || rate(warm) < 5000 || withFindings.ms / warm.ms > 2) process.exitCode = 1;
  } finally {
    if (process.env.KEEP_BENCH_TREE === undefined) await rm(root, { recursive: true, force: true });
    else console.log(`  tree kept at ${root}`);
  }
}

const childAt = process.argv.indexOf('--child');
if (childAt === -1) await main();
else await child(process.argv[childAt + 1] ?? '', process.argv[childAt + 2] ?? '');
