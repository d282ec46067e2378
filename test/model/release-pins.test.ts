import { describe, expect, it } from 'vitest';
import { formatReleasePins, parseReleasePins } from '../../lib/model/release-pins';
import { DIGEST, errorOf } from '../support/project';

const FILE = 'clusters/staging.releases.yaml';

describe('release pins', () => {
  it('reads tags as strings, so 1.10 stays 1.10', () => {
    expect(parseReleasePins('apps:\n  shop:\n    tag: 1.10\n', FILE, 'staging')).toEqual({ shop: { tag: '1.10' } });
  });

  it('round-trips through the formatter in a stable order', () => {
    const pins = { web: { tag: '2.0.0', digest: DIGEST }, api: { tag: '1.0.0' } };
    const text = formatReleasePins('staging', pins);
    expect(text).toBe(
      [
        '# Release pins of cluster "staging": the image each app runs here.',
        '# Written by `npm run release` and `npm run promote`; change it through a reviewed pull request.',
        'apps:',
        '  api:',
        '    tag: "1.0.0"',
        '  web:',
        '    tag: "2.0.0"',
        `    digest: "${DIGEST}"`,
        '',
      ].join('\n'),
    );
    expect(parseReleasePins(text, FILE, 'staging')).toEqual(pins);
  });

  it('fails on a file that does not parse', () => {
    expect(errorOf(() => parseReleasePins('apps:\n  shop: [tag\n', FILE, 'staging'))).toMatch(
      /^clusters\/staging\.releases\.yaml: cluster "staging": not valid YAML: /,
    );
  });

  it('fails on a malformed digest and unknown keys', () => {
    const message = errorOf(() =>
      parseReleasePins('apps:\n  shop:\n    tag: "1.0.0"\n    digest: sha256:abc\n    image: x\n', FILE, 'staging'),
    );
    expect(message.split('\n')).toEqual([
      'clusters/staging.releases.yaml: cluster "staging", app "shop": apps.shop.image: unknown key; allowed: tag, digest',
      'clusters/staging.releases.yaml: cluster "staging", app "shop": apps.shop.digest: digest "sha256:abc" is not a sha256 image digest ("sha256:" followed by 64 lower-case hex digits)',
    ]);
  });

  it('fails on a pin without a tag', () => {
    expect(errorOf(() => parseReleasePins(`apps:\n  shop:\n    digest: "${DIGEST}"\n`, FILE, 'staging'))).toBe(
      'clusters/staging.releases.yaml: cluster "staging", app "shop": apps.shop.tag: missing image tag',
    );
  });
});
