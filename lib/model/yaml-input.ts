import { type Document, parseDocument } from 'yaml';
import { ConfigError, type ErrorLocation } from '../errors';

/** Limits on a YAML file the tools read: a pin file, a promoted spec. */
export interface YamlInputLimits {
  /** Larger files are refused before parsing. */
  readonly maxBytes: number;
  /**
   * How far aliases may expand (the yaml library's maxAliasCount): a "billion laughs" file of nested aliases
   * would otherwise expand to gigabytes in memory. Files the tools write never use aliases.
   * @default 20
   */
  readonly maxAliasCount?: number;
}

/**
 * Parses a YAML input file into plain data under size and alias limits, every problem a ConfigError at
 * `location` (the file named): not valid YAML, too large, too many aliases.
 */
export function parseYamlInput(
  text: string,
  location: ErrorLocation,
  limits: YamlInputLimits,
  options: { readonly schema?: 'failsafe' } = {},
): unknown {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) {
    throw new ConfigError(
      location,
      `the file is ${formatBytes(bytes)}; at most ${formatBytes(limits.maxBytes)} is read (is it the right file?)`,
    );
  }
  let document: Document;
  try {
    document = parseDocument(text, { uniqueKeys: true, prettyErrors: true, ...options });
  } catch (error) {
    throw new ConfigError(location, `not valid YAML: ${firstLine(error)}`);
  }
  if (document.errors.length > 0) throw new ConfigError(location, `not valid YAML: ${firstLine(document.errors[0])}`);
  const maxAliasCount = limits.maxAliasCount ?? 20;
  try {
    return document.toJS({ maxAliasCount });
  } catch (error) {
    if (/alias/i.test(firstLine(error))) {
      throw new ConfigError(
        location,
        `its aliases (*name) expand beyond the limit of ${maxAliasCount}, as a "billion laughs" file does: write the values out; the tools never write aliases`,
      );
    }
    throw new ConfigError(location, `not valid YAML: ${firstLine(error)}`);
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.replace(/:\s*$/, '');
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${bytes} bytes`;
}
