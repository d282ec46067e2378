import { describe, expect, it } from 'vitest';
import { cluster, cronApp, DIGEST, project, render, webApp, workerApp } from '../support/project';

const IMAGE = `123456789012.dkr.ecr.eu-west-1.amazonaws.com`;

describe('web service', () => {
  const out = render(
    project(
      [
        webApp({
          autoscaling: { minReplicas: 2, maxReplicas: 5 },
          config: { B: '2', A: '1' },
          ingress: { host: 'shop' },
        }),
      ],
      [cluster('staging', { shop: {} }, { vpcCidr: '10.0.0.0/16' })],
    ),
  );
  const deployment = out.get('staging/shop/deployment-shop.yaml');

  it('renders exactly the objects of a public, autoscaled web service, one file each', () => {
    expect([...out.keys()].filter((path) => path.startsWith('staging/shop/')).sort()).toEqual([
      'staging/shop/configmap-shop-config.yaml',
      'staging/shop/deployment-shop.yaml',
      'staging/shop/horizontalpodautoscaler-shop.yaml',
      'staging/shop/ingress-shop.yaml',
      'staging/shop/namespace-shop.yaml',
      'staging/shop/networkpolicy-default-deny.yaml',
      'staging/shop/networkpolicy-shop.yaml',
      'staging/shop/poddisruptionbudget-shop.yaml',
      'staging/shop/service-shop.yaml',
      'staging/shop/serviceaccount-shop.yaml',
    ]);
  });

  it('references the image by tag and digest from the release pin', () => {
    expect(deployment.spec.template.spec.containers[0].image).toBe(`${IMAGE}/shop:1.0.0@${DIGEST}`);
    expect(deployment.metadata.labels['app.kubernetes.io/version']).toBe('1.0.0');
  });

  it('leaves replicas to the HorizontalPodAutoscaler', () => {
    expect(deployment.spec.replicas).toBeUndefined();
    const hpa = out.get('staging/shop/horizontalpodautoscaler-shop.yaml');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 5,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop' },
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      ],
    });
  });

  it('meets the restricted Pod Security Standard', () => {
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(out.get('staging/shop/namespace-shop.yaml').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.34',
    });
  });

  it('sets default resources, probes and zone spreading', () => {
    const container = deployment.spec.template.spec.containers[0];
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } });
    expect(container.livenessProbe).toEqual({
      httpGet: { path: '/healthz', port: 'http' },
      periodSeconds: 10,
      failureThreshold: 3,
    });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(deployment.spec.template.spec.topologySpreadConstraints[0]).toMatchObject({
      topologyKey: 'topology.kubernetes.io/zone',
      maxSkew: 1,
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/instance': 'shop' } },
    });
  });

  it('mounts plain config from a sorted ConfigMap and rolls pods when it changes', () => {
    expect(out.get('staging/shop/configmap-shop-config.yaml').data).toEqual({ A: '1', B: '2' });
    expect(deployment.spec.template.spec.containers[0].envFrom).toEqual([{ configMapRef: { name: 'shop-config' } }]);
    const changed = render(project([webApp({ config: { A: '1', B: '3' } })], [cluster('staging', { shop: {} })]));
    const before = deployment.spec.template.metadata.annotations['checksum/config'];
    const after = changed.get('staging/shop/deployment-shop.yaml').spec.template.metadata.annotations[
      'checksum/config'
    ];
    expect(before).toMatch(/^[a-f0-9]{64}$/);
    expect(after).not.toBe(before);
  });

  it('exposes the named ports on a ClusterIP Service', () => {
    expect(out.get('staging/shop/service-shop.yaml').spec).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/instance': 'shop' },
      ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }],
    });
  });

  it('keeps a PodDisruptionBudget when more than one replica runs', () => {
    expect(out.get('staging/shop/poddisruptionbudget-shop.yaml').spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/instance': 'shop' } },
    });
  });

  it('routes the public host under the cluster domain to the first port, refusing the metrics path', () => {
    const ingress = out.get('staging/shop/ingress-shop.yaml');
    expect(ingress.spec.ingressClassName).toBe('alb');
    expect(ingress.spec.rules).toEqual([
      {
        host: 'shop.staging.example.org',
        http: {
          paths: [
            {
              path: '/metrics',
              pathType: 'Exact',
              backend: { service: { name: 'block-metrics', port: { name: 'use-annotation' } } },
            },
            { path: '/', pathType: 'Prefix', backend: { service: { name: 'shop', port: { name: 'http' } } } },
          ],
        },
      },
    ]);
  });

  it('denies all traffic in the namespace, then admits monitoring and the load balancer', () => {
    expect(out.get('staging/shop/networkpolicy-default-deny.yaml').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    const policy = out.get('staging/shop/networkpolicy-shop.yaml').spec;
    expect(policy.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
        ports: [{ port: 'http', protocol: 'TCP' }],
      },
      {
        from: ['10.0.192.0/22', '10.0.196.0/22', '10.0.200.0/22'].map((cidr) => ({ ipBlock: { cidr } })),
        ports: [{ port: 'http', protocol: 'TCP' }],
      },
    ]);
    expect(policy.egress[1]).toEqual({
      to: [
        {
          ipBlock: {
            cidr: '0.0.0.0/0',
            except: ['169.254.169.254/32', '10.0.0.0/18', '10.0.64.0/18', '10.0.128.0/18'],
          },
        },
      ],
    });
  });

  it('lets a client app call the apps that admit it, and no other pod', () => {
    const out2 = render(
      project([webApp({ allowedClients: ['mailer'] }), workerApp()], [cluster('staging', { shop: {}, mailer: {} })]),
    );
    const egress = out2.get('staging/mailer/networkpolicy-mailer.yaml').spec.egress;
    expect(egress).toContainEqual({
      to: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'shop' } },
        },
      ],
      ports: [{ port: 'http', protocol: 'TCP' }],
    });
    expect(out2.get('staging/shop/networkpolicy-shop.yaml').spec.egress).toHaveLength(2);
  });

  it('admits the named client apps', () => {
    const out2 = render(
      project([webApp({ allowedClients: ['mailer'] }), workerApp()], [cluster('staging', { shop: {}, mailer: {} })]),
    );
    expect(out2.get('staging/shop/networkpolicy-shop.yaml').spec.ingress).toContainEqual({
      from: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'mailer' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'mailer' } },
        },
      ],
      ports: [{ port: 'http', protocol: 'TCP' }],
    });
  });
});

