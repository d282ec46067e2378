import { ConfigError } from '../errors';
import { Environment } from '../model/environment';

/** The values `npm run cluster:new` sets in the copy of a cluster file; everything else stays as it is. */
export interface ClusterFileChanges {
  readonly name: string;
  readonly environment: Environment;
  readonly awsAccountId: string;
  readonly awsRegion: string;
  readonly baseDomain: string;
  readonly vpcCidr: string;
  /** Set (or replace) `promotion: { from }`. @default the source's promotion, if any, is kept */
  readonly promotedFrom?: string;
}

const STRING_FIELDS = ['name', 'awsAccountId', 'awsRegion', 'baseDomain', 'vpcCidr'] as const;

/**
 * The text of a new cluster file made from another one: the source's text (its comments, apps, overrides,
 * platform sizes and sync windows) with the identity fields replaced. It edits only top-level properties
 * written as prettier writes them (`  awsRegion: 'eu-west-1',`), each exactly once, and refuses a file
 * written differently rather than guessing, so the result is always the source with just these values changed.
 */
export function clusterFileFrom(source: string, sourceFile: string, changes: ClusterFileChanges): string {
  let text = source;
  const replaceOnce = (field: string, pattern: RegExp, replacement: string, shape: string): void => {
    const matches = text.match(new RegExp(pattern.source, 'gm')) ?? [];
    if (matches.length !== 1) {
      throw new ConfigError(
        { file: sourceFile, field },
        `cluster:new copies a cluster file whose top-level ${field} is written on one line as \`${shape}\`; ` +
          `found ${matches.length} such lines, so copy the file by hand (or write it that way first)`,
      );
    }
    text = text.replace(new RegExp(pattern.source, 'm'), replacement);
  };
  for (const field of STRING_FIELDS) {
    replaceOnce(
      field,
      new RegExp(`^  ${field}: '[^'\\n]*',$`),
      `  ${field}: '${changes[field]}',`,
      `  ${field}: '...',`,
    );
  }
  const environmentKey = Object.entries(Environment).find(([, value]) => value === changes.environment)![0];
  replaceOnce(
    'environment',
    /^ {2}environment: Environment\.[A-Z_]+,$/,
    `  environment: Environment.${environmentKey},`,
    '  environment: Environment.<NAME>,',
  );
  if (changes.promotedFrom !== undefined) {
    const promotion = `  promotion: { from: '${changes.promotedFrom}' },`;
    if (/^ {2}promotion:/m.test(text)) {
      replaceOnce('promotion', /^ {2}promotion: \{ from: '[^'\n]*' \},$/, promotion, "  promotion: { from: '...' },");
    } else {
      text = text.replace(
        /^( {2}environment: .*)$/m,
        `$1\n  // Gated: app specs and images change only by \`npm run promote\` (docs/promotion.md).\n${promotion}`,
      );
    }
  }
  return text;
}
