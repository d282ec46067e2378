import { type Construct } from 'constructs';
import { policyDocument } from './policy-document';

/** Service principal of EKS Pod Identity. */
export const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';

/** Trust policy of a role assumed through EKS Pod Identity, limited to clusters of the given account. */
export function podIdentityTrust(scope: Construct, id: string, accountId: string): string {
  return policyDocument(scope, id, [
    {
      actions: ['sts:AssumeRole', 'sts:TagSession'],
      principals: [{ type: 'Service', identifiers: [POD_IDENTITY_PRINCIPAL] }],
      conditions: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [accountId] }],
    },
  ]);
}
