import type { ReleasePin } from '../model/release-pins';
import type { PlatformUpdate } from './platform-source';

/** One app's pin before and after a release or promotion. */
export interface PinUpdate {
  readonly app: string;
  /** undefined when the cluster had no pin for the app. */
  readonly before?: ReleasePin;
  readonly after: ReleasePin;
  /** A gated target's promoted spec changes too. @default false */
  readonly specChanged?: boolean;
}

export function samePin(a: ReleasePin | undefined, b: ReleasePin | undefined): boolean {
  return a?.tag === b?.tag && a?.digest === b?.digest;
}

/** `1.4.2 (sha256:d642578abb6a)`: the tag, and the start of the digest so a reader can tell builds apart. */
export function describePin(pin: ReleasePin | undefined): string {
  if (pin === undefined) return '(none)';
  return pin.digest === undefined
    ? `${pin.tag} (no digest)`
    : `${pin.tag} (${pin.digest.slice(0, 'sha256:'.length + 12)})`;
}

/** The `app: old -> new` lines people read in the terminal, aligned. */
export function formatUpdateTable(updates: readonly PinUpdate[], platform?: PlatformUpdate): string[] {
  const width = Math.max(
    platform === undefined ? 0 : '(platform)'.length,
    ...updates.map((update) => update.app.length),
  );
  const lines = updates.map((update) => {
    const label = `${update.app}:`.padEnd(width + 1);
    const spec = update.specChanged === true ? ', spec changed' : '';
    if (!samePin(update.before, update.after)) {
      return `  ${label} ${describePin(update.before)} -> ${describePin(update.after)}${spec}`;
    }
    return spec === ''
      ? `  ${label} ${describePin(update.after)} (unchanged)`
      : `  ${label} ${describePin(update.after)} (image unchanged)${spec}`;
  });
  if (platform !== undefined) {
    const label = '(platform):'.padEnd(width + 1);
    const before = platform.before === undefined ? '(none)' : shortRevision(platform.before.revision);
    const after = shortRevision(platform.after.revision);
    lines.push(
      platform.before?.revision === platform.after.revision
        ? `  ${label} ${after} (unchanged)`
        : `  ${label} ${before} -> ${after} (generator and platform code)`,
    );
  }
  return lines;
}

/** The first 12 hex digits of a commit id, as people quote it. */
export function shortRevision(revision: string): string {
  return revision.slice(0, 12);
}

/** A Markdown summary (for the promotion pull request body). */
export function formatMarkdownSummary(
  title: string,
  updates: readonly PinUpdate[],
  changedPaths: readonly string[],
  platform?: PlatformUpdate,
  /** The spec, resource and platform details, after the table. @default none */
  detail: readonly string[] = [],
): string {
  const code = (pin: ReleasePin | undefined): string =>
    pin === undefined ? '(none)' : `\`${pin.tag}\`${pin.digest === undefined ? '' : ` \`${pin.digest}\``}`;
  const lines = [`## ${title}`, '', '| app | from | to |', '| --- | --- | --- |'];
  for (const update of updates) {
    const image = samePin(update.before, update.after) ? 'unchanged' : code(update.after);
    const after = update.specChanged === true ? `${image}, spec changed` : image;
    lines.push(`| ${update.app} | ${code(update.before)} | ${after} |`);
  }
  if (platform !== undefined) {
    const before = platform.before === undefined ? '(none)' : `\`${shortRevision(platform.before.revision)}\``;
    const after =
      platform.before?.revision === platform.after.revision
        ? 'unchanged'
        : `\`${shortRevision(platform.after.revision)}\``;
    lines.push(`| (platform) | ${before} | ${after} |`);
  }
  lines.push('');
  if (detail.length > 0) lines.push(...detail);
  if (changedPaths.length === 0) {
    lines.push('Nothing to promote: no file changes.');
  } else {
    lines.push(`Files changed (${changedPaths.length}):`, '');
    for (const path of changedPaths) lines.push(`- \`${path}\``);
  }
  return `${lines.join('\n')}\n`;
}
