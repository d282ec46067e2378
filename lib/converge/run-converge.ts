import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { bootstrapFilePath } from '../argocd/bootstrap';
import { ConfigError } from '../errors';
import type { ResolvedCluster } from '../model/resolved-app';
import { CONVERGE_CATALOG } from './chart-catalog';
import { infraFacts } from './infra-facts';
import { type ConvergeResult, simulateFirstSync } from './simulate';
import { readClusterTree } from './tree';

/** The folder the hand-applied root Application (argocd/<cluster>-root.yaml) syncs. */
export function rootSourcePath(root: string, cluster: string): string {
  const file = bootstrapFilePath(cluster);
  let documents: unknown[];
  try {
    documents = parseAllDocuments(readFileSync(path.join(root, file), 'utf8')).map((document) => document.toJS());
  } catch (error) {
    throw new ConfigError(
      { file, cluster },
      `cannot read the bootstrap file: ${(error as Error).message}; run \`npm run synth\``,
    );
  }
  const application = documents.find((document) => (document as { kind?: string } | null)?.kind === 'Application') as
    { spec?: { source?: { path?: string } } } | undefined;
  const source = application?.spec?.source?.path;
  if (source === undefined) {
    throw new ConfigError({ file, cluster }, 'holds no root Application with spec.source.path; run `npm run synth`');
  }
  return source;
}

/** Simulates the first sync of one cluster over its committed generated/ tree. */
export function convergeCluster(root: string, cluster: ResolvedCluster): ConvergeResult {
  const name = cluster.definition.name;
  const tree = readClusterTree(root, name, rootSourcePath(root, name));
  return simulateFirstSync(tree, infraFacts(cluster), CONVERGE_CATALOG);
}
