import { convergeCluster } from '../../converge/run-converge';
import { formatResult } from '../../converge/format';
import { loadProject } from '../../project/load';
import { resolveProject } from '../../project/resolve';
import { assertNoInterruptedWrite } from '../../transaction/exclusive-write';
import { type Command, EXIT_FINDINGS, EXIT_OK, parseFlags } from '../command';

const HELP = {
  command: 'converge',
  summary:
    "Simulates a fresh cluster's first Argo CD sync over generated/<cluster>, offline: the root's sync waves, each Application's hooks, waves and kind order, what each Helm chart installs and what infra provides. Prints the timeline and exits 1 when an object is applied before something it needs (its CRD, namespace, StorageClass, secret store, admission webhook, nodes, the metrics API) or a Pod Identity association binds a service account nothing creates.",
  flags: {
    cluster: { type: 'string', multiple: true, value: '<name>', description: 'simulate only this cluster' },
    quiet: { type: 'boolean', default: false, description: 'print only problems and the summary, not the timeline' },
  },
  examples: ['npm run converge', 'npm run converge -- --cluster staging', 'npm run converge -- --quiet'],
} as const;

/**
 * `npm run converge [-- --cluster <name>]... [--quiet]`
 * Offline simulation of each cluster's first sync; exits 1 naming every missing prerequisite.
 */
export const convergeCommand: Command = async (io) => {
  const flags = parseFlags(io, HELP);
  assertNoInterruptedWrite(io.root);
  const project = await loadProject(io.root);
  const clusters = resolveProject(project, { clusters: flags.cluster });
  let problems = 0;
  for (const cluster of clusters) {
    const result = convergeCluster(io.root, cluster);
    problems += result.problems.length;
    io.write(formatResult(result, { timeline: flags.quiet !== true }));
  }
  return problems === 0 ? EXIT_OK : EXIT_FINDINGS;
};
