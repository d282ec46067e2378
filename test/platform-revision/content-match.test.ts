import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codeDigest, contentMatchesRevision, workingBlobs } from '../../lib/platform-revision/content-match';
import { blobsAt } from '../../lib/platform-revision/git';
import { removeTempTrees, tempTree } from '../support/temp-tree';

const tree = tempTree;
afterEach(removeTempTrees);
const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: root,
    encoding: 'utf8',
  }).trim();

describe('contentMatchesRevision: the code on disk is byte for byte a revision’s', () => {
  it('matches a clean checkout and a later commit with the same files; not an edit or an untracked file', () => {
    const root = tree({ 'lib/a.ts': 'a\n', 'platform/b.ts': 'b\n', 'apps/web.ts': 'web\n' });
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'one');
    const revision = git(root, 'rev-parse', 'HEAD');
    const paths = ['lib', 'platform'];
    expect(contentMatchesRevision(root, root, revision, paths)).toBe(true);

    writeFileSync(join(root, 'apps/web.ts'), 'web 2\n');
    git(root, 'commit', '-q', '-am', 'an app change');
    expect(contentMatchesRevision(root, root, git(root, 'rev-parse', 'HEAD'), paths)).toBe(true);
    expect(contentMatchesRevision(root, root, revision, paths)).toBe(true);

    writeFileSync(join(root, 'lib/a.ts'), 'a, edited\n');
    expect(contentMatchesRevision(root, root, revision, paths)).toBe(false);
    writeFileSync(join(root, 'lib/a.ts'), 'a\n');
    writeFileSync(join(root, 'platform/new.ts'), 'new\n');
    expect(contentMatchesRevision(root, root, revision, paths)).toBe(false);
  });
});

describe('codeDigest: what a clone without the revision checks the code on disk against', () => {
  it('is the same for a revision’s files and identical files on disk, and differs after an edit', () => {
    const root = tree({ 'lib/a.ts': 'a\n', 'platform/b.ts': 'b\n' });
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'one');
    const paths = ['lib', 'platform'];
    const recorded = codeDigest(blobsAt(root, git(root, 'rev-parse', 'HEAD'), paths));
    expect(recorded).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The same files in a folder with no history at all.
    const copy = tree({ 'lib/a.ts': 'a\n', 'platform/b.ts': 'b\n' });
    expect(codeDigest(workingBlobs(copy, paths))).toBe(recorded);
    writeFileSync(join(copy, 'platform/b.ts'), 'b, edited\n');
    expect(codeDigest(workingBlobs(copy, paths))).not.toBe(recorded);
  });
});
