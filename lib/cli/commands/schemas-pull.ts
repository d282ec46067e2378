import path from 'node:path';
import { ConfigError } from '../../errors';
import type { KubernetesVersion } from '../../model/cluster';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../../model/cluster';
import { pullSchemas } from '../../validate/schemas-pull/pull-schemas';
import { PULLED_SCHEMA_DIR } from '../../validate/schema-dir';
import { parseFlags, type Command } from '../command';

const HELP = {
  command: 'schemas:pull',
  summary:
    'Downloads the shared/schemas layout from upstream (where there is network) into .cache/schemas, which npm run validate uses when ../shared/schemas does not exist. Base URLs can also come from SCHEMAS_KUBERNETES_BASE_URL and SCHEMAS_CRDS_BASE_URL.',
  flags: {
    out: { type: 'string', value: '<dir>', description: 'target folder (default .cache/schemas)' },
    'kubernetes-version': {
      type: 'string',
      multiple: true,
      value: '<1.34>',
      description: 'only these Kubernetes versions',
    },
    'kubernetes-base-url': { type: 'string', value: '<url>', description: 'where kubernetes/v<version>.0/ lives' },
    'crds-base-url': { type: 'string', value: '<url>', description: 'where crds/<group>/ lives' },
  },
  examples: ['npm run schemas:pull', 'npm run schemas:pull -- --kubernetes-version 1.34'],
} as const;

/**
 * `npm run schemas:pull [-- --out <dir>] [--kubernetes-version 1.34]... [--kubernetes-base-url <url>]
 *   [--crds-base-url <url>]`
 * Downloads the shared/schemas layout from upstream (where there is network) into .cache/schemas, which
 * `npm run validate` uses when ../shared/schemas does not exist. Base URLs can also come from
 * SCHEMAS_KUBERNETES_BASE_URL and SCHEMAS_CRDS_BASE_URL.
 */
export const schemasPullCommand: Command = async (io) => {
  const flags = parseFlags(io, HELP);
  const versions = flags['kubernetes-version'] ?? [...SUPPORTED_KUBERNETES_VERSIONS];
  for (const version of versions) {
    if (!(SUPPORTED_KUBERNETES_VERSIONS as readonly string[]).includes(version)) {
      throw new ConfigError(
        { field: '--kubernetes-version' },
        `unsupported version "${version}"; use one of: ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}`,
      );
    }
  }
  const kubernetesBaseUrl = flags['kubernetes-base-url'] ?? io.env.SCHEMAS_KUBERNETES_BASE_URL;
  const crdsBaseUrl = flags['crds-base-url'] ?? io.env.SCHEMAS_CRDS_BASE_URL;
  for (const [flag, url] of [
    ['--kubernetes-base-url', kubernetesBaseUrl],
    ['--crds-base-url', crdsBaseUrl],
  ] as const) {
    if (url !== undefined && !/^https?:\/\//.test(url)) {
      throw new ConfigError({ field: flag }, `"${url}" is not an http(s) URL`);
    }
  }
  const root = io.root;
  const targetDir = path.resolve(root, flags.out ?? PULLED_SCHEMA_DIR);
  const started = performance.now();
  const result = await pullSchemas({
    targetDir,
    kubernetesVersions: versions as KubernetesVersion[],
    ...(kubernetesBaseUrl === undefined ? {} : { kubernetesBaseUrl }),
    ...(crdsBaseUrl === undefined ? {} : { crdsBaseUrl }),
  });
  const mb = (result.bytes / 1024 / 1024).toFixed(1);
  io.log(
    `schemas:pull: ${result.files} files (${mb} MB) into ${targetDir} in ${Math.round(performance.now() - started)} ms`,
  );
  return 0;
};
