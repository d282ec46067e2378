import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, EXIT_FINDINGS, EXIT_OK, parseFlags } from '../../lib/cli/command';
import { Environment } from '../../lib/model/environment';
import { checkContract, formatContractProblem } from '../contract/check-contract';
import { checkPolicies, formatViolation, type TerraformJson } from '../policies';
import { stacksOutDir, synthesizeStacks } from '../synth-stacks';

const HELP = {
  command: 'infra:check',
  summary:
    'Synthesizes the stacks of every cluster (or the ones named) afresh, so it never judges stale output, then runs the infra policies over each and checks that every AWS name generated/<cluster> references is created by its phase 2 stack. Exits 1 on any violation or missing name.',
  flags: {
    cluster: { type: 'string', multiple: true, value: '<name>', description: 'only this cluster (both of its stacks)' },
  },
  examples: ['npm run infra:check', 'npm run infra:check -- --cluster production'],
} as const;

/** `npm run infra:check [-- --cluster <name>]...` */
export const infraCheckCommand: Command = async (io) => {
  const flags = parseFlags(io, HELP);
  let failures = 0;
  for (const { name, cluster, phase } of await synthesizeStacks(io.root, flags.cluster ?? [])) {
    const main = phase === 'main';
    const stack = JSON.parse(
      readFileSync(join(stacksOutDir(io.root), 'stacks', name, 'cdk.tf.json'), 'utf8'),
    ) as TerraformJson;
    const violations = checkPolicies(stack, {
      production: cluster.environment === Environment.PRODUCTION,
      phase,
    });
    for (const violation of violations) io.error(`${name}: ${formatViolation(violation)}`);
    const folder = join(io.root, 'generated', cluster.name);
    let summary = `${violations.length} policy violation(s)`;
    let problems = 0;
    if (!main) {
      summary += ' (phase 1: the zone only; generated/ is checked against the main stack)';
    } else if (existsSync(folder)) {
      const contract = checkContract(folder, stack, name, io.root);
      for (const problem of contract.problems) io.error(formatContractProblem(problem));
      problems = contract.problems.length;
      summary += `, ${contract.references.length} AWS reference(s) in generated/${cluster.name}, ${problems} not created by infra`;
    } else {
      summary += `, no generated/${cluster.name} to check references in`;
    }
    io.log(`infra:check: ${name}: ${summary}`);
    failures += violations.length + problems;
  }
  return failures === 0 ? EXIT_OK : EXIT_FINDINGS;
};
