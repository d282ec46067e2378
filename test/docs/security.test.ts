import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEAM_DENIED_KINDS } from '../../lib/argocd/project-access';
import { REPO_ROOT } from '../support/repo-copy';

/** The first cell of each row of the table under a heading of docs/security.md. */
function firstCells(heading: string): string[] {
  const text = readFileSync(join(REPO_ROOT, 'docs', 'security.md'), 'utf8');
  const lines = text.slice(text.indexOf(heading)).split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  const end = lines.findIndex((line, index) => index > start && !line.startsWith('|'));
  return lines.slice(start + 2, end).map((line) => line.split('|')[1]!.trim());
}

describe('docs/security.md', () => {
  it("lists every kind a team's project denies", () => {
    const cells = firstCells("### What a team's Applications may sync").join(' ');
    for (const { group, kind } of TEAM_DENIED_KINDS) {
      expect(cells, `${group}/${kind}`).toContain(group === '' ? `\`${kind}\`` : `\`${group}/${kind}\``);
    }
  });
});
