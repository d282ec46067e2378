import { DataAwsIamPolicyDocument } from '@cdktn/provider-aws/lib/data-aws-iam-policy-document';
import { type Construct } from 'constructs';

/** One IAM statement; fields as in the aws_iam_policy_document data source. */
export interface PolicyStatement {
  readonly sid?: string;
  /** @default 'Allow' */
  readonly effect?: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  /** @default none (trust policies have principals instead) */
  readonly resources?: readonly string[];
  /** Every resource but these (a Deny with NotResource). @default none */
  readonly notResources?: readonly string[];
  readonly principals?: readonly { readonly type: string; readonly identifiers: readonly string[] }[];
  readonly conditions?: readonly {
    readonly test: string;
    readonly variable: string;
    readonly values: readonly string[];
  }[];
}

/**
 * An IAM policy document as a data source: statements stay structured in cdk.tf.json, so the policy checks
 * in infra/policies can read them, and Terraform renders the JSON at plan time without network at synth.
 */
export function policyDocument(scope: Construct, id: string, statements: readonly PolicyStatement[]): string {
  const document = new DataAwsIamPolicyDocument(scope, id, {
    statement: statements.map((statement) => ({
      sid: statement.sid,
      effect: statement.effect ?? 'Allow',
      actions: [...statement.actions],
      resources: statement.resources === undefined ? undefined : [...statement.resources],
      notResources: statement.notResources === undefined ? undefined : [...statement.notResources],
      principals: statement.principals?.map((principal) => ({
        type: principal.type,
        identifiers: [...principal.identifiers],
      })),
      condition: statement.conditions?.map((condition) => ({
        test: condition.test,
        variable: condition.variable,
        values: [...condition.values],
      })),
    })),
  });
  return document.json;
}

/** Trust policy for a role that an AWS service assumes. */
export function serviceTrust(scope: Construct, id: string, service: string, extraActions: string[] = []) {
  return policyDocument(scope, id, [
    {
      actions: ['sts:AssumeRole', ...extraActions],
      principals: [{ type: 'Service', identifiers: [service] }],
    },
  ]);
}
