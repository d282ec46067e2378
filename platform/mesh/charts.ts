import { chartInstalls, type ChartInstallsTable, enabled, valueAt } from '../../lib/converge/chart-installs';
import type { ChartPin } from '../shared/helm-application';

/**
 * Istio 1.30.3 (2026-07-16), the newest stable release (1.31 was a release candidate), chart repository
 * https://istio-release.storage.googleapis.com/charts (github.com/istio/istio, manifests/charts; the chart
 * version is the Istio release). The four charts move together: istiod, istio-cni and ztunnel of one release
 * expect that release's CRDs (renovate.json groups them into one pull request).
 */

/** istio/base: the Istio CRDs and the default-revision validating webhook configuration. */
export const ISTIO_BASE_CHART: ChartPin = {
  chart: 'base',
  repoURL: 'https://istio-release.storage.googleapis.com/charts',
  version: '1.30.3',
};

/** istio/istiod: the control plane (xDS for ztunnel and waypoints, the CA that issues workload certificates). */
export const ISTIOD_CHART: ChartPin = {
  chart: 'istiod',
  repoURL: 'https://istio-release.storage.googleapis.com/charts',
  version: '1.30.3',
};

/** istio/cni: the node agent that redirects enrolled pods' traffic to ztunnel (a privileged DaemonSet). */
export const ISTIO_CNI_CHART: ChartPin = {
  chart: 'cni',
  repoURL: 'https://istio-release.storage.googleapis.com/charts',
  version: '1.30.3',
};

/** istio/ztunnel: the per-node L4 proxy that terminates mTLS (HBONE) for enrolled pods (a privileged DaemonSet). */
export const ZTUNNEL_CHART: ChartPin = {
  chart: 'ztunnel',
  repoURL: 'https://istio-release.storage.googleapis.com/charts',
  version: '1.30.3',
};

/** The Istio API groups; their CRDs come from the base chart (base/files/crd-all.gen.yaml). */
export const ISTIO_API_GROUPS = [
  'extensions.istio.io',
  'networking.istio.io',
  'security.istio.io',
  'telemetry.istio.io',
] as const;

/** Every CRD of the base chart (`base.enableCRDTemplates`, on by default, renders them as templates). */
const ISTIO_CRDS = [
  'extensions.istio.io/TrafficExtension',
  'extensions.istio.io/WasmPlugin',
  ...[
    'DestinationRule',
    'EnvoyFilter',
    'Gateway',
    'ProxyConfig',
    'ServiceEntry',
    'Sidecar',
    'VirtualService',
    'WorkloadEntry',
    'WorkloadGroup',
  ].map((kind) => `networking.istio.io/${kind}`),
  ...['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication'].map((kind) => `security.istio.io/${kind}`),
  'telemetry.istio.io/Telemetry',
];

/** What istio/base installs (see lib/converge/chart-installs.ts). */
export const ISTIO_BASE_INSTALLS: ChartInstallsTable = {
  chart: 'base',
  allCrds: ISTIO_CRDS,
  installs: (release) =>
    chartInstalls({
      crds: enabled(release.values, 'base.enableCRDTemplates', true) ? ISTIO_CRDS : [],
      // istio-reader: only for multicluster remote secrets (enableReaderRBAC).
      serviceAccounts: [{ namespace: release.namespace, name: 'istio-reader-service-account' }],
    }),
};

/**
 * What istio/istiod installs. Its validating webhook admits every Istio custom resource, so PeerAuthentications,
 * AuthorizationPolicies and Telemetry must come after istiod is running. The sidecar injector only mutates pods
 * in namespaces labelled `istio-injection: enabled`, which ambient namespaces never are.
 */
export const ISTIOD_INSTALLS: ChartInstallsTable = {
  chart: 'istiod',
  allCrds: [],
  installs: (release) => {
    const revision = valueAt(release.values, 'revision');
    const suffix = typeof revision === 'string' && revision !== '' ? `-${revision}` : '';
    return chartInstalls({
      serviceAccounts: [{ namespace: release.namespace, name: `istiod${suffix}` }],
      webhooks: [
        {
          name: `istio-validator${suffix}-${release.namespace}`,
          admits: ISTIO_API_GROUPS.map((group) => `${group}/*`),
        },
        {
          name: `istio-sidecar-injector${suffix}`,
          admits: 'pods',
          namespaceLabel: { key: 'istio-injection', value: 'enabled' },
        },
      ],
    });
  },
};

/** What istio/cni installs: the istio-cni-node DaemonSet and its service account. */
export const ISTIO_CNI_INSTALLS: ChartInstallsTable = {
  chart: 'cni',
  allCrds: [],
  installs: (release) => chartInstalls({ serviceAccounts: [{ namespace: release.namespace, name: 'istio-cni' }] }),
};

/** What istio/ztunnel installs: the ztunnel DaemonSet and its service account (`resourceName`, else ztunnel). */
export const ZTUNNEL_INSTALLS: ChartInstallsTable = {
  chart: 'ztunnel',
  allCrds: [],
  installs: (release) => {
    const name = valueAt(release.values, 'resourceName');
    return chartInstalls({
      serviceAccounts: [
        { namespace: release.namespace, name: typeof name === 'string' && name !== '' ? name : 'ztunnel' },
      ],
    });
  },
};
