import { describe, expect, it } from 'vitest';
import { field, productionCluster, render, stagingCluster, webService } from '../fixtures';

describe('app ALB ingress', () => {
  it('serves the host over HTTPS only on the cluster shared ALB, with WAF, pod targets and external-dns', () => {
    const ingress = render(stagingCluster(), [webService()]).object('gateway/ingress-gateway.yaml');
    expect(field(ingress, 'metadata.annotations')).toEqual({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/group.name': 'staging',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]',
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
      'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      'alb.ingress.kubernetes.io/wafv2-acl-name': 'staging-web',
      'alb.ingress.kubernetes.io/healthcheck-path': '/ready',
      'alb.ingress.kubernetes.io/healthcheck-port': '8000',
      'external-dns.alpha.kubernetes.io/hostname': 'api.staging.example.com',
      'alb.ingress.kubernetes.io/actions.block-metrics':
        '{"type":"fixed-response","fixedResponseConfig":{"contentType":"text/plain","statusCode":"404","messageBody":"Not Found"}}',
    });
    expect(field(ingress, 'spec')).toEqual({
      ingressClassName: 'alb',
      tls: [{ hosts: ['api.staging.example.com'] }],
      rules: [
        {
          host: 'api.staging.example.com',
          http: {
            paths: [
              {
                path: '/metrics',
                pathType: 'Exact',
                backend: { service: { name: 'block-metrics', port: { name: 'use-annotation' } } },
              },
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'gateway', port: { name: 'http' } } } },
            ],
          },
        },
      ],
    });
  });

  it('routes metrics served on a separate port nowhere, so it needs no block', () => {
    const spec = webService({
      ports: [
        { name: 'http', port: 8000 },
        { name: 'metrics', port: 9090 },
      ],
      metricsPort: 'metrics',
    });
    const ingress = render(stagingCluster(), [spec]).object('gateway/ingress-gateway.yaml');
    const paths = field(ingress, 'spec.rules') as { http: { paths: { path: string }[] } }[];
    expect(paths[0]!.http.paths.map((path) => path.path)).toEqual(['/']);
    expect(field(ingress, 'metadata.annotations')).not.toHaveProperty(
      'alb.ingress.kubernetes.io/actions.block-metrics',
    );
  });

  it('uses the certificate and WAF ARNs of the cluster settings when given', () => {
    const cluster = productionCluster();
    const certificateArn = 'arn:aws:acm:eu-west-1:222222222222:certificate/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e';
    const wafAclArn = 'arn:aws:wafv2:eu-west-1:222222222222:regional/webacl/production-web/a1b2c3d4';
    const ingress = render(
      { ...cluster, platform: { ...cluster.platform, ingress: { controllerReplicas: 2, certificateArn, wafAclArn } } },
      [webService()],
    ).object('gateway/ingress-gateway.yaml');
    const annotations = field(ingress, 'metadata.annotations') as Record<string, string>;
    expect(annotations['alb.ingress.kubernetes.io/certificate-arn']).toBe(certificateArn);
    expect(annotations['alb.ingress.kubernetes.io/wafv2-acl-arn']).toBe(wafAclArn);
    expect(annotations['alb.ingress.kubernetes.io/wafv2-acl-name']).toBeUndefined();
    expect(annotations['alb.ingress.kubernetes.io/group.name']).toBe('production');
  });

  it('health-checks the readiness probe path and port, even when it is not the served port', () => {
    const spec = webService({
      ports: [
        { name: 'http', port: 8080 },
        { name: 'admin', port: 9901 },
      ],
      probes: { liveness: { path: '/live', port: 'admin' }, readiness: { path: '/status/ready', port: 'admin' } },
    });
    const annotations = field(
      render(stagingCluster(), [spec]).object('gateway/ingress-gateway.yaml'),
      'metadata.annotations',
    );
    expect(annotations).toMatchObject({
      'alb.ingress.kubernetes.io/healthcheck-path': '/status/ready',
      'alb.ingress.kubernetes.io/healthcheck-port': '9901',
    });
  });

  it('keeps the cluster extra annotations but not over the golden-path ones', () => {
    const ingress = render(
      stagingCluster({
        ingress: {
          annotations: {
            'alb.ingress.kubernetes.io/load-balancer-attributes': 'idle_timeout.timeout_seconds=120',
            'alb.ingress.kubernetes.io/scheme': 'internal',
          },
        },
      }),
      [webService()],
    ).object('gateway/ingress-gateway.yaml');
    expect(field(ingress, 'metadata.annotations')).toMatchObject({
      'alb.ingress.kubernetes.io/load-balancer-attributes': 'idle_timeout.timeout_seconds=120',
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
    });
  });

  it('lets the load balancer reach the routed port from the public subnets only, not from every pod in the VPC', () => {
    const policy = render(stagingCluster(), [webService()]).object('gateway/networkpolicy-gateway.yaml');
    expect(field(policy, 'spec.ingress')).toContainEqual({
      from: [
        { ipBlock: { cidr: '10.20.192.0/22' } },
        { ipBlock: { cidr: '10.20.196.0/22' } },
        { ipBlock: { cidr: '10.20.200.0/22' } },
      ],
      ports: [{ port: 'http', protocol: 'TCP' }],
    });
    expect(JSON.stringify(policy)).not.toContain('10.20.0.0/16');
  });

  it('lets the load balancer wait for new pods: readiness gates in the namespace, a preStop pause in the pod', () => {
    const rendered = render(stagingCluster(), [webService()]);
    expect(field(rendered.object('gateway/namespace-gateway.yaml'), 'metadata.labels')).toMatchObject({
      'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled',
    });
    const container = (
      field(rendered.object('gateway/deployment-gateway.yaml'), 'spec.template.spec.containers') as unknown[]
    )[0];
    expect(field(container, 'lifecycle')).toEqual({ preStop: { sleep: { seconds: 10 } } });
  });

  it('renders no Ingress for an app without a public host', () => {
    const rendered = render(stagingCluster(), [webService({ ingress: undefined })]);
    expect(rendered.paths.filter((path) => path.includes('ingress-'))).toEqual([]);
  });
});
