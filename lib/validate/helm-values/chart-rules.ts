/**
 * What the Helm values check needs to know about each chart beyond its reference data: which reference folder
 * applies to which pinned major, which subcharts have reference values, which maps the chart renders whole
 * (their children are free-form) and which keys exist although values.yaml does not list them.
 *
 * Paths are dotted key paths of the values (`prometheus.prometheusSpec.storageSpec`). In `openMaps`, a `*`
 * segment stands for any one key and a leading `**` for any number of keys (`**.annotations`: every
 * `annotations` key). An open map must itself be a key of the chart; only what is below it is not checked.
 * List items are never checked against values.yaml (its default lists are mostly empty, and where they are not,
 * an item is an example, not a schema): values.schema.json checks them where the chart has one.
 */
export interface ChartRules {
  /**
   * Reference folder (relative to the charts folder) per major version of the pin, for pins on an older line
   * than `<chart>/`.
   * @default none: every pin is checked against `<chart>/`
   */
  readonly referenceByMajor?: Readonly<Record<number, string>>;
  /**
   * Subcharts whose own values.yaml is in the reference data: the subchart's key in the parent's values (its
   * alias, else its name) -> folder. Keys of other subcharts are known only where the parent's values.yaml
   * sets them.
   * @default none
   */
  readonly subcharts?: Readonly<Record<string, string>>;
  /** Key paths whose children are free-form because the chart renders the map whole. */
  readonly openMaps: readonly string[];
  /**
   * A key of values.yaml that holds the chart's defaults, which releases set at the top level (Istio's
   * `_internal_defaults_do_not_set`: its templates merge the release's values over it).
   * @default none: values.yaml's top level is the chart's keys
   */
  readonly valuesRoot?: string;
  /**
   * The release the reference folder holds when its Chart.yaml carries the placeholder version (Istio's `1.0.0` in
   * git, replaced by the release build; a pulled chart has its real version), with where the real one is recorded.
   * @default the reference folder's Chart.yaml version
   */
  readonly referenceVersion?: { readonly placeholder: string; readonly version: string; readonly source: string };
  /**
   * Folder of the chart's reference data when it is not named like the chart (Istio's `base` is `istio-base/`);
   * `npm run charts:pull` writes the pulled chart there too.
   * @default the chart's name
   */
  readonly referenceFolder?: string;
  /** Keys (leaf paths) the chart reads although its values.yaml does not list them, each with the reason. */
  readonly allowances: readonly KeyAllowance[];
}

export interface KeyAllowance {
  readonly path: string;
  readonly reason: string;
  /**
   * The reference folders (relative to the charts folder) where the chart reads the key.
   * @default every reference folder of the chart
   */
  readonly references?: readonly string[];
}

/**
 * Kubernetes fields that the charts copy whole into the objects they render (`toYaml`): below them are the
 * keys of Kubernetes (label names, resource names, security context fields), not of the chart.
 */
const KUBERNETES_FIELDS: readonly string[] = [
  '**.annotations',
  '**.podAnnotations',
  '**.labels',
  '**.podLabels',
  '**.nodeSelector',
  '**.affinity',
  '**.resources',
  '**.securityContext',
  '**.podSecurityContext',
  '**.containerSecurityContext',
  // Maps rendered as `--key=value` command-line flags (lists of flags are lists, and free-form anyway).
  '**.extraArgs',
];

/**
 * Istio's four charts: values.yaml nests the defaults under `_internal_defaults_do_not_set`; in git, Chart.yaml
 * says 1.0.0 and SOURCE.txt records the release tag the files come from.
 */
function istioRules(folder: string, openMaps: readonly string[] = []): ChartRules {
  return {
    referenceFolder: folder,
    valuesRoot: '_internal_defaults_do_not_set',
    referenceVersion: { placeholder: '1.0.0', version: '1.30.3', source: `${folder}/SOURCE.txt (ref 1.30.3)` },
    openMaps: [...KUBERNETES_FIELDS, ...openMaps],
    allowances: [
      {
        path: 'profile',
        reason:
          "Istio's profile (ambient): the chart's zzz_profile.yaml template reads it and merges files/profile-<name>.yaml; values.yaml leaves it out",
      },
    ],
  };
}

