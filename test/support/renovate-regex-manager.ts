import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-copy';

/** The part of a Renovate `customManagers` entry of type regex that extraction reads. */
export interface RegexManager {
  readonly customType: 'regex';
  readonly description?: string;
  readonly managerFilePatterns: readonly string[];
  readonly matchStrings: readonly string[];
  readonly matchStringsStrategy?: string;
  readonly depNameTemplate?: string;
  readonly datasourceTemplate?: string;
  readonly registryUrlTemplate?: string;
  readonly versioningTemplate?: string;
}

/** A dependency as the regex manager extracts it. */
export interface ExtractedDependency {
  readonly file: string;
  readonly depName?: string;
  readonly datasource?: string;
  readonly registryUrl?: string;
  readonly currentValue?: string;
  readonly versioning?: string;
}

export interface RenovateConfig {
  readonly customManagers?: readonly RegexManager[];
  readonly packageRules?: readonly Record<string, unknown>[];
  readonly [key: string]: unknown;
}

export function loadRenovateConfig(root: string = REPO_ROOT): RenovateConfig {
  return JSON.parse(readFileSync(join(root, 'renovate.json'), 'utf8')) as RenovateConfig;
}

/**
 * A `managerFilePatterns` entry as Renovate reads it: `/.../` (with optional flags) is a regular expression
 * over the repository-relative path. Globs are not used in this repository, so they are refused here rather
 * than guessed at.
 */
export function filePattern(pattern: string): RegExp {
  const match = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (match === null) throw new Error(`managerFilePatterns entry ${JSON.stringify(pattern)} is not a /regex/`);
  return new RegExp(match[1]!, match[2]);
}

/** The files of `files` (repository-relative paths) that a manager reads. */
export function managedFiles(manager: RegexManager, files: readonly string[]): string[] {
  const patterns = manager.managerFilePatterns.map(filePattern);
  return files.filter((file) => patterns.some((pattern) => pattern.test(file)));
}

/**
 * Renovate runs matchStrings through RE2, which has no lookaround and no backreferences; a pattern using them
 * would work in this test and fail in Renovate.
 */
export function re2Problems(pattern: string): string[] {
  const problems: string[] = [];
  if (/\(\?<?[=!]/.test(pattern)) problems.push('lookaround');
  if (/\\[1-9]|\\k</.test(pattern)) problems.push('backreference');
  return problems;
}

const TEMPLATE_FIELDS = ['depName', 'datasource', 'registryUrl', 'currentValue', 'versioning'] as const;

/**
 * What Renovate's regex manager extracts from one file with the default strategy ("any"): each matchString
 * runs over the whole content with the `g` flag; a `<field>Template` wins over a named group of that name, and
 * a registry URL is normalised as a URL.
 */
export function extractDependencies(manager: RegexManager, file: string, content: string): ExtractedDependency[] {
  if ((manager.matchStringsStrategy ?? 'any') !== 'any') throw new Error('only matchStringsStrategy "any" is emulated');
  return manager.matchStrings.flatMap((matchString) =>
    [...content.matchAll(new RegExp(matchString, 'g'))].map((match) => {
      const groups = match.groups ?? {};
      const dependency: Record<string, string> & { file: string } = { file };
      for (const field of TEMPLATE_FIELDS) {
        const template = (manager as unknown as Record<string, string | undefined>)[`${field}Template`];
        const value = template === undefined ? groups[field] : renderTemplate(template, groups);
        if (value === undefined) continue;
        dependency[field] = field === 'registryUrl' ? new URL(value).toString() : value;
      }
      return dependency as ExtractedDependency;
    }),
  );
}

/** Handlebars substitution of `{{name}}` / `{{{name}}}`; anything more is refused (this test does not emulate it). */
function renderTemplate(template: string, groups: Record<string, string | undefined>): string {
  if (/\{\{[#/^!>]/.test(template)) throw new Error(`template ${JSON.stringify(template)} uses Handlebars helpers`);
  return template.replace(/\{\{\{?\s*([A-Za-z]+)\s*\}?\}\}/g, (_all, name: string) => groups[name] ?? '');
}
