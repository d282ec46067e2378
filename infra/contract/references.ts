import { parseAllDocuments } from 'yaml';

/** The kinds of AWS resources generated YAML can point at. */
export type AwsReferenceKind =
  | 'ecr-repository'
  | 'iam-role'
  | 'secret'
  | 's3-bucket'
  | 'certificate-host'
  | 'waf-web-acl'
  | 'account-region'
  | 'sqs-queue'
  | 'eks-cluster'
  | 'subnet-tag'
  | 'security-group-tag';

/** One AWS resource a generated document refers to, and where. */
export interface AwsReference {
  readonly kind: AwsReferenceKind;
  /**
   * Repository, role, secret, bucket, queue, cluster or web ACL name; the host for certificates; `key=value`
   * for a tag a selector asks for; `account/region` otherwise.
   */
  readonly name: string;
  /** Account and region the reference names, when it names them (ARNs, ECR hosts). */
  readonly accountId?: string;
  readonly region?: string;
  /** `generated/<cluster>/<folder>/<file>.yaml` */
  readonly file: string;
  /** Document index in the file and JSON-ish path inside it. */
  readonly documentIndex: number;
  readonly path: string;
  /** What the document said, for the error message. */
  readonly text: string;
}

type Found = Omit<AwsReference, 'file' | 'documentIndex'>;

const ECR_IMAGE = /(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([a-z0-9][a-z0-9._/-]*)/g;
const IAM_ROLE_ARN = /arn:aws[a-z-]*:iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]+)/g;
const SECRET_ARN = /arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):(\d{12}):secret:([\w/+=.@-]+?)-[A-Za-z0-9]{6}\b/g;
const S3_ARN = /arn:aws[a-z-]*:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/g;
const S3_URL = /s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/g;
const WAF_ARN = /arn:aws[a-z-]*:wafv2:([a-z0-9-]+):(\d{12}):regional\/webacl\/([\w-]+)\/[\w-]+/g;
const ACM_ARN = /arn:aws[a-z-]*:acm:([a-z0-9-]+):(\d{12}):certificate\/[\w-]+/g;
/** Keys whose string value names S3 buckets (Loki's `bucketNames.chunks`, `bucketName`, `bucket`...). */
const BUCKET_KEY = /^(bucket(_?names?)?|buckets)$/i;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const WAF_NAME_ANNOTATION = 'alb.ingress.kubernetes.io/wafv2-acl-name';
const SQS_ARN = /arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\d{12}):([\w-]+)/g;
/** Helm values naming the SQS queue (Karpenter's `settings.interruptionQueue`) and the EKS cluster. */
const QUEUE_KEY = 'interruptionQueue';
const CLUSTER_KEY = 'clusterName';
/** Kinds found from a key's value rather than a pattern: also looked for inside embedded Helm values. */
const STRUCTURAL = new Set<AwsReferenceKind>(['s3-bucket', 'sqs-queue', 'eks-cluster']);

/**
 * Every AWS reference in one generated YAML file: ECR images, IAM role ARNs, ExternalSecret remote keys,
 * S3 buckets (ARNs, s3:// URLs and `*bucket*` keys, also inside Helm values embedded as a string), ACM
 * certificates (the hosts of the Ingress that asks for one) and WAF web ACLs (ARNs or names).
 */
export function extractAwsReferences(
  text: string,
  file: string,
  nonAwsStores: ReadonlySet<string> = new Set(),
): AwsReference[] {
  const references: AwsReference[] = [];
  parseAllDocuments(text).forEach((document, documentIndex) => {
    if (document.errors.length > 0) {
      throw new Error(`${file}: document ${documentIndex} is not valid YAML: ${document.errors[0]!.message}`);
    }
    const root: unknown = document.toJS();
    for (const found of [...scanValue(root, ''), ...kindSpecific(root, nonAwsStores)]) {
      references.push({ ...found, file, documentIndex });
    }
  });
  return dedupe(references);
}

/** `SecretStore <namespace>/<name>` or `ClusterSecretStore <name>`: how an ExternalSecret's store is named. */
function storeKey(kind: string, name: string, namespace: string | undefined): string {
  return kind === 'ClusterSecretStore' ? `ClusterSecretStore ${name}` : `SecretStore ${namespace ?? ''}/${name}`;
}

/**
 * The secret stores in one YAML file whose provider is not AWS (External Secrets' Kubernetes provider copying a
 * Secret from another namespace, for instance): ExternalSecrets through them read nothing infra creates.
 */
