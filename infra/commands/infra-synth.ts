import { join } from 'node:path';
import { type Command, parseFlags } from '../../lib/cli/command';
import { synthesizeStacks } from '../synth-stacks';

const HELP = {
  command: 'infra:synth',
  summary:
    'Synthesizes the Terraform JSON of every cluster (or the ones named): phase 1 <cluster>-dns (the hosted zone) and phase 2 <cluster> (everything else), into infra/cdktf.out/stacks/. Offline: no terraform, no providers, no AWS credentials.',
  flags: {
    cluster: { type: 'string', multiple: true, value: '<name>', description: 'only this cluster (both of its stacks)' },
  },
  examples: ['npm run infra:synth', 'npm run infra:synth -- --cluster staging'],
} as const;

/** `npm run infra:synth [-- --cluster <name>]...` */
export const infraSynthCommand: Command = async (io) => {
  const flags = parseFlags(io, HELP);
  const stacks = await synthesizeStacks(io.root, flags.cluster ?? []);
  for (const { name } of stacks) io.log(`infra: ${join('infra', 'cdktf.out', 'stacks', name, 'cdk.tf.json')}`);
};
