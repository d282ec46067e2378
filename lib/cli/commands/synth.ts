import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { existsSync, readFileSync } from 'node:fs';
import { loadProject } from '../../project/load';
import { GENERATED_DIR } from '../../synth/generate';
import { renderTree } from '../../synth/render-tree';
import type { GeneratedFile } from '../../synth/synthesize';
import { compareTree, readTree, type TreeDifference } from '../../synth/write-tree';
import { assertNoInterruptedWrite, withExclusiveWrite } from '../../transaction/exclusive-write';
import { FAULT_VARIABLE } from '../../transaction/fault';
import type { WriteSet } from '../../transaction/journal';
import { parseFlags, type Command } from '../command';

const HELP = {
  command: 'synth',
  summary:
    'Writes generated/ (and argocd/<cluster>-root.yaml) from apps/ and clusters/; with --check it writes nothing and fails, printing the patch, when they are not what synth would write.',
  flags: {
    cluster: {
      type: 'string',
      multiple: true,
      value: '<name>',
      description: 'only this cluster; the others stay as they are',
    },
    check: { type: 'boolean', default: false, description: 'write nothing; exit 1 with the patch when out of date' },
  },
  examples: ['npm run synth', 'npm run synth -- --check', 'npm run synth -- --cluster staging'],
} as const;

/**
 * `npm run synth [-- --cluster <name>]... [--check]`
 * Writes generated/ from apps/ and clusters/; with --check it writes nothing and fails when generated/ is
 * not what synth would write.
 */
export const synthCommand: Command = async (io) => {
  const flags = parseFlags(io, HELP);
  const started = performance.now();
  const root = io.root;
  if (flags.check) {
    assertNoInterruptedWrite(root);
    const plan = await planSynth(root, flags.cluster);
    if (plan.changes === 0) {
      io.log(`generated/ is up to date (${plan.files.length} files).`);
      return 0;
    }
    const { difference } = plan;
    for (const file of plan.staleBootstrap) io.error(`stale:    ${file.path}`);
    for (const path of difference.added) io.error(`missing:  generated/${path}`);
    for (const path of difference.removed) io.error(`stale:    generated/${path}`);
    for (const change of difference.changed) {
      io.error(
        createTwoFilesPatch(`a/generated/${change.path}`, `b/generated/${change.path}`, change.before, change.after),
      );
    }
    io.error(`generated/ is out of date (${plan.changes} files differ). Run \`npm run synth\` and commit the result.`);
    return 1;
  }

  // Under the repository lock: a release or promotion running at the same time waits, and is not undone.
  const plan = await withExclusiveWrite(
    root,
    'synth',
    { notice: io.error, fault: io.env[FAULT_VARIABLE] },
    async (commit) => {
      const planned = await planSynth(root, flags.cluster);
      commit(synthWrites(planned));
      return planned;
    },
  );
  const perCluster = new Map<string, number>();
  for (const file of plan.files)
    perCluster.set(file.path.split('/')[0]!, (perCluster.get(file.path.split('/')[0]!) ?? 0) + 1);
  const summary = [...perCluster].map(([cluster, count]) => `${cluster} ${count}`).join(', ');
  const elapsed = Math.round(performance.now() - started);
  io.log(`generated/: ${plan.files.length} files (${summary}); ${plan.changes} changed; ${elapsed} ms`);
  return 0;
};

interface SynthPlan {
  readonly files: readonly GeneratedFile[];
  readonly difference: TreeDifference;
  /** The hand-applied bootstrap files (argocd/<cluster>-root.yaml) that differ from what synth writes. */
  readonly staleBootstrap: readonly GeneratedFile[];
  readonly changes: number;
}

/** Everything synth would write, computed in memory from the project as it is on disk. */
async function planSynth(root: string, clusters: readonly string[] | undefined): Promise<SynthPlan> {
  const project = await loadProject(root);
  // Gated clusters render with the generator at their promoted platform revision (docs/promotion.md).
  const { files, bootstrap } = await renderTree(project, { clusters });
  const difference = compareTree(readTree(join(root, GENERATED_DIR)), files);
  // The hand-applied bootstrap files (argocd/<cluster>-root.yaml) follow the same cluster definitions.
  const staleBootstrap = bootstrap.filter(
    (file) => !existsSync(join(root, file.path)) || readFileSync(join(root, file.path), 'utf8') !== file.content,
  );
  const changes =
    difference.added.length + difference.removed.length + difference.changed.length + staleBootstrap.length;
  return { files, difference, staleBootstrap, changes };
}

function synthWrites(plan: SynthPlan): WriteSet {
  const wanted = new Map(plan.files.map((file) => [file.path, file.content]));
  const { added, removed, changed } = plan.difference;
  return {
    writes: [
      ...[...added, ...changed.map((change) => change.path)]
        .sort()
        .map((path) => ({ path: `${GENERATED_DIR}/${path}`, content: wanted.get(path)! })),
      ...plan.staleBootstrap,
    ],
    removals: removed.map((path) => `${GENERATED_DIR}/${path}`),
  };
}