export function nonAwsStores(text: string): string[] {
  return parseAllDocuments(text).flatMap((document) => {
    const root: unknown = document.toJS();
    if (!isRecord(root) || (root.kind !== 'SecretStore' && root.kind !== 'ClusterSecretStore')) return [];
    const provider = isRecord(root.spec) && isRecord(root.spec.provider) ? root.spec.provider : {};
    if (provider.aws !== undefined) return [];
    const metadata = isRecord(root.metadata) ? root.metadata : {};
    return [
      storeKey(
        String(root.kind),
        String(metadata.name),
        typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
      ),
    ];
  });
}

function kindSpecific(document: unknown, nonAws: ReadonlySet<string>): Found[] {
  if (!isRecord(document)) return [];
  const kind = document.kind;
  const found: Found[] = [];
  const storeRef =
    isRecord(document.spec) && isRecord(document.spec.secretStoreRef) ? document.spec.secretStoreRef : {};
  const metadata = isRecord(document.metadata) ? document.metadata : {};
  const throughNonAws = nonAws.has(
    storeKey(
      typeof storeRef.kind === 'string' ? storeRef.kind : 'SecretStore',
      String(storeRef.name),
      typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
    ),
  );
  if ((kind === 'ExternalSecret' && !throughNonAws) || kind === 'PushSecret') {
    const spec = isRecord(document.spec) ? document.spec : {};
    const data = Array.isArray(spec.data) ? spec.data : [];
    data.forEach((item, index) => {
      const key = isRecord(item) && isRecord(item.remoteRef) ? item.remoteRef.key : undefined;
      if (typeof key === 'string' && !key.startsWith('arn:')) {
        found.push({ kind: 'secret', name: key, path: `spec.data[${index}].remoteRef.key`, text: key });
      }
    });
    const dataFrom = Array.isArray(spec.dataFrom) ? spec.dataFrom : [];
    dataFrom.forEach((item, index) => {
      const key = isRecord(item) && isRecord(item.extract) ? item.extract.key : undefined;
      if (typeof key === 'string' && !key.startsWith('arn:')) {
        found.push({ kind: 'secret', name: key, path: `spec.dataFrom[${index}].extract.key`, text: key });
      }
    });
  }
  if (kind === 'EC2NodeClass') {
    const spec = isRecord(document.spec) ? document.spec : {};
    if (typeof spec.role === 'string') {
      found.push({ kind: 'iam-role', name: spec.role, path: 'spec.role', text: spec.role });
    }
    const selectors = [
      ['subnetSelectorTerms', 'subnet-tag'],
      ['securityGroupSelectorTerms', 'security-group-tag'],
    ] as const;
    for (const [field, tagKind] of selectors) {
      const terms = Array.isArray(spec[field]) ? spec[field] : [];
      terms.forEach((term, index) => {
        const tags = isRecord(term) && isRecord(term.tags) ? term.tags : {};
        for (const [key, value] of Object.entries(tags)) {
          const name = `${key}=${String(value)}`;
          found.push({ kind: tagKind, name, path: `spec.${field}[${index}].tags["${key}"]`, text: name });
        }
      });
    }
  }
  if (kind === 'Ingress') {
    const metadata = isRecord(document.metadata) ? document.metadata : {};
    const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
    const spec = isRecord(document.spec) ? document.spec : {};
    const annotationText = Object.entries(annotations)
      .map(([key, value]) => `${key}=${String(value)}`)
      .join('\n');
    const usesCertificate =
      /certificate-arn/.test(annotationText) ||
      /HTTPS/.test(String(annotations['alb.ingress.kubernetes.io/listen-ports']));
    const tls = Array.isArray(spec.tls) ? spec.tls : [];
    tls.forEach((entry, index) => {
      const hosts = isRecord(entry) && Array.isArray(entry.hosts) ? entry.hosts : [];
      hosts.forEach((host, hostIndex) => {
        if (typeof host === 'string') {
          found.push({
            kind: 'certificate-host',
            name: host,
            path: `spec.tls[${index}].hosts[${hostIndex}]`,
            text: host,
          });
        }
      });
    });
    if (usesCertificate) {
      const rules = Array.isArray(spec.rules) ? spec.rules : [];
      rules.forEach((rule, index) => {
        const host = isRecord(rule) ? rule.host : undefined;
        if (typeof host === 'string') {
          found.push({ kind: 'certificate-host', name: host, path: `spec.rules[${index}].host`, text: host });
        }
      });
    }
    const wafName = annotations[WAF_NAME_ANNOTATION];
    if (typeof wafName === 'string') {
      found.push({
        kind: 'waf-web-acl',
        name: wafName,
        path: `metadata.annotations["${WAF_NAME_ANNOTATION}"]`,
        text: wafName,
      });
    }
  }
  return found;
}

