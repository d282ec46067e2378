import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { existsSync, readFileSync } from 'node:fs';
import { bootstrapFileContent, bootstrapFilePath } from '../../argocd/bootstrap';
import { loadProject } from '../../project/load';
import { resolveProject } from '../../project/resolve';
import { writeFileAtomic } from '../../release/pin-change';
import { GENERATED_DIR, generateTree } from '../../synth/generate';
import { compareTree, readTree, replaceTree } from '../../synth/write-tree';
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
  const project = await loadProject(root);
  const resolved = resolveProject(project, { clusters: flags.cluster });
  const files = generateTree(project, { clusters: flags.cluster, resolved });
  const outDir = join(root, GENERATED_DIR);
  const difference = compareTree(readTree(outDir), files);
  // The hand-applied bootstrap files (argocd/<cluster>-root.yaml) follow the same cluster definitions.
  const bootstrap = resolved.map((cluster) => ({
    path: bootstrapFilePath(cluster.definition.name),
    content: bootstrapFileContent(cluster),
  }));
  const staleBootstrap = bootstrap.filter(
    (file) => !existsSync(join(root, file.path)) || readFileSync(join(root, file.path), 'utf8') !== file.content,
  );
  const changes =
    difference.added.length + difference.removed.length + difference.changed.length + staleBootstrap.length;

  if (flags.check) {
    if (changes === 0) {
      io.log(`generated/ is up to date (${files.length} files).`);
      return 0;
    }
    for (const file of staleBootstrap) io.error(`stale:    ${file.path}`);
    for (const path of difference.added) io.error(`missing:  generated/${path}`);
    for (const path of difference.removed) io.error(`stale:    generated/${path}`);
    for (const change of difference.changed) {
      io.error(
        createTwoFilesPatch(`a/generated/${change.path}`, `b/generated/${change.path}`, change.before, change.after),
      );
    }
    io.error(`generated/ is out of date (${changes} files differ). Run \`npm run synth\` and commit the result.`);
    return 1;
  }

  if (changes > 0) replaceTree(outDir, files);
  for (const file of staleBootstrap) writeFileAtomic(join(root, file.path), file.content);
  const perCluster = new Map<string, number>();
  for (const file of files)
    perCluster.set(file.path.split('/')[0]!, (perCluster.get(file.path.split('/')[0]!) ?? 0) + 1);
  const summary = [...perCluster].map(([cluster, count]) => `${cluster} ${count}`).join(', ');
  const elapsed = Math.round(performance.now() - started);
  io.log(`generated/: ${files.length} files (${summary}); ${changes} changed; ${elapsed} ms`);
  return 0;
};
