import { stringify } from 'yaml';
import { ProblemList } from '../errors';
import { parseYamlInput } from './yaml-input';

/** A pin file is a few hundred bytes per app: anything this large is a mistake (or an attack), refused unread. */
export const MAX_PIN_FILE_BYTES = 1024 * 1024;

/** The image an app runs in one cluster: a tag for people, a digest for the machine. */
export interface ReleasePin {
  readonly tag: string;
  /** `sha256:` followed by 64 hex digits. @default none: the image is referenced by tag only */
  readonly digest?: string;
}

/** App name -> pin, for one cluster. Kept in `clusters/<cluster>.releases.yaml`. */
export type ReleasePins = Readonly<Record<string, ReleasePin>>;

export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
export const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;

/** Why a tag cannot be pinned, or undefined when it can. */
export function tagProblem(tag: string): string | undefined {
  if (tag === 'latest') return 'tag "latest" is not a release: pin an immutable version such as "1.4.2"';
  if (!TAG_PATTERN.test(tag)) {
    return `tag "${tag}" is not a valid image tag (letters, digits, "_", "." and "-", at most 128 characters)`;
  }
  return undefined;
}

/** Why a digest cannot be pinned, or undefined when it can. */
export function digestProblem(digest: string): string | undefined {
  return DIGEST_PATTERN.test(digest)
    ? undefined
    : `digest "${digest}" is not a sha256 image digest ("sha256:" followed by 64 lower-case hex digits)`;
}

/**
 * Parses a release-pin file. Every scalar is read as a string (YAML's failsafe schema) so a tag like `1.10`
 * can never turn into the number 1.1.
 */
export function parseReleasePins(text: string, file: string, cluster: string): ReleasePins {
  const problems = new ProblemList();
  const root: unknown =
    parseYamlInput(text, { file, cluster }, { maxBytes: MAX_PIN_FILE_BYTES }, { schema: 'failsafe' }) ?? {};
  if (!isRecord(root)) {
    problems.add({ file, cluster }, 'expected a mapping with the key "apps"');
    problems.throwIfAny();
  }
  const record = root as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== 'apps') problems.add({ file, cluster, field: key }, 'unknown key; the only top-level key is "apps"');
  }
  const apps = record.apps ?? {};
  if (!isRecord(apps)) {
    problems.add({ file, cluster, field: 'apps' }, 'expected a mapping of app name to { tag, digest }');
    problems.throwIfAny();
  }
  const pins: Record<string, ReleasePin> = {};
  for (const [app, value] of Object.entries(apps as Record<string, unknown>)) {
    const at = { file, cluster, app, field: `apps.${app}` };
    if (!isRecord(value)) {
      problems.add(at, 'expected a mapping with "tag" and optionally "digest"');
      continue;
    }
    for (const key of Object.keys(value)) {
      if (key !== 'tag' && key !== 'digest') {
        problems.add({ ...at, field: `apps.${app}.${key}` }, 'unknown key; allowed: tag, digest');
      }
    }
    const { tag, digest } = value;
    if (typeof tag !== 'string' || tag === '') {
      problems.add({ ...at, field: `apps.${app}.tag` }, 'missing image tag');
      continue;
    }
    const badTag = tagProblem(tag);
    if (badTag !== undefined) problems.add({ ...at, field: `apps.${app}.tag` }, badTag);
    if (digest !== undefined) {
      const badDigest = typeof digest === 'string' ? digestProblem(digest) : 'digest must be a string';
      if (badDigest !== undefined) problems.add({ ...at, field: `apps.${app}.digest` }, badDigest);
    }
    pins[app] = digest === undefined ? { tag } : { tag, digest: digest as string };
  }
  problems.throwIfAny();
  return pins;
}

/** Writes pins in a stable order (apps sorted, tag before digest) with a header for people. */
export function formatReleasePins(cluster: string, pins: ReleasePins): string {
  const apps: Record<string, ReleasePin> = {};
  for (const app of Object.keys(pins).sort()) {
    const pin = pins[app]!;
    apps[app] = pin.digest === undefined ? { tag: pin.tag } : { tag: pin.tag, digest: pin.digest };
  }
  const header = [
    `# Release pins of cluster "${cluster}": the image each app runs here.`,
    '# Written by `npm run release` and `npm run promote`; change it through a reviewed pull request.',
  ].join('\n');
  const body = stringify({ apps }, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 });
  return `${header}\n${body}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
