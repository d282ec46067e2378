import type { Callout, CalloutKind, ClusterDiff, ResourceChange } from './diff-resources';
import { ProductionRisk } from './production-risks';

/** Production risks, listed first under one heading (lib/diff/production-risks.ts). */
const RISK_TITLES: Readonly<Record<`${ProductionRisk}`, string>> = {
  [ProductionRisk.REMOVAL]: 'Removed apps and platform components',
  [ProductionRisk.CHART_VERSION]: 'Chart version bumps',
  [ProductionRisk.HELM_VALUE]: 'Risky Helm values',
  [ProductionRisk.SYNC_POLICY]: 'Sync policy (automated, prune, self-heal)',
  [ProductionRisk.SYNC_WINDOW]: 'Sync windows',
  [ProductionRisk.DELIVERY_STRATEGY]: 'Delivery strategy (rolling update, canary, blue-green)',
};

const CALLOUT_TITLES: Readonly<Record<CalloutKind, string>> = {
  ...RISK_TITLES,
  deletion: 'Risky deletions',
  exposure: 'New public routes',
  image: 'Image changes',
  replicas: 'Replica changes',
  resources: 'Resource changes',
  'sync-wave': 'Sync-wave changes',
};

/** Marker that lets CI find and update its own pull-request comment. */
export const DIFF_COMMENT_MARKER = '<!-- generated-diff -->';

const MAX_FIELDS = 30;

function code(text: string): string {
  const clean = text.replace(/\n/g, ' ');
  return clean.includes('`') ? `\`\` ${clean} \`\`` : `\`${clean}\``;
}

function show(value: unknown): string {
  if (value === undefined) return '_(none)_';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return code(text.length > 120 ? `${text.slice(0, 117)}...` : text);
}

function changeLines(change: ResourceChange): string[] {
  const sign = change.status === 'added' ? '➕' : change.status === 'removed' ? '➖' : '✏️';
  const lines = [`- ${sign} **${change.id}** (${code(change.file)})`];
  for (const field of change.fields.slice(0, MAX_FIELDS)) {
    lines.push(`  - ${code(field.path)}: ${show(field.before)} → ${show(field.after)}`);
  }
  if (change.fields.length > MAX_FIELDS) lines.push(`  - … and ${change.fields.length - MAX_FIELDS} more fields`);
  return lines;
}

/** Markdown for a pull-request comment: production first and marked, callouts before details. */
export function formatMarkdown(diffs: readonly ClusterDiff[], base: string): string {
  const lines = [DIFF_COMMENT_MARKER, `## Generated manifests: changes against ${code(base)}`, ''];
  if (diffs.length === 0) {
    lines.push('No resource in `generated/` changed.');
    return `${lines.join('\n')}\n`;
  }
  for (const diff of diffs) {
    const count = (status: string) => diff.changes.filter((change) => change.status === status).length;
    const title = `${diff.production ? '🚨 ' : ''}Cluster ${diff.cluster} (${diff.environment} environment)`;
    lines.push(
      `### ${title}`,
      '',
      `**${count('added')} added, ${count('removed')} removed, ${count('changed')} changed**`,
      '',
    );
    if (diff.production)
      lines.push('> [!WARNING]', '> These changes reach production when this pull request merges.', '');
    // Once each: the same finding on the same object is listed one time.
    const unique = [...new Map(diff.callouts.map((callout) => [JSON.stringify(callout), callout])).values()];
    const risks = unique.filter((callout) => (Object.keys(RISK_TITLES) as string[]).includes(callout.kind));
    if (risks.length > 0) lines.push(`#### ⚠️ What can hurt ${diff.cluster} (${risks.length})`, '');
    for (const kind of Object.keys(CALLOUT_TITLES) as CalloutKind[]) {
      const callouts: Callout[] = unique.filter((callout) => callout.kind === kind);
      if (callouts.length === 0) continue;
      lines.push(`**${kind === 'deletion' ? '⚠️ ' : ''}${CALLOUT_TITLES[kind]}**`, '');
      for (const callout of callouts) lines.push(`- ${callout.id}: ${code(callout.text)}`);
      lines.push('');
    }
    lines.push('<details><summary>All resource changes</summary>', '');
    for (const change of diff.changes) lines.push(...changeLines(change));
    lines.push('', '</details>', '');
  }
  return `${lines.join('\n')}\n`;
}
