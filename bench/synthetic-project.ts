import { type AppSpec, WorkloadKind } from '../lib/model/app-spec';
import type { ClusterDefinition } from '../lib/model/cluster';
import { Environment } from '../lib/model/environment';
import type { Project } from '../lib/project/load';

const DIGEST = `sha256:${'b'.repeat(64)}`;

/** `count` realistic apps (web services, workers and cron jobs in turn) enabled in three clusters. */
export function syntheticProject(count: number): Project {
  const apps: AppSpec[] = Array.from({ length: count }, (_, index) => syntheticApp(index));
  const names = ['staging', 'production', 'production-us'];
  const clusters = names.map((name, index) => {
    const definition: ClusterDefinition = {
      name,
      environment: name === 'staging' ? Environment.STAGING : Environment.PRODUCTION,
      awsAccountId: `10000000000${index}`,
      awsRegion: index === 2 ? 'us-east-1' : 'eu-west-1',
      kubernetesVersion: '1.34',
      baseDomain: `${name}.example.com`,
      vpcCidr: `10.${index}.0.0/16`,
      apps: Object.fromEntries(
        apps.map((app) => [app.name, name === 'staging' ? {} : { resources: { memoryLimitMi: 1024 } }]),
      ),
    };
    return {
      definition,
      file: `clusters/${name}.ts`,
      pinsFile: `clusters/${name}.releases.yaml`,
      pins: Object.fromEntries(apps.map((app) => [app.name, { tag: '1.0.0', digest: DIGEST }])),
    };
  });
  return { root: '/nonexistent', apps: apps.map((spec) => ({ spec, file: `apps/${spec.name}/index.ts` })), clusters };
}

function syntheticApp(index: number): AppSpec {
  const name = `app-${String(index).padStart(4, '0')}`;
  const common = {
    name,
    team: `team-${index % 12}`,
    imageRepository: name,
    config: { LOG_LEVEL: 'info', LOG_FORMAT: 'json', FEATURE_FLAGS: 'a,b,c' },
    resources: { cpuRequestMilli: 100, memoryRequestMi: 128, memoryLimitMi: 256 },
  };
  const probes = { liveness: { path: '/healthz' }, readiness: { path: '/readyz' } };
  switch (index % 3) {
    case 0:
      return {
        ...common,
        kind: WorkloadKind.WEB_SERVICE,
        ports: [{ name: 'http', port: 8080 }],
        metricsPort: 'http',
        probes,
        autoscaling: { minReplicas: 2, maxReplicas: 6 },
        ingress: { host: name },
      };
    case 1:
      return {
        ...common,
        kind: WorkloadKind.WORKER,
        ports: [{ name: 'metrics', port: 9090 }],
        metricsPort: 'metrics',
        probes,
        replicas: 2,
      };
    default:
      return { ...common, kind: WorkloadKind.CRON_JOB, schedule: '15 3 * * *' };
  }
}
