/** Whether a hosted zone's delegation in public DNS matches the name servers Route53 gave it. */
import { byCodePoint } from '../lib/order';

/** What one public resolver answered for the zone's NS records. */
export type NsAnswer = readonly string[] | { readonly error: string };

/** Name servers compared without case and trailing dot. */
function normalized(names: readonly string[]): string[] {
  return [...new Set(names.map((name) => name.toLowerCase().replace(/\.$/, '')))].sort(byCodePoint);
}

/**
 * The problems with a zone's delegation, empty when every resolver answers exactly the zone's name servers.
 * Each problem says what to set: the NS records of the zone in its parent zone.
 */
export function delegationProblems(
  zone: string,
  expected: readonly string[],
  answers: Readonly<Record<string, NsAnswer>>,
): string[] {
  const wanted = normalized(expected);
  const fix = `set these NS records for ${zone} in its parent zone: ${wanted.join(', ')}`;
  const problems: string[] = [];
  for (const [resolver, answer] of Object.entries(answers).sort(([a], [b]) => byCodePoint(a, b))) {
    if ('error' in answer) {
      problems.push(`${resolver}: no NS records for ${zone} (${answer.error}); ${fix}`);
      continue;
    }
    const got = normalized(answer as readonly string[]);
    if (got.join(',') !== wanted.join(',')) {
      problems.push(`${resolver}: ${zone} is delegated to ${got.join(', ') || 'nothing'}; ${fix}`);
    }
  }
  return problems;
}
