import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../../errors';
import type { KubernetesVersion } from '../../model/cluster';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../../model/cluster';
import { CRD_SCHEMAS } from './crd-catalog';

/** Upstream of kubernetes/v<version>.0/_definitions.json: cdk8s-team/cdk8s at the commit shared/schemas holds. */
export const DEFAULT_KUBERNETES_BASE_URL =
  'https://raw.githubusercontent.com/cdk8s-team/cdk8s/71f8cba7ecc809d861e837e842217202d5e5a16c/kubernetes-schemas';
/** Upstream of crds/<group>/<kind>_<version>.json: datreeio/CRDs-catalog at the commit shared/schemas holds. */
export const DEFAULT_CRDS_BASE_URL =
  'https://raw.githubusercontent.com/datreeio/CRDs-catalog/7b1e26ef9deea49293714d204c1a2270aab1178f';

export interface PullSchemasOptions {
  /** Folder to fill with `kubernetes/` and `crds/`; replaced only when every download succeeded. */
  readonly targetDir: string;
  /** @default DEFAULT_KUBERNETES_BASE_URL */
  readonly kubernetesBaseUrl?: string;
  /** @default DEFAULT_CRDS_BASE_URL */
  readonly crdsBaseUrl?: string;
  /** @default every supported version */
  readonly kubernetesVersions?: readonly KubernetesVersion[];
  /** `<group>/<kind>_<version>` entries. @default CRD_SCHEMAS */
  readonly crds?: readonly string[];
  /** Parallel downloads. @default 8 */
  readonly concurrency?: number;
  /** Per-file timeout. @default 60000 */
  readonly timeoutMs?: number;
}

interface Download {
  readonly url: string;
  /** Path below the target folder. */
  readonly file: string;
}

function plannedDownloads(options: PullSchemasOptions): Download[] {
  const k8s = (options.kubernetesBaseUrl ?? DEFAULT_KUBERNETES_BASE_URL).replace(/\/+$/, '');
  const crds = (options.crdsBaseUrl ?? DEFAULT_CRDS_BASE_URL).replace(/\/+$/, '');
  return [
    ...(options.kubernetesVersions ?? SUPPORTED_KUBERNETES_VERSIONS).map((version) => ({
      url: `${k8s}/v${version}.0/_definitions.json`,
      file: path.join('kubernetes', `v${version}.0`, '_definitions.json'),
    })),
    ...(options.crds ?? CRD_SCHEMAS).map((entry) => ({
      url: `${crds}/${entry}.json`,
      file: path.join('crds', ...`${entry}.json`.split('/')),
    })),
  ];
}

async function fetchJson(download: Download, timeoutMs: number): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(download.url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new ConfigError({ file: download.url }, `download failed: ${(error as Error).message}`);
  }
  if (!response.ok) throw new ConfigError({ file: download.url }, `download failed: HTTP ${response.status}`);
  const body = Buffer.from(await response.arrayBuffer());
  try {
    JSON.parse(body.toString('utf8'));
  } catch {
    throw new ConfigError({ file: download.url }, 'download is not JSON (is the base URL right?)');
  }
  return body;
}

/**
 * Downloads the Kubernetes definitions and CRD schemas into a fresh folder next to the target, then swaps
 * it in. A failed download leaves the target exactly as it was.
 */
export async function pullSchemas(options: PullSchemasOptions): Promise<{ files: number; bytes: number }> {
  const downloads = plannedDownloads(options);
  const target = path.resolve(options.targetDir);
  const staging = `${target}.tmp-${process.pid}-${Date.now().toString(36)}`;
  await rm(staging, { recursive: true, force: true });
  let bytes = 0;
  const queue = [...downloads];
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const body = await fetchJson(next, options.timeoutMs ?? 60_000);
      const file = path.join(staging, next.file);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, body);
      bytes += body.length;
    }
  };
  const workers = Array.from({ length: options.concurrency ?? 8 }, async () => {
    try {
      await worker();
    } catch (error) {
      queue.length = 0; // the other workers finish their current file and stop
      throw error;
    }
  });
  const failure = (await Promise.allSettled(workers)).find((result) => result.status === 'rejected');
  if (failure !== undefined) {
    await rm(staging, { recursive: true, force: true });
    throw failure.reason;
  }
  await writeFile(
    path.join(staging, 'README.md'),
    `# Schemas pulled by \`npm run schemas:pull\`\n\nKubernetes: ${options.kubernetesBaseUrl ?? DEFAULT_KUBERNETES_BASE_URL}\n\nCRDs: ${options.crdsBaseUrl ?? DEFAULT_CRDS_BASE_URL}\n`,
  );
  const old = `${target}.old-${process.pid}`;
  await mkdir(path.dirname(target), { recursive: true });
  const hadTarget = await rename(target, old).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
  await rename(staging, target);
  if (hadTarget) await rm(old, { recursive: true, force: true });
  return { files: downloads.length, bytes };
}
