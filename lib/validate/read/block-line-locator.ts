import type { PathSegments } from '../json-path';

/**
 * Finds the line of a path in block-style YAML by reading indentation, without building a YAML document
 * (which costs about a millisecond per file and dominated runs with many findings). It understands block
 * mappings, block sequences (`- ` items, indented or not), plain and quoted keys, comments and document
 * separators. Anything else on the way (flow collections, anchors, complex keys) makes it give up and
 * return undefined, so the caller falls back to a full parse.
 *
 * The line is the one the YAML parser reports: a scalar's own line, or the first line of a block map or
 * sequence; when the path leaves the document, the line of the deepest node that exists.
 */

interface Line {
  readonly indent: number;
  /** The text after the indentation. */
  readonly text: string;
  /** One-based. */
  readonly number: number;
}

function isContent(text: string): boolean {
  return text !== '' && !text.startsWith('#');
}

/** Content lines of each document of a file (comments and blank lines left out). */
function documentsOf(source: string): Line[][] {
  const documents: Line[][] = [[]];
  let seenContent = false;
  source.split('\n').forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '---' || line.startsWith('--- ')) {
      if (seenContent || documents.length > 1) documents.push([]);
      seenContent = true;
      return;
    }
    const text = line.trimStart();
    if (!isContent(text)) return;
    seenContent = true;
    (documents[documents.length - 1] as Line[]).push({ indent: line.length - text.length, text, number: index + 1 });
  });
  return documents;
}

const cache = new WeakMap<object, Line[][]>();

/** The key of a `key: value` line, or undefined when the line is not a simple mapping entry. */
function keyOf(text: string): { key: string; rest: string } | undefined {
  const quote = text[0];
  if (quote === '"' || quote === "'") {
    const end = text.indexOf(quote, 1);
    if (end === -1 || text[end + 1] !== ':') return undefined;
    const body = text.slice(1, end);
    if (quote === '"' && body.includes('\\')) return undefined;
    return { key: body, rest: text.slice(end + 2).trim() };
  }
  if (quote === '{' || quote === '[' || quote === '?' || quote === '&' || quote === '*' || quote === '!')
    return undefined;
  const colon = text.search(/:( |$)/);
  if (colon <= 0) return undefined;
  return { key: text.slice(0, colon), rest: text.slice(colon + 1).trim() };
}

/**
 * The line of `segments` in document `index` of `source`, or undefined when this reader cannot tell.
 * `holder` identifies the source for caching (the ManifestSource object).
 */
export function locateLine(holder: object, source: string, index: number, segments: PathSegments): number | undefined {
  let documents = cache.get(holder);
  if (documents === undefined) {
    documents = documentsOf(source);
    cache.set(holder, documents);
  }
  const lines = documents[index];
  if (lines === undefined || lines.length === 0) return undefined;
  // The block being searched: lines[from..to) whose entries sit at `indent`; `line` is where the current node starts.
  let from = 0;
  let to = lines.length;
  let indent = (lines[0] as Line).indent;
  let inlineText: string | undefined; // the rest of a `- key: value` line, when the node starts after a dash
  let nodeLine = (lines[0] as Line).number;
  for (let step = 0; step < segments.length; step++) {
    const segment = segments[step] as string | number;
    if (from >= to && inlineText === undefined) return nodeLine;
    if (typeof segment === 'number') {
      let seen = -1;
      let found = -1;
      for (let i = from; i < to; i++) {
        const line = lines[i] as Line;
        if (line.indent < indent) break;
        if (line.indent === indent && (line.text === '-' || line.text.startsWith('- '))) {
          seen++;
          if (seen === segment) {
            found = i;
            break;
          }
        } else if (line.indent === indent) return undefined; // not a block sequence
      }
      if (found === -1) return nodeLine;
      const item = lines[found] as Line;
      let end = found + 1;
      while (end < to && (lines[end] as Line).indent > indent) end++;
      nodeLine = item.number;
      const rest = item.text === '-' ? '' : item.text.slice(2).trimStart();
      if (rest === '') {
        from = found + 1;
        to = end;
        indent = from < to ? (lines[from] as Line).indent : indent + 2;
        inlineText = undefined;
        if (from < to) nodeLine = (lines[from] as Line).number;
      } else {
        // `- key: value`: the item's map starts on the dash line, its keys at the column after the dash.
        const column = indent + (item.text.length - rest.length);
        inlineText = rest;
        from = found + 1;
        to = end;
        indent = column;
      }
      continue;
    }
    let match: { key: string; rest: string; line: Line; at: number } | undefined;
    if (inlineText !== undefined) {
      const entry = keyOf(inlineText);
      if (entry === undefined) return undefined;
      if (entry.key === segment)
        match = { ...entry, line: { indent, text: inlineText, number: nodeLine }, at: from - 1 };
    }
    for (let i = from; match === undefined && i < to; i++) {
      const line = lines[i] as Line;
      if (line.indent < indent) break;
      if (line.indent !== indent) continue;
      const entry = keyOf(line.text);
      if (entry === undefined) return undefined;
      if (entry.key === segment) match = { ...entry, line, at: i };
    }
    inlineText = undefined;
    if (match === undefined) return nodeLine;
    let end = match.at + 1;
    // The value's block: deeper lines, and a sequence may sit at the same indentation as its key.
    const keyIndent = indent;
    const blockValue = match.rest === '';
    while (end < to) {
      const next = lines[end] as Line;
      if (
        next.indent > keyIndent ||
        (blockValue && next.indent === keyIndent && (next.text === '-' || next.text.startsWith('- ')))
      )
        end++;
      else break;
    }
    if (match.rest !== '' && !match.rest.startsWith('#')) {
      if (match.rest.startsWith('|') || match.rest.startsWith('>')) {
        nodeLine = match.line.number;
        from = end;
        to = end;
        continue;
      }
      if (/^[{[&*!]/.test(match.rest)) return step === segments.length - 1 ? match.line.number : undefined;
      nodeLine = match.line.number;
      from = end;
      to = end; // a scalar: nothing below it
      continue;
    }
    from = match.at + 1;
    to = end;
    if (from >= to) {
      nodeLine = match.line.number;
      continue;
    }
    indent = (lines[from] as Line).indent;
    nodeLine = (lines[from] as Line).number;
  }
  return nodeLine;
}
