import { ConfigError } from '../../errors';
import { defaultBase } from '../../diff/git';
import { diffTree } from '../../diff/diff-tree';
import { formatMarkdown } from '../../diff/format-markdown';
import { loadProject } from '../../project/load';
import { assertNoInterruptedWrite } from '../../transaction/exclusive-write';
import { parseFlags, type Command } from '../command';

const FORMATS = ['markdown', 'json'];

const HELP = {
  command: 'diff',
  summary:
    'Resource-level diff of generated/ between a git ref (default: the merge base with main) and the working tree, per cluster, production first; Markdown for a pull-request comment. Above the collapsed details it lists, once each, what can hurt the cluster: removed apps and platform components, chart version bumps, risky Helm values by key (CRDs, replicas, persistence, retention), sync policy and sync window changes, and delivery strategy changes (rolling update, canary, blue-green). Needs no cluster access.',
  flags: {
    base: { type: 'string', value: '<git-ref>', description: 'compare with this commit, branch or tag' },
    format: { type: 'string', default: 'markdown', value: 'markdown|json', description: 'output format' },
  },
  examples: ['npm run diff', 'npm run diff -- --base origin/main --format json'],
} as const;

/**
 * `npm run diff [-- --base <git-ref>] [--format markdown|json]`
 * Resource-level diff of generated/ between a git ref (default: the merge base with main) and the working
 * tree, per cluster, production first; Markdown for a pull-request comment. Needs no cluster access.
 */
export const diffCommand: Command = async (io) => {
  const flags = parseFlags(io, HELP);
  if (!FORMATS.includes(flags.format)) {
    throw new ConfigError({ field: '--format' }, `unknown format "${flags.format}"; use one of: ${FORMATS.join(', ')}`);
  }
  const root = io.root;
  assertNoInterruptedWrite(root); // generated/ is half-written until the next writing command completes it
  const base = flags.base ?? defaultBase(root);
  const project = await loadProject(root);
  const environments = Object.fromEntries(
    project.clusters.map((cluster) => [cluster.definition.name, String(cluster.definition.environment)]),
  );
  const diff = diffTree({ root, base, environments });
  io.write(
    flags.format === 'json'
      ? `${JSON.stringify(diff, null, 2)}\n`
      : formatMarkdown(diff.clusters, flags.base ?? `merge-base ${diff.commit.slice(0, 12)}`),
  );
  return 0;
};
