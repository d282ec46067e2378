import { type TerraformJson } from './terraform-json';

/** A resource that breaks a policy, and why. */
export interface Violation {
  readonly policy: string;
  /** Terraform address of the offending resource. */
  readonly address: string;
  readonly message: string;
}

/** What a policy may need to know beyond the stack itself. */
export interface PolicyContext {
  readonly production: boolean;
  /** Which phase's stack: phase 1 holds the hosted zone only, so stack-wide requirements (a trail) skip it. @default 'main' */
  readonly phase?: 'dns' | 'main';
}

export interface Policy {
  /** Stable kebab-case id, printed with every violation. */
  readonly id: string;
  readonly description: string;
  check(json: TerraformJson, context: PolicyContext): Violation[];
}

export function formatViolation(violation: Violation): string {
  return `[${violation.policy}] ${violation.address}: ${violation.message}`;
}
