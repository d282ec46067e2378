import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { existsSync, readFileSync } from 'node:fs';
import { loadProject } from '../../project/load';
import { stalePinMessage, stalePins } from '../../project/stale-pins';
import { CLUSTER_TABLE_PATH, clusterTableContent } from '../../synth/cluster-table';
import { CODEOWNERS_PATH, codeOwnersContent } from '../../synth/codeowners';
import { GENERATED_DIR } from '../../synth/generate';
import { renderTree } from '../../synth/render-tree';
import type { GeneratedFile } from '../../synth/synthesize';
import { compareTree, readTree, type TreeDifference } from '../../synth/write-tree';
import { assertNoInterruptedWrite, withExclusiveWrite } from '../../transaction/exclusive-write';
import { FAULT_VARIABLE } from '../../transaction/fault';
import type { WriteSet } from '../../transaction/journal';
import { paint } from '../colour';
import { parseFlags, type Command } from '../command';
import { StepTimes } from '../../timing';

const HELP = {
  command: 'synth',
  summary:
    'Writes generated/, argocd/<cluster>-root.yaml, .github/CODEOWNERS and docs/clusters.md from apps/ and clusters/; with --check it writes nothing and fails, printing the patch, when they are not what synth would write.',
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
    const steps = new StepTimes();
    const plan = await planSynth(root, flags.cluster, steps);
    for (const line of steps.slowLines()) io.log(line);
    for (const warning of plan.warnings) io.error(`${paint(io.colour, 'yellow', 'warning:')} ${warning}`);
    if (plan.changes === 0) {
      io.log(`generated/ is up to date (${plan.files.length} files).`);
      return 0;
    }
    const { difference } = plan;
    for (const file of plan.staleRepositoryFiles) {
      io.error(createTwoFilesPatch(`a/${file.path}`, `b/${file.path}`, file.before, file.content));
    }
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
  const steps = new StepTimes();
  const plan = await withExclusiveWrite(
    root,
    'synth',
    { notice: io.error, fault: io.env[FAULT_VARIABLE] },
    async (commit) => {
      const planned = await planSynth(root, flags.cluster, steps);
      await steps.time('writing', () => commit(synthWrites(planned)));
      return planned;
    },
  );
  for (const line of steps.slowLines()) io.log(line);
  for (const warning of plan.warnings) io.error(`${paint(io.colour, 'yellow', 'warning:')} ${warning}`);
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
  /**
   * The files synth writes outside generated/ that differ from what it would write: the hand-applied bootstrap
   * files (argocd/<cluster>-root.yaml) and .github/CODEOWNERS; `before` is '' for a missing one.
   */
  readonly staleRepositoryFiles: readonly (GeneratedFile & { readonly before: string })[];
  readonly changes: number;
  /** What renders nothing but is probably a mistake: stale pins. */
  readonly warnings: readonly string[];
}

/** Everything synth would write, computed in memory from the project as it is on disk. */
async function planSynth(root: string, clusters: readonly string[] | undefined, steps: StepTimes): Promise<SynthPlan> {
  const project = await steps.time('loading apps/ and clusters/', () => loadProject(root));
  const warnings = stalePins(project)
    .filter((pin) => clusters === undefined || clusters.includes(pin.cluster))
    .map(stalePinMessage);
  // Gated clusters render with the generator at their promoted platform revision (docs/promotion.md).
  const { files, bootstrap } = await steps.time('checking and rendering', () => renderTree(project, { clusters }));
  const difference = compareTree(readTree(join(root, GENERATED_DIR)), files);
  // The hand-applied bootstrap files (argocd/<cluster>-root.yaml) and the code owners (from every cluster, even
  // with --cluster) follow the same definitions.
  const staleRepositoryFiles = [
    ...bootstrap,
    { path: CODEOWNERS_PATH, content: codeOwnersContent(project) },
    { path: CLUSTER_TABLE_PATH, content: clusterTableContent(project) },
  ]
    .map((file) => ({
      ...file,
      before: existsSync(join(root, file.path)) ? readFileSync(join(root, file.path), 'utf8') : '',
    }))
    .filter((file) => file.before !== file.content);
  const changes =
    difference.added.length + difference.removed.length + difference.changed.length + staleRepositoryFiles.length;
  return { files, difference, staleRepositoryFiles, changes, warnings };
}

function synthWrites(plan: SynthPlan): WriteSet {
  const wanted = new Map(plan.files.map((file) => [file.path, file.content]));
  const { added, removed, changed } = plan.difference;
  return {
    writes: [
      ...[...added, ...changed.map((change) => change.path)]
        .sort()
        .map((path) => ({ path: `${GENERATED_DIR}/${path}`, content: wanted.get(path)! })),
      ...plan.staleRepositoryFiles.map(({ path, content }) => ({ path, content })),
    ],
    removals: removed.map((path) => `${GENERATED_DIR}/${path}`),
  };
}