function scanValue(value: unknown, path: string): Found[] {
  if (typeof value === 'string') return scanString(value, path);
  if (Array.isArray(value)) return value.flatMap((item, index) => scanValue(item, `${path}[${index}]`));
  if (!isRecord(value)) return [];
  const found: Found[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childPath = path === '' ? key : /^[\w-]+$/.test(key) ? `${path}.${key}` : `${path}["${key}"]`;
    found.push(...scanValue(child, childPath));
    if (BUCKET_KEY.test(key)) found.push(...bucketNames(child, childPath));
    if (key === QUEUE_KEY && typeof child === 'string' && child !== '' && !child.includes(':')) {
      found.push({ kind: 'sqs-queue', name: child, path: childPath, text: child });
    }
    if (key === CLUSTER_KEY && typeof child === 'string' && child !== '') {
      found.push({ kind: 'eks-cluster', name: child, path: childPath, text: child });
    }
  }
  return found;
}

function scanString(text: string, path: string): Found[] {
  const found: Found[] = [];
  for (const match of text.matchAll(ECR_IMAGE)) {
    found.push({
      kind: 'ecr-repository',
      name: match[3]!,
      accountId: match[1]!,
      region: match[2]!,
      path,
      text: match[0],
    });
  }
  for (const match of text.matchAll(IAM_ROLE_ARN)) {
    found.push({ kind: 'iam-role', name: match[3]!, accountId: match[1]!, path, text: match[0] });
  }
  for (const match of text.matchAll(SECRET_ARN)) {
    found.push({ kind: 'secret', name: match[3]!, region: match[1]!, accountId: match[2]!, path, text: match[0] });
  }
  for (const pattern of [S3_ARN, S3_URL]) {
    for (const match of text.matchAll(pattern)) {
      found.push({ kind: 's3-bucket', name: match[1]!, path, text: match[0] });
    }
  }
  for (const match of text.matchAll(WAF_ARN)) {
    found.push({ kind: 'waf-web-acl', name: match[3]!, region: match[1]!, accountId: match[2]!, path, text: match[0] });
  }
  for (const match of text.matchAll(SQS_ARN)) {
    found.push({ kind: 'sqs-queue', name: match[3]!, region: match[1]!, accountId: match[2]!, path, text: match[0] });
  }
  for (const match of text.matchAll(ACM_ARN)) {
    found.push({
      kind: 'account-region',
      name: 'acm certificate',
      region: match[1]!,
      accountId: match[2]!,
      path,
      text: match[0],
    });
  }
  // Helm values embedded as a YAML string (Argo CD `spec.source.helm.values`): scan their structure too.
  if (text.includes('\n') && /^\s*[\w.-]+:/m.test(text)) {
    try {
      const nested: unknown = parseAllDocuments(text)[0]?.toJS();
      if (isRecord(nested) || Array.isArray(nested)) {
        // Regex hits were already found in the raw string; keep only the structural (key-based) ones.
        for (const inner of scanValue(nested, '')) {
          if (STRUCTURAL.has(inner.kind) && !inner.text.includes(':')) {
            found.push({ ...inner, path: `${path} (embedded YAML) ${inner.path}` });
          }
        }
      }
    } catch {
      // not YAML: the regex scan above is all we can do
    }
  }
  return found;
}

function bucketNames(value: unknown, path: string): Found[] {
  if (typeof value === 'string') {
    return value
      .split(',')
      .map((name) => name.trim())
      .filter((name) => BUCKET_NAME.test(name) && !/^\d+$/.test(name))
      .map((name) => ({ kind: 's3-bucket' as const, name, path, text: value }));
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => bucketNames(item, `${path}[${index}]`));
  if (isRecord(value)) {
    return Object.entries(value).flatMap(([key, child]) =>
      typeof child === 'string' ? bucketNames(child, `${path}.${key}`) : [],
    );
  }
  return [];
}

function dedupe(references: AwsReference[]): AwsReference[] {
  const seen = new Set<string>();
  return references.filter((reference) => {
    const key = [reference.kind, reference.name, reference.documentIndex, reference.path].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
