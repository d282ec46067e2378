/**
 * Go's RE2 accepts inline flags such as `(?i)`; JavaScript does not. A few upstream CRD patterns use them
 * (see shared/schemas/README.md). We apply the flag to the whole pattern (a slight widening) by spelling every
 * ASCII letter in both cases, which keeps the pattern a plain string that ajv compiles as usual.
 */
export function translateRe2Pattern(pattern: string): string {
  if (!pattern.includes('(?i)')) return pattern;
  const source = pattern.replaceAll('(?i)', '');
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i] ?? '';
    if (char === '\\') {
      out += char + (source[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (char === ']') {
        inClass = false;
        out += char;
      } else if (source[i + 1] === '-' && source[i + 2] !== undefined && source[i + 2] !== ']') {
        // A range such as a-f gains its other-case twin A-F.
        const end = source[i + 2] ?? '';
        out += `${char}-${end}`;
        if (/[A-Za-z]/.test(char) && /[A-Za-z]/.test(end)) out += `${swapCase(char)}-${swapCase(end)}`;
        i += 2;
      } else {
        out += /[A-Za-z]/.test(char) ? char + swapCase(char) : char;
      }
      continue;
    }
    if (char === '[') {
      inClass = true;
      out += char;
      // A leading `^` or `]` belongs to the class syntax, not to its members.
      if (source[i + 1] === '^') {
        out += '^';
        i++;
      }
      continue;
    }
    out += /[A-Za-z]/.test(char) ? `[${char.toLowerCase()}${char.toUpperCase()}]` : char;
  }
  return out;
}

function swapCase(char: string): string {
  return char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase();
}
