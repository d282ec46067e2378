import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * Every repository file the given entry files import, transitively (static and dynamic `import`s with a
 * relative specifier, resolved as tsx does: `x`, `x.ts`, `x/index.ts`), as sorted repository paths. Package
 * imports are not followed: package.json and package-lock.json stand for them.
 */
export function importGraph(root: string, entries: readonly string[]): string[] {
  const seen = new Set<string>();
  const pending = entries.map((entry) => resolve(root, entry));
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const base = resolve(dirname(file), fileName);
      const target = [base, `${base}.ts`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')].find(
        (candidate) => existsSync(candidate) && statSync(candidate).isFile(),
      );
      if (target === undefined) throw new Error(`${relative(root, file)}: cannot resolve import "${fileName}"`);
      pending.push(target);
    }
  }
  return [...seen].map((file) => relative(root, file)).sort();
}

/** Every file under a repository folder, as repository paths. */
export function filesUnder(root: string, folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else out.push(path);
    }
  };
  if (existsSync(join(root, folder))) walk(folder);
  return out.sort();
}

/** Whether a GitHub Actions path filter (`*` within a segment, `**` across segments) matches a path. */
export function pathFilterMatches(pattern: string, path: string): boolean {
  let expression = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (pattern.startsWith('**/', index)) {
      expression += '(?:.*/)?';
      index += 2;
    } else if (pattern.startsWith('**', index)) {
      expression += '.*';
      index += 1;
    } else if (char === '*') {
      expression += '[^/]*';
    } else if (char === '?') {
      expression += '[^/]';
    } else {
      expression += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${expression}$`).test(path);
}
