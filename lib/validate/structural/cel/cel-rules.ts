import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { KUBERNETES_CEL_FUNCTIONS } from './kubernetes-libraries';

type Program = (bindings: { self: unknown }) => unknown;

export type CelOutcome =
  { readonly status: 'pass' } | { readonly status: 'fail' } | { readonly status: 'unchecked'; readonly reason: string };

const env = celEnv({ funcs: [...KUBERNETES_CEL_FUNCTIONS] });
const programs = new Map<string, Program | string>();

/** Rules that compare with the stored object only run on updates; there is nothing to compare on create. */
export function isTransitionRule(rule: string): boolean {
  return /\boldSelf\b/.test(rule);
}

function programOf(rule: string): Program | string {
  let program = programs.get(rule);
  if (program === undefined) {
    try {
      program = plan(env, parse(rule)) as unknown as Program;
    } catch (error) {
      program = `does not parse: ${(error as Error).message.split('\n')[0] ?? ''}`;
    }
    programs.set(rule, program);
  }
  return program;
}

/** Evaluates one `x-kubernetes-validations` rule with `self` bound; anything but a boolean is unchecked. */
export function evaluateRule(rule: string, self: unknown): CelOutcome {
  if (isTransitionRule(rule))
    return { status: 'unchecked', reason: 'transition rule (oldSelf): runs on updates against the live object' };
  const program = programOf(rule);
  if (typeof program === 'string') return { status: 'unchecked', reason: program };
  let result: unknown;
  try {
    result = program({ self });
  } catch (error) {
    return { status: 'unchecked', reason: (error as Error).message.split('\n')[0] ?? 'evaluation failed' };
  }
  if (isCelError(result)) return { status: 'unchecked', reason: result.message.split('\n')[0] ?? 'evaluation failed' };
  if (typeof result !== 'boolean')
    return { status: 'unchecked', reason: `rule returned ${typeof result}, not a boolean` };
  return { status: result ? 'pass' : 'fail' };
}

/** The message a failed rule's `messageExpression` builds, or undefined when it does not yield a string. */
export function evaluateMessage(expression: string, self: unknown): string | undefined {
  const program = programOf(expression);
  if (typeof program === 'string') return undefined;
  try {
    const result = program({ self });
    return typeof result === 'string' && result.trim() !== '' ? result : undefined;
  } catch {
    return undefined;
  }
}
