import { describe, expect, it } from 'vitest';
import { backupCopyRegion } from '../../../lib/model/backup-region';
import { veleroBucketName, platformServiceAccount } from '../../../lib/naming';
import type { BackupSettings } from '../../../lib/model/platform-settings';
import { VELERO_AWS_PLUGIN_IMAGE, VELERO_CHART } from '../../../platform/backup/charts';
import { drillRestore, RESTORE_DRILL_NAMESPACE } from '../../../platform/backup/restore-drill';
import { checkHelmRelease } from '../../../lib/validate/helm-values/check-helm-values';
import { CHART_REFERENCES } from '../../support/charts';
import { strictSchema } from '../../support/schemas';
import { field, productionCluster, render, stagingCluster } from '../fixtures';

const withBackup = (cluster: ReturnType<typeof stagingCluster>, backup: BackupSettings = {}) => ({
  ...cluster,
  platform: { ...cluster.platform, backup },
});
const staging = withBackup(stagingCluster());
const production = withBackup(productionCluster());
const velero = platformServiceAccount('velero');

describe('backup (Velero)', () => {
  it('is not rendered without platform.backup', () => {
    const rendered = render(stagingCluster(), []);
    expect(rendered.paths.filter((path) => path.startsWith('backup/'))).toEqual([]);
    expect(rendered.has('argocd/application-backup.yaml')).toBe(false);
  });

  it('installs the pinned chart with the AWS plugin, Pod Identity credentials and CSI snapshots', () => {
    const app = render(staging, []).object('backup/application-helm-velero.yaml');
    expect(field(app, 'spec.source')).toMatchObject({
      repoURL: VELERO_CHART.repoURL,
      chart: 'velero',
      targetRevision: VELERO_CHART.version,
    });
    expect(field(app, 'spec.destination.namespace')).toBe(velero.namespace);
    const values = field(app, 'spec.source.helm.valuesObject') as Record<string, unknown>;
    expect(values).toMatchObject({
      credentials: { useSecret: false },
      serviceAccount: { server: { create: true, name: velero.serviceAccount } },
      upgradeCRDs: false,
      deployNodeAgent: false,
      configuration: { features: 'EnableCSI', backupStorageLocation: [], volumeSnapshotLocation: [] },
      metrics: { serviceMonitor: { enabled: true } },
    });
    expect(values.initContainers).toEqual([
      expect.objectContaining({
        image: VELERO_AWS_PLUGIN_IMAGE,
        volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
        securityContext: expect.objectContaining({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true }),
      }),
    ]);
    expect(values.extraObjects).toEqual([
      {
        apiVersion: 'snapshot.storage.k8s.io/v1',
        kind: 'VolumeSnapshotClass',
        metadata: { name: 'ebs-velero', labels: { 'velero.io/csi-volumesnapshot-class': 'true' } },
        driver: 'ebs.csi.aws.com',
        deletionPolicy: 'Retain',
      },
    ]);
  });

  it("stores backups in the cluster's Velero bucket in the backup copy region", () => {
    for (const cluster of [staging, withBackup(stagingCluster({ backupCopyRegion: 'eu-north-1' }))]) {
      const location = render(cluster, []).object('backup/backupstoragelocation-default.yaml');
      expect(field(location, 'spec')).toMatchObject({
        provider: 'aws',
        default: true,
        objectStorage: { bucket: veleroBucketName(cluster), prefix: cluster.name },
        config: { region: backupCopyRegion(cluster) },
      });
      expect(field(location, 'spec.config.region')).not.toBe(cluster.awsRegion);
    }
  });

  it('schedules resources and volumes at half their RPO, kept for the environment retention', () => {
    const schedules = (cluster: typeof staging) => {
      const rendered = render(cluster, []);
      return ['cluster-resources', 'volumes'].map((name) =>
        field(rendered.object(`backup/schedule-${name}.yaml`), 'spec'),
      ) as Record<string, Record<string, unknown>>[];
    };
    const [resources, volumes] = schedules(staging);
    expect(resources).toMatchObject({
      schedule: '*/30 * * * *',
      template: { snapshotVolumes: false, ttl: '168h0m0s' },
    });
    expect(volumes).toMatchObject({ schedule: '30 */2 * * *', template: { snapshotVolumes: true, ttl: '168h0m0s' } });
    expect(resources!.template!.includedNamespaces).toEqual(['*']);
    expect(schedules(production).map((schedule) => schedule.template!.ttl)).toEqual(['720h0m0s', '720h0m0s']);
    const custom = schedules(
      withBackup(stagingCluster(), { resourcesRpoMinutes: 20, volumesRpoMinutes: 1440, retentionDays: 3 }),
    );
    expect(custom.map((schedule) => [schedule.schedule, schedule.template!.ttl])).toEqual([
      ['*/10 * * * *', '72h0m0s'],
      ['30 */12 * * *', '72h0m0s'],
    ]);
  });

  it('alerts when the newest backup of a schedule is older than its RPO, paging in production only', () => {
    const rules = (cluster: typeof staging) =>
      (
        field(render(cluster, []).object('backup/prometheusrule-backup.yaml'), 'spec.groups') as {
          rules: { alert: string; expr: string; labels: Record<string, string> }[];
        }[]
      )[0]!.rules.filter((rule) => rule.alert === 'BackupRecoveryPointTooOld');
    expect(
      rules(staging).map((rule) => [rule.labels.schedule, rule.labels.severity, /> (\d+)/.exec(rule.expr)![1]]),
    ).toEqual([
      ['cluster-resources', 'warning', '3600'],
      ['volumes', 'warning', '14400'],
    ]);
    expect(rules(production).map((rule) => rule.labels.severity)).toEqual(['critical', 'critical']);
    const noMonitoring = withBackup(stagingCluster({ platform: { externalSecrets: { replicas: 1 } } }));
    expect(render(noMonitoring, []).has('backup/prometheusrule-backup.yaml')).toBe(false);
  });

  it('runs the restore drill outside production, with RBAC only for its own Restore and canary', () => {
    const rendered = render(staging, []);
    const role = rendered.object('backup/role-restore-drill.yaml');
    expect(field(role, 'metadata.namespace')).toBe(velero.namespace);
    expect(field(role, 'rules')).toEqual([
      { apiGroups: ['velero.io'], resources: ['restores'], verbs: ['create'] },
      {
        apiGroups: ['velero.io'],
        resources: ['restores'],
        resourceNames: ['restore-drill'],
        verbs: ['get', 'list', 'watch', 'delete'],
      },
    ]);
    expect(field(rendered.object('backup/role-restore-drill-verify.yaml'), 'rules')).toEqual([
      {
        apiGroups: [''],
        resources: ['configmaps'],
        resourceNames: ['restore-drill-canary'],
        verbs: ['get', 'list', 'watch', 'delete'],
      },
    ]);
    expect(rendered.paths.filter((path) => /clusterrole/.test(path))).toEqual([]);
    const cronJob = rendered.object('backup/cronjob-restore-drill.yaml');
    const pod = field(cronJob, 'spec.jobTemplate.spec.template.spec') as {
      initContainers: { name: string; args: string[] }[];
      containers: { name: string; args: string[] }[];
    };
    expect(pod.initContainers.map((container) => container.name)).toEqual([
      'delete-previous-restore',
      'delete-previous-canary',
      'create-restore',
      'wait-for-restore',
    ]);
    expect(pod.initContainers[3]!.args).toContain('--for=jsonpath={.status.phase}=Completed');
    expect(pod.containers[0]!.args).toContain(`--for=jsonpath={.data.canary}=backup-of-${staging.name}`);
    expect(field(rendered.object('backup/configmap-restore-drill-canary.yaml'), 'data.canary')).toBe(
      `backup-of-${staging.name}`,
    );
    const productionPaths = render(production, []).paths;
    expect(productionPaths.filter((path) => path.includes('restore-drill'))).toEqual([]);
    expect(
      render(withBackup(productionCluster(), { restoreDrill: true }), []).has('backup/cronjob-restore-drill.yaml'),
    ).toBe(true);
  });

  it("restores only the canary of the resources schedule's newest backup, into the scratch namespace", async () => {
    const restore = drillRestore('cluster-resources');
    expect(field(restore, 'spec')).toMatchObject({
      scheduleName: 'cluster-resources',
      includedNamespaces: [velero.namespace],
      includedResources: ['configmaps'],
      includeClusterResources: false,
      namespaceMapping: { [velero.namespace]: RESTORE_DRILL_NAMESPACE },
      restorePVs: false,
    });
    // The Restore lives in a ConfigMap (Argo CD must not apply it): check it against Velero's CRD here.
    expect(await strictSchema()(restore)).toEqual([]);
  });

  it.each([
    ['staging', staging],
    ['production with the drill', withBackup(productionCluster(), { restoreDrill: true })],
  ])('renders only valid objects and chart values in %s', async (_name, cluster) => {
    const rendered = render(cluster, []);
    const objects = rendered.objects().filter(({ path }) => path.startsWith('backup/'));
    expect(objects.length).toBeGreaterThan(10);
    const problemsOf = strictSchema(cluster.kubernetesVersion);
    for (const { path, object } of objects)
      expect({ path, problems: await problemsOf(object) }).toEqual({ path, problems: [] });
    const values = field(rendered.object('backup/application-helm-velero.yaml'), 'spec.source.helm.valuesObject');
    const release = { cluster: cluster.name, chart: VELERO_CHART.chart, version: VELERO_CHART.version };
    expect(checkHelmRelease({ ...release, values: values as Record<string, unknown> }, CHART_REFERENCES)).toEqual([]);
    // A key the chart does not have is caught, so the empty result above means something.
    expect(
      checkHelmRelease({ ...release, values: { configuration: { featureFlags: 'EnableCSI' } } }, CHART_REFERENCES),
    ).not.toEqual([]);
  });
});