describe('worker', () => {
  const out = render(project([workerApp({ replicas: 1 })], [cluster('staging', { mailer: {} })]));

  it('runs a Deployment with fixed replicas and no Service, autoscaler, budget or ingress', () => {
    const files = [...out.keys()].filter((path) => path.startsWith('staging/mailer/'));
    expect(files.map((path) => path.split('/')[2]).sort()).toEqual([
      'deployment-mailer.yaml',
      'namespace-mailer.yaml',
      'networkpolicy-default-deny.yaml',
      'networkpolicy-mailer.yaml',
      'serviceaccount-mailer.yaml',
    ]);
    expect(out.get('staging/mailer/deployment-mailer.yaml').spec.replicas).toBe(1);
  });
});

describe('cron job', () => {
  const out = render(project([cronApp({ args: ['run'] })], [cluster('staging', { nightly: {} })]));
  const cronJob = out.get('staging/nightly/cronjob-nightly.yaml');

  it('runs on its schedule in UTC without overlapping runs', () => {
    expect(cronJob.apiVersion).toBe('batch/v1');
    expect(cronJob.spec).toMatchObject({
      schedule: '0 3 * * *',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      suspend: false,
      jobTemplate: { spec: { backoffLimit: 2, ttlSecondsAfterFinished: 86400 } },
    });
  });

  it('runs a restricted pod once, with no probes', () => {
    const pod = cronJob.spec.jobTemplate.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.containers[0].args).toEqual(['run']);
    expect(pod.containers[0].livenessProbe).toBeUndefined();
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
  });

  it('has no Deployment, Service or disruption budget', () => {
    const files = [...out.keys()].filter((path) => path.startsWith('staging/nightly/'));
    expect(files.filter((path) => /deployment|service-|poddisruption/.test(path))).toEqual([]);
  });
});

describe('a new release', () => {
  it('changes only the workload, so promotion diffs show the image and nothing else', () => {
    const before = render(
      project([webApp()], [cluster('staging', { shop: {} })], { staging: { shop: { tag: '1.0.0', digest: DIGEST } } }),
    );
    const after = render(
      project([webApp()], [cluster('staging', { shop: {} })], { staging: { shop: { tag: '1.1.0', digest: DIGEST } } }),
    );
    const changed = [...after.keys()].filter(
      (path) => JSON.stringify(after.get(path)) !== JSON.stringify(before.get(path)),
    );
    expect(changed).toEqual(['staging/shop/deployment-shop.yaml']);
    const deployment = after.get('staging/shop/deployment-shop.yaml');
    expect(deployment.metadata.labels['app.kubernetes.io/version']).toBe('1.1.0');
    expect(deployment.spec.template.metadata.labels['app.kubernetes.io/version']).toBe('1.1.0');
    expect(after.get('staging/shop/service-shop.yaml').metadata.labels['app.kubernetes.io/version']).toBeUndefined();
  });
});