/** Per chart, keyed by the chart's name (`spec.source.chart` of its Argo CD Application). */
export const CHART_RULES: Readonly<Record<string, ChartRules>> = {
  'argo-cd': {
    openMaps: [
      ...KUBERNETES_FIELDS,
      // argocd-cm: every key but `create` and `annotations` becomes a key of the ConfigMap (Argo CD settings).
      'configs.cm',
      // argocd-cmd-params-cm, the same way (command-line parameters of the components).
      'configs.params',
      // argocd-rbac-cm, the same way (policy.csv, policy.default, scopes).
      'configs.rbac',
      // argocd-notifications-cm: each key of these maps becomes a key of the ConfigMap (service.<name>,
      // template.<name>, trigger.<name>, and `context` rendered whole as the templates' context).
      'notifications.context',
      'notifications.notifiers',
      'notifications.templates',
      'notifications.triggers',
    ],
    allowances: [],
  },
  'kube-prometheus-stack': {
    // `grafana.*` is the Grafana subchart; kube-state-metrics, prometheus-node-exporter,
    // prometheus-windows-exporter and crds have no reference values: only what the parent sets for them is known.
    subcharts: { grafana: 'kps-subchart-grafana' },
    openMaps: [
      ...KUBERNETES_FIELDS,
      // Rendered whole as alertmanager.yaml (route, receivers, inhibit_rules: Alertmanager's own keys).
      'alertmanager.config',
      // Copied into the Prometheus object: spec.externalLabels (label names) and spec.storage (a StorageSpec).
      'prometheus.prometheusSpec.externalLabels',
      'prometheus.prometheusSpec.storageSpec',
      // Copied into the Alertmanager object's spec.storage.
      'alertmanager.alertmanagerSpec.storage',
      // The Grafana subchart renders grafana.ini whole (its sections are Grafana's).
      'grafana.grafana\\.ini',
    ],
    allowances: [
      {
        path: 'kube-state-metrics.metricLabelsAllowlist',
        reason:
          "the kube-state-metrics subchart's own values.yaml key (a list, default empty: kube_*_labels carry no labels); the parent's values.yaml does not set it",
      },
      // kube-prometheus-stack's own datasource template (not the Grafana subchart) reads these; its values.yaml
      // lists them only as commented-out examples under `exemplarTraceIdDestinations: {}`.
      ...['datasourceUid', 'traceIdLabelName', 'urlDisplayLabel'].map((key) => ({
        path: `grafana.sidecar.datasources.exemplarTraceIdDestinations.${key}`,
        reason: 'commented-out example in values.yaml; read by the Prometheus datasource ConfigMap template',
      })),
    ],
  },
  loki: {
    // grafana/loki 6.x (until March 2026); the open-source chart continued as grafana-community 18.x in `loki/`.
    referenceByMajor: { 6: 'loki/reference-grafana-loki-6.55.0' },
    openMaps: [
      ...KUBERNETES_FIELDS,
      // Sections of Loki's own config.yaml: the chart's `loki.config` template renders each of them whole.
      'loki.analytics',
      'loki.block_builder',
      'loki.bloom_build',
      'loki.bloom_gateway',
      'loki.commonConfig',
      'loki.compactor',
      'loki.compactor_grpc_client',
      'loki.distributor',
      'loki.frontend',
      'loki.frontend_worker',
      'loki.index_gateway',
      'loki.ingester',
      'loki.ingester_client',
      'loki.limits_config',
      'loki.memberlistConfig',
      'loki.operational_config',
      'loki.pattern_ingester',
      'loki.querier',
      'loki.query_range',
      'loki.query_scheduler',
      'loki.schemaConfig',
      'loki.server',
      'loki.storage_config',
      // Merged over the whole generated config.
      'loki.structuredConfig',
    ],
    allowances: [
      // values.yaml shows `loki.storage.bucketNames` only as a commented-out example; the templates read it:
      // chunks (loki.commonStorageConfig) and ruler (loki.rulerStorageConfig) in 6.x and 18.x, admin (the
      // Enterprise admin client's storage) only in grafana/loki 6.x: the community chart has no Enterprise.
      {
        path: 'loki.storage.bucketNames.chunks',
        reason: 'commented-out example in values.yaml; read by the common storage config',
      },
      {
        path: 'loki.storage.bucketNames.ruler',
        reason: 'commented-out example in values.yaml; read by the ruler storage config',
      },
      {
        path: 'loki.storage.bucketNames.admin',
        reason: 'commented-out example in the 6.x values.yaml; read by the Enterprise admin client storage',
        references: ['loki/reference-grafana-loki-6.55.0'],
      },
    ],
  },
  alloy: {
    openMaps: [...KUBERNETES_FIELDS],
    allowances: [],
  },
  'prometheus-yet-another-cloudwatch-exporter': {
    // `config` is a string (YACE's configuration file), checked by its own tests, not a map of chart keys.
    openMaps: [...KUBERNETES_FIELDS],
    allowances: [],
  },
  tempo: {
    openMaps: [
      ...KUBERNETES_FIELDS,
      // Rendered whole into tempo.yaml (`storage:` and `distributor.receivers:` of the config template).
      'tempo.storage',
      'tempo.receivers',
    ],
    allowances: [
      // values.yaml shows `persistence.storageClassName` only as a commented-out example; the StatefulSet's
      // volumeClaimTemplates read it.
      {
        path: 'persistence.storageClassName',
        reason: 'commented-out example in values.yaml; read by the volume claim',
      },
    ],
  },
  'external-secrets': {
    openMaps: [...KUBERNETES_FIELDS],
    allowances: [],
  },
  'aws-load-balancer-controller': {
    openMaps: [
      ...KUBERNETES_FIELDS,
      // Tag maps rendered as `--aws-vpc-tags` / `--default-tags` flags (key=value pairs).
      'vpcTags',
      'defaultTags',
      // Copied into the PodDisruptionBudget's spec (minAvailable or maxUnavailable).
      'podDisruptionBudget',
      // Rendered as `--feature-gates` (gate=bool pairs).
      'controllerConfig.featureGates',
    ],
    allowances: [],
  },
  'external-dns': {
    openMaps: [...KUBERNETES_FIELDS],
    allowances: [],
  },
  karpenter: {
    openMaps: [...KUBERNETES_FIELDS],
    allowances: [],
  },
  'strimzi-kafka-operator': {
    openMaps: [...KUBERNETES_FIELDS],
    allowances: [],
  },
  'metrics-server': {
    openMaps: [...KUBERNETES_FIELDS],
    allowances: [],
  },
  'cert-manager': {
    openMaps: [...KUBERNETES_FIELDS],
    allowances: [],
  },
  opencost: {
    openMaps: [...KUBERNETES_FIELDS],
    allowances: [],
  },
  velero: {
    openMaps: [...KUBERNETES_FIELDS],
    allowances: [],
  },
  'argo-rollouts': {
    openMaps: [...KUBERNETES_FIELDS],
    allowances: [],
  },
  base: istioRules('istio-base'),
  // meshConfig is rendered whole into the `istio` ConfigMap (Istio's MeshConfig API), env as container variables,
  // seccompProfile copied into the pod as a Kubernetes SeccompProfile (`{}` in values.yaml).
  istiod: istioRules('istiod', ['meshConfig', 'env', 'seccompProfile', 'gateways.seccompProfile']),
  cni: istioRules('istio-cni', ['env', 'seccompProfile']),
  ztunnel: istioRules('ztunnel', ['meshConfig', 'env']),
};
