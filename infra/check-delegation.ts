/**
 * `npx tsx infra/check-delegation.ts <zone> <name-servers-json>` (the infra workflow, between phase 1 and 2):
 * asks public resolvers for the zone's NS records and fails, printing the records to set, unless they are
 * exactly the name servers of the Route53 zone (phase 1's `zone-name-servers` output). Phase 2 validates the
 * certificate by DNS, which waits until the delegation resolves.
 */
import { Resolver } from 'node:dns/promises';
import { delegationProblems, type NsAnswer } from './delegation';

const RESOLVERS = ['1.1.1.1', '8.8.8.8'];

async function main(argv: readonly string[]): Promise<number> {
  const [zone, serversJson] = argv;
  if (zone === undefined || serversJson === undefined) {
    console.error('usage: npx tsx infra/check-delegation.ts <zone> \'["ns-1.awsdns-01.org", ...]\'');
    return 2;
  }
  const expected = JSON.parse(serversJson) as string[];
  const answers: Record<string, NsAnswer> = {};
  for (const server of RESOLVERS) {
    const resolver = new Resolver({ timeout: 5000, tries: 2 });
    resolver.setServers([server]);
    answers[server] = await resolver.resolveNs(zone).catch((error: NodeJS.ErrnoException) => ({
      error: error.code ?? String(error),
    }));
  }
  const problems = delegationProblems(zone, expected, answers);
  for (const problem of problems) console.error(`check-delegation: ${problem}`);
  if (problems.length === 0) console.log(`check-delegation: ${zone} is delegated to ${expected.join(', ')}`);
  return problems.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`check-delegation: ${String(error)}`);
    process.exitCode = 1;
  },
);
