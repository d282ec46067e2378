/**
 * `npm run infra:check` (after `npm run infra:synth`): runs the policies over every synthesized stack and,
 * where `generated/<cluster>` exists, checks that every AWS name the YAML references is created by it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Environment } from '../lib/model/environment';
import { checkContract, formatContractProblem } from './contract/check-contract';
import { checkPolicies, formatViolation, type TerraformJson } from './policies';
import { loadInfraProject } from './project';
import { PHASES, stackName } from './stacks/stack-base';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STACKS = join(ROOT, 'infra', 'cdktf.out', 'stacks');

async function main(): Promise<number> {
  if (!existsSync(STACKS)) {
    console.error('infra:check: no synthesized stacks; run `npm run infra:synth` first');
    return 1;
  }
  const project = await loadInfraProject(ROOT);
  let failures = 0;
  for (const name of readdirSync(STACKS).sort()) {
    const cluster = project.clusters.find((candidate) => PHASES.some((phase) => stackName(candidate, phase) === name));
    if (cluster === undefined) {
      console.error(`infra:check: stack "${name}" has no cluster definition clusters/${name}.ts; re-run infra:synth`);
      failures++;
      continue;
    }
    const stack = JSON.parse(readFileSync(join(STACKS, name, 'cdk.tf.json'), 'utf8')) as TerraformJson;
    const violations = checkPolicies(stack, {
      production: cluster.environment === Environment.PRODUCTION,
      phase: name === stackName(cluster, 'main') ? 'main' : 'dns',
    });
    for (const violation of violations) console.error(`${name}: ${formatViolation(violation)}`);
    const folder = join(ROOT, 'generated', cluster.name);
    let summary = `${violations.length} policy violation(s)`;
    let problems = 0;
    if (name !== stackName(cluster, 'main')) {
      summary += ' (phase 1: the zone only; generated/ is checked against the main stack)';
    } else if (existsSync(folder)) {
      const contract = checkContract(folder, stack, name, ROOT);
      for (const problem of contract.problems) console.error(formatContractProblem(problem));
      problems = contract.problems.length;
      summary += `, ${contract.references.length} AWS reference(s) in generated/${cluster.name}, ${problems} not created by infra`;
    } else {
      summary += `, no generated/${cluster.name} to check references in`;
    }
    console.log(`infra:check: ${name}: ${summary}`);
    failures += violations.length + problems;
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
