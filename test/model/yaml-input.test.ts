import { describe, expect, it } from 'vitest';
import { MAX_PROMOTED_SPEC_BYTES, parsePromotedSpec } from '../../lib/model/promoted-spec';
import { MAX_PIN_FILE_BYTES, parseReleasePins } from '../../lib/model/release-pins';

const PINS = 'clusters/staging.releases.yaml';
const SPEC = 'clusters/production.promoted/shop.yaml';

/** Nine levels of nine aliases each: 9^9 (387 million) strings once expanded. */
function billionLaughs(): string {
  const lines = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let level = 1; level < 9; level++) {
    lines.push(
      `l${level}: &l${level} [${Array<string>(9)
        .fill(`*l${level - 1}`)
        .join(', ')}]`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function errorOf(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('YAML inputs', () => {
  it('refuses a pin file whose aliases expand like a billion laughs, naming the file', () => {
    const started = performance.now();
    expect(errorOf(() => parseReleasePins(`${billionLaughs()}apps: {}\n`, PINS, 'staging'))).toBe(
      `${PINS}: cluster "staging": its aliases (*name) expand beyond the limit of 20, as a "billion laughs" file does: write the values out; the tools never write aliases`,
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses a promoted spec whose aliases expand like a billion laughs, naming the file and app', () => {
    expect(errorOf(() => parsePromotedSpec(billionLaughs(), SPEC, 'production', 'shop'))).toMatch(
      new RegExp(`^${SPEC}: cluster "production", app "shop": its aliases \\(\\*name\\) expand beyond the limit of 20`),
    );
  });

  it('refuses a pin file over the size limit without parsing it', () => {
    const text = `apps: {}\n#${'x'.repeat(MAX_PIN_FILE_BYTES)}\n`;
    expect(errorOf(() => parseReleasePins(text, PINS, 'staging'))).toBe(
      `${PINS}: cluster "staging": the file is 1 MiB; at most 1 MiB is read (is it the right file?)`,
    );
  });

  it('refuses a promoted spec over the size limit', () => {
    const text = `promotedFrom: staging\nspec: {}\n#${'x'.repeat(MAX_PROMOTED_SPEC_BYTES + 100_000)}\n`;
    expect(errorOf(() => parsePromotedSpec(text, SPEC, 'production', 'shop'))).toBe(
      `${SPEC}: cluster "production", app "shop": the file is 2.1 MiB; at most 2 MiB is read (is it the right file?)`,
    );
  });

  it('reports invalid YAML by its first line, with no dangling "column 1:"', () => {
    const message = errorOf(() => parseReleasePins('apps:\n  shop: [\n', PINS, 'staging'));
    expect(message).toMatch(new RegExp(`^${PINS}: cluster "staging": not valid YAML: .*line \\d+, column \\d+$`));
  });
});
