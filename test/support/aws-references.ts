/**
 * What counts as an AWS reference in generated YAML: ARNs, AWS endpoints and registries, the AWS Load Balancer
 * Controller's and external-dns' annotations, EKS Pod Identity/IRSA, AWS-only Kubernetes APIs and the AWS
 * provider of a secret store. A local cluster's output must have none.
 */
export const AWS_REFERENCE_PATTERNS: readonly RegExp[] = [
  /arn:aws[a-z-]*:/,
  /amazonaws\.com/,
  /\.ecr\.|public\.ecr\.aws/,
  /alb\.ingress\.kubernetes\.io/,
  /elbv2\.k8s\.aws/,
  /eks\.amazonaws\.com/,
  /karpenter\.(sh|k8s\.aws)/,
  /external-dns\.alpha\.kubernetes\.io/,
  /ebs\.csi\.aws\.com/,
  /aws-secrets-manager|SecretsManager/,
  /^\s*aws:/m,
  /ingressClassName: alb/,
  /aws\.github\.io\/eks-charts/,
];

/** Every AWS reference in a file's text, as `line N: <pattern>`. */
export function awsReferences(text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, index) => {
    for (const pattern of AWS_REFERENCE_PATTERNS) {
      if (pattern.test(line)) found.push(`line ${index + 1}: ${pattern.source}: ${line.trim()}`);
    }
  });
  return found;
}
