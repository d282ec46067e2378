import type { ResourceChange } from '../diff/diff-resources';
import { GENERATED_DIR } from '../synth/generate';
import { describePin, type PinUpdate, samePin, shortRevision } from './pin-format';
import type { PlatformUpdate } from './platform-source';
import type { PromotionDetails, SpecChange } from './promotion-details';

/** What a promotion is, for its summary: the target, the apps and the platform it changes, and the details. */
export interface PromotionReport {
  readonly target: string;
  readonly updates: readonly PinUpdate[];
  readonly platform?: PlatformUpdate;
  readonly details?: PromotionDetails;
}

const MAX_FIELDS = 30;

/** A value as a reviewer reads it: strings bare, everything else as JSON, long values cut. */
function show(value: unknown): string {
  const text =
    value === undefined ? '(none)' : typeof value === 'string' && !value.includes('\n') ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** `added config.FEATURE_X: enabled`, `changed resources.memoryLimitMi: 256 -> 512`, `removed ...`. */
export function describeSpecChange(change: SpecChange): string {
  if (change.status === 'added') return `added ${change.path}: ${show(change.after)}`;
  if (change.status === 'removed') return `removed ${change.path} (was ${show(change.before)})`;
  return `changed ${change.path}: ${show(change.before)} -> ${show(change.after)}`;
}

/** `Deployment web/web: spec.replicas: 2 -> 3` lines of one resource change. */
function describeResource(change: ResourceChange): string[] {
  if (change.status !== 'changed') return [`${change.status} ${change.id}`];
  const fields = change.fields
    .slice(0, MAX_FIELDS)
    .map((field) => `  ${field.path}: ${show(field.before)} -> ${show(field.after)}`);
  if (change.fields.length > MAX_FIELDS) fields.push(`  ... and ${change.fields.length - MAX_FIELDS} more fields`);
  return [`changed ${change.id}`, ...fields];
}

/**
 * Whose a changed resource is: the app whose folder of generated/<cluster>/ it is in, or whose Argo CD Application
 * it is (`argocd/application-<app>.yaml`: a strategy switch changes it with the app); else its folder (a platform
 * component's, or argocd).
 */
function ownerOf(target: string, change: ResourceChange, apps: ReadonlySet<string>): string {
  const [folder, file] = change.file.slice(`${GENERATED_DIR}/${target}/`.length).split('/');
  const application = /^application-(.+)\.yaml$/.exec(file ?? '')?.[1];
  return folder === 'argocd' && application !== undefined && apps.has(application) ? application : folder!;
}

interface Section {
  readonly title: string;
  readonly facts: readonly string[];
  readonly spec: readonly string[];
  readonly resources: readonly string[];
}

/** Per changed app, then the platform: image, spec changes in words, then the resource-level diff. */
function sections(report: PromotionReport): Section[] {
  const details = report.details;
  if (details === undefined) return [];
  const apps = new Set(report.updates.map((update) => update.app));
  const resourcesIn = (keep: (owner: string) => boolean) =>
    details.resources.filter((change) => keep(ownerOf(report.target, change, apps))).flatMap(describeResource);
  const out: Section[] = [];
  for (const update of report.updates) {
    const spec = (details.specChanges[update.app] ?? []).map(describeSpecChange);
    const resources = resourcesIn((owner) => owner === update.app);
    if (samePin(update.before, update.after) && spec.length === 0 && resources.length === 0) continue;
    const image = samePin(update.before, update.after)
      ? `image: ${describePin(update.after)} (unchanged)`
      : `image: ${describePin(update.before)} -> ${describePin(update.after)}`;
    out.push({ title: update.app, facts: [image], spec, resources });
  }
  const other = resourcesIn((owner) => !apps.has(owner));
  const platform = report.platform;
  const platformChanged = platform !== undefined && platform.before?.revision !== platform.after.revision;
  if (platformChanged || other.length > 0) {
    const facts: string[] = [];
    if (platform !== undefined) {
      const before = platform.before === undefined ? '(none)' : shortRevision(platform.before.revision);
      facts.push(
        platformChanged
          ? `revision: ${before} -> ${shortRevision(platform.after.revision)} (from ${platform.after.from})`
          : `revision: ${before} (unchanged)`,
      );
    }
    out.push({ title: '(platform)', facts: [...facts, ...details.platformStat], spec: [], resources: other });
  }
  return out;
}

/** The details for the terminal, after the `app: old -> new` table. */
export function formatDetailLines(report: PromotionReport): string[] {
  const lines: string[] = [];
  for (const section of sections(report)) {
    lines.push('', `${section.title}:`, ...section.facts.map((fact) => `  ${fact}`));
    if (section.spec.length > 0) lines.push('  spec:', ...section.spec.map((line) => `    ${line}`));
    if (section.resources.length > 0) {
      lines.push('  resources:', ...section.resources.map((line) => `    ${line}`));
    }
  }
  return lines;
}

/** The details for the pull-request body (Markdown), after its table. */
export function formatDetailMarkdown(report: PromotionReport): string[] {
  const code = (text: string) => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``);
  const lines: string[] = [];
  for (const section of sections(report)) {
    lines.push(`### ${section.title}`, '');
    const [first, ...stat] = section.facts;
    if (first !== undefined) lines.push(`- ${first}`);
    if (section.title === '(platform)' && stat.length > 0) {
      lines.push('', '```text', ...stat, '```');
    } else {
      for (const fact of stat) lines.push(`- ${fact}`);
    }
    if (section.spec.length > 0) {
      lines.push('', '**Spec changes**', '', ...section.spec.map((line) => `- ${code(line)}`));
    }
    if (section.resources.length > 0) {
      lines.push('', '<details><summary>Resource changes</summary>', '', '```text', ...section.resources, '```');
      lines.push('', '</details>');
    }
    lines.push('');
  }
  return lines;
}
