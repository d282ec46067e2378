import { describe, expect, it } from 'vitest';
import { CHART_CATALOG } from '../../lib/converge/chart-catalog';
import { formatProblem } from '../../lib/converge/format';
import { simulateFirstSync } from '../../lib/converge/simulate';
import { SNAPSHOT_CONTROLLER_ADDON } from '../../lib/converge/infra-facts';
import { platformServiceAccount } from '../../lib/naming';
import { veleroValues } from '../../platform/backup/velero-values';
import {
  goodFolders,
  helmApplication,
  infra,
  PROJECT,
  SHOP,
  STORE,
  tree,
  unitApplication,
  withWave,
} from './fixture-tree';

function problems(folders: ReturnType<typeof goodFolders>, facts = infra()): string[] {
  return simulateFirstSync(tree(folders), facts, CHART_CATALOG).problems.map(formatProblem);
}

const G = 'generated/fixture';

describe('converge: first sync of a fixture tree', () => {
  it('passes when every prerequisite comes first, and orders the timeline by sync wave', () => {
    const result = simulateFirstSync(tree(goodFolders()), infra(), CHART_CATALOG);
    expect(result.problems.map(formatProblem)).toEqual([]);
    const rootWaves = result.timeline.filter((step) => step.depth === 0).map((step) => step.wave);
    expect(rootWaves).toEqual([-100, -40, -30, -15, 0]);
    const available = result.timeline.flatMap((step) => step.available);
    expect(available).toContain('default StorageClass gp3 (ebs.csi.aws.com)');
    expect(available).toContain('APIService v1beta1.metrics.k8s.io');
    expect(available).toContain('webhook cert-manager-webhook running');
  });

  it('fails on a custom resource applied before its CRD', () => {
    const folders = goodFolders();
    folders.secrets = [helmApplication('external-secrets', 'external-secrets'), withWave(STORE, -2)];
    expect(problems(folders)).toEqual([
      `${G}/secrets/clustersecretstore-1.yaml: ClusterSecretStore aws-secrets-manager (Application secrets, sync wave -30, wave -2 in its folder): its CRD external-secrets.io/ClusterSecretStore does not exist yet: it comes from chart external-secrets (Application secrets › helm-external-secrets, sync wave -30, wave -1 in its folder), which is not done before this object is applied`,
      `${G}/secrets/clustersecretstore-1.yaml: ClusterSecretStore aws-secrets-manager (Application secrets, sync wave -30, wave -2 in its folder): webhook external-secrets-webhook, which admits external-secrets.io/ClusterSecretStore, is not running yet: it comes from chart external-secrets (Application secrets › helm-external-secrets, sync wave -30, wave -1 in its folder)`,
    ]);
  });

  it('fails on an object applied before its namespace exists', () => {
    const folders = goodFolders();
    folders.shop = [
      ...SHOP,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'billing' } },
    ];
    expect(problems(folders)).toEqual([
      `${G}/shop/configmap-5.yaml: ConfigMap billing/settings (Application shop, sync wave 0, wave 0 in its folder): its namespace billing does not exist yet: render the Namespace in the same folder, sync the Application with CreateNamespace=true, or move the object after what creates it`,
    ]);
  });

  it('fails on a PersistentVolumeClaim without a default StorageClass, and on one whose provisioner is missing', () => {
    const folders = goodFolders();
    const [metrics, certManager] = folders.addons!;
    folders.addons = [metrics!, certManager!];
    expect(problems(folders)).toEqual([
      `${G}/shop/persistentvolumeclaim-3.yaml: PersistentVolumeClaim shop/cache (Application shop, sync wave 0, wave 0 in its folder): the claim names no StorageClass and there is no default StorageClass yet, so it stays Pending: nothing in the tree provides it`,
    ]);
    folders.addons = [metrics!, certManager!, { ...goodFolders().addons![2]!, provisioner: 'efs.csi.aws.com' }];
    expect(problems(folders)).toEqual([
      `${G}/shop/persistentvolumeclaim-3.yaml: PersistentVolumeClaim shop/cache (Application shop, sync wave 0, wave 0 in its folder): the claim uses StorageClass gp3, whose provisioner efs.csi.aws.com is not installed (infra installs ebs.csi.aws.com)`,
    ]);
  });

  it('fails on an ExternalSecret applied before its store, and on one reading a secret infra does not create', () => {
    const folders = goodFolders();
    folders.secrets = [helmApplication('external-secrets', 'external-secrets'), withWave(STORE, 1)];
    folders.shop = SHOP.map((object) => (object.kind === 'ExternalSecret' ? withWave(object, 0) : object));
    folders.argocd = [...goodFolders().argocd!.filter((app) => (app.metadata as { name: string }).name !== 'shop')];
    folders.secrets.push({ ...SHOP[4]!, metadata: { name: 'early', namespace: 'external-secrets' } });
    expect(problems(folders)).toEqual([
      `${G}/secrets/externalsecret-2.yaml: ExternalSecret external-secrets/early (Application secrets, sync wave -30, wave 0 in its folder): its store ClusterSecretStore aws-secrets-manager does not exist yet: it comes from ${G}/secrets/clustersecretstore-1.yaml (Application secrets, sync wave -30, wave 1 in its folder), which is not done before this object is applied`,
    ]);
    expect(problems(goodFolders(), infra({ secrets: new Set() }))).toEqual([
      `${G}/shop/externalsecret-4.yaml: ExternalSecret shop/shop-secrets (Application shop, sync wave 0, wave 0 in its folder): it reads Secrets Manager secret "fixture/apps/shop", which infra does not create`,
    ]);
  });

  it('lets an ExternalSecret use a SecretStore of its own wave (the operator retries until the store is ready)', () => {
    const folders = goodFolders();
    const store = { ...STORE, kind: 'SecretStore', metadata: { name: 'zz-app-store', namespace: 'shop' } };
    folders.shop = SHOP.map((object) =>
      object.kind === 'ExternalSecret'
        ? {
            ...object,
            spec: { ...(object.spec as object), secretStoreRef: { kind: 'SecretStore', name: 'zz-app-store' } },
          }
        : object,
    );
    folders.shop.push(store);
    expect(problems(folders)).toEqual([]);
    folders.shop = [...folders.shop.slice(0, -1), withWave(store, 1)];
    expect(problems(folders)).toEqual([
      `${G}/shop/externalsecret-4.yaml: ExternalSecret shop/shop-secrets (Application shop, sync wave 0, wave 0 in its folder): its store SecretStore shop/zz-app-store does not exist yet: it comes from ${G}/shop/secretstore-5.yaml (Application shop, sync wave 0, wave 1 in its folder), which is not done before this object is applied`,
    ]);
  });

  it('fails on pods created before the webhook that must admit them runs', () => {
    const folders = goodFolders();
    folders.argocd = [
      PROJECT,
      unitApplication('addons', -40, 'kube-system'),
      unitApplication('secrets', -30, 'external-secrets'),
      unitApplication('ingress', 5, 'kube-system'),
      unitApplication('shop', 0),
    ];
    expect(problems(folders)).toEqual([
      `${G}/shop/deployment-1.yaml: Deployment shop/shop (Application shop, sync wave 0, wave 0 in its folder): its pods in namespace shop must be admitted by webhook aws-load-balancer-webhook (pods), which is not running yet: it comes from chart aws-load-balancer-controller (Application ingress › helm-aws-load-balancer-controller, sync wave 5, wave -1 in its folder)`,
    ]);
  });

  it("fails on a chart's certificate applied before cert-manager's webhook runs", () => {
    const folders = goodFolders();
    folders.ingress = [
      helmApplication('cert-manager', 'cert-manager', { crds: { enabled: true } }, -2),
      ...folders.ingress!.map((app) => withWave(app, -2)),
    ];
    folders.addons = [folders.addons![0]!, folders.addons![2]!];
    expect(problems(folders)).toEqual([
      `${G}/ingress/application-1.yaml: chart aws-load-balancer-controller (Application helm-aws-load-balancer-controller) (Application ingress › helm-aws-load-balancer-controller, sync wave -15, wave -2 in its folder): it renders cert-manager.io/Issuer aws-load-balancer-selfsigned-issuer, whose CRD does not exist yet: it comes from chart cert-manager (Application ingress › helm-cert-manager, sync wave -15, wave -2 in its folder), which is not done before this object is applied`,
      `${G}/ingress/application-1.yaml: chart aws-load-balancer-controller (Application helm-aws-load-balancer-controller) (Application ingress › helm-aws-load-balancer-controller, sync wave -15, wave -2 in its folder): webhook cert-manager-webhook, which admits cert-manager.io/Issuer, is not running yet: it comes from chart cert-manager (Application ingress › helm-cert-manager, sync wave -15, wave -2 in its folder)`,
      `${G}/ingress/application-1.yaml: chart aws-load-balancer-controller (Application helm-aws-load-balancer-controller) (Application ingress › helm-aws-load-balancer-controller, sync wave -15, wave -2 in its folder): it renders cert-manager.io/Certificate aws-load-balancer-serving-cert, whose CRD does not exist yet: it comes from chart cert-manager (Application ingress › helm-cert-manager, sync wave -15, wave -2 in its folder), which is not done before this object is applied`,
      `${G}/ingress/application-1.yaml: chart aws-load-balancer-controller (Application helm-aws-load-balancer-controller) (Application ingress › helm-aws-load-balancer-controller, sync wave -15, wave -2 in its folder): webhook cert-manager-webhook, which admits cert-manager.io/Certificate, is not running yet: it comes from chart cert-manager (Application ingress › helm-cert-manager, sync wave -15, wave -2 in its folder)`,
    ]);
  });

  it('fails on a Pod Identity association for a service account no chart or manifest creates', () => {
    const facts = infra();
    const withLoki = infra({
      podIdentityAssociations: [
        ...facts.podIdentityAssociations,
        { namespace: 'loki', serviceAccount: 'loki', roleName: 'fixture-loki' },
      ],
    });
    expect(problems(goodFolders(), withLoki)).toEqual([
      "infra: Pod Identity association loki/loki (infra): Pod Identity association of role fixture-loki binds service account loki/loki, which no chart or manifest of generated/fixture creates: the role is unused (or the chart's service account is named differently)",
    ]);
  });

  it('fails on a HorizontalPodAutoscaler without metrics-server', () => {
    const folders = goodFolders();
    folders.addons = folders.addons!.slice(1);
    expect(problems(folders)).toEqual([
      `${G}/shop/horizontalpodautoscaler-2.yaml: HorizontalPodAutoscaler shop/shop (Application shop, sync wave 0, wave 0 in its folder): the resource metrics API (v1beta1.metrics.k8s.io) is not served yet, so the autoscaler cannot read CPU: nothing in the tree provides it (install metrics-server)`,
    ]);
  });

  it('runs PreSync hooks before the Sync phase: a hook cannot use what the Sync phase creates', () => {
    const folders = goodFolders();
    const hook = {
      ...SHOP[4]!,
      metadata: {
        name: 'migrate-secrets',
        namespace: 'external-secrets',
        annotations: { 'argocd.argoproj.io/hook': 'PreSync' },
      },
    };
    folders.secrets = [helmApplication('external-secrets', 'external-secrets'), withWave(STORE, -5), hook];
    const result = simulateFirstSync(tree(folders), infra(), CHART_CATALOG);
    const secrets = result.timeline.filter((step) => step.application === 'secrets');
    expect(secrets.map((step) => `${step.phase} ${step.wave}`)).toEqual(['PreSync 0', 'Sync -5', 'Sync -1']);
    expect(result.problems.map(formatProblem)[0]).toBe(
      `${G}/secrets/externalsecret-2.yaml: ExternalSecret external-secrets/migrate-secrets (Application secrets, sync wave -30, wave 0 in its folder): its CRD external-secrets.io/ExternalSecret does not exist yet: it comes from chart external-secrets (Application secrets › helm-external-secrets, sync wave -30, wave -1 in its folder), which is not done before this object is applied`,
    );
  });

  it('fails on an app-of-apps inside the folder it syncs (it would wait on its own health)', () => {
    const folders = goodFolders();
    const root = unitApplication('root', -100, 'argocd');
    (root.spec as { source: { path: string } }).source.path = 'generated/fixture/argocd';
    folders.argocd = [root, ...folders.argocd!];
    expect(problems(folders)).toEqual([
      `${G}/argocd/application-0.yaml: Application root (Application root, sync wave -100, wave -100 in its folder): it syncs generated/fixture/argocd, the folder it is in (or one an Application around it syncs): it waits on its own health in its sync waves, and one Degraded child fails every sync; keep it outside the folders it syncs (argocd/<cluster>-root.yaml)`,
    ]);
  });

  it('fails on an Application whose AppProject comes later', () => {
    const folders = goodFolders();
    folders.argocd = [withWave(PROJECT, 10), ...folders.argocd!.slice(1)];
    expect(problems(folders)[0]).toBe(
      `${G}/argocd/application-1.yaml: Application argocd/addons (Application root, sync wave -40, wave -40 in its folder): its AppProject platform does not exist yet, so Argo CD refuses to sync it: apply the AppProject in an earlier or the same sync wave`,
    );
  });

  it("needs the snapshot CRDs of the EKS add-on for Velero's VolumeSnapshotClass", () => {
    const folders = goodFolders();
    folders.argocd = [...folders.argocd!, unitApplication('backup', -5, 'velero')];
    const velero = veleroValues(platformServiceAccount('velero'), false) as unknown as Record<string, unknown>;
    folders.backup = [helmApplication('velero', 'velero', velero)];
    expect(problems(folders, infra({ addonCrds: new Set(SNAPSHOT_CONTROLLER_ADDON.crds) }))).toEqual([]);
    expect(problems(folders)).toEqual([
      expect.stringContaining(
        'it renders snapshot.storage.k8s.io/VolumeSnapshotClass ebs-velero, whose CRD does not exist yet',
      ),
    ]);
  });

  it('names a chart that has no install table and a folder that does not exist', () => {
    const folders = goodFolders();
    folders.addons = [...folders.addons!, helmApplication('unlisted', 'unlisted')];
    folders.argocd = [...folders.argocd!, unitApplication('ghost', 0)];
    expect(problems(folders)).toEqual([
      `${G}/addons/application-3.yaml: chart unlisted (Application helm-unlisted) (Application addons › helm-unlisted, sync wave -40, wave -1 in its folder): no install table for chart unlisted: add a ChartInstallsTable next to its pin (platform/<component>/charts.ts) and register it in lib/converge/chart-catalog.ts`,
      `${G}/argocd/application-5.yaml: Application ghost (Application ghost, sync wave 0, wave 0 in its folder): its source folder generated/fixture/ghost does not exist in generated/: run \`npm run synth\``,
    ]);
  });
});
