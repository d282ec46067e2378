import { describe, expect, it } from 'vitest';
import { resolveProject } from '../../lib/project/resolve';
import { cluster, cronApp, DIGEST, errorOf, project, render, webApp, workerApp } from '../support/project';

describe('per-cluster overrides', () => {
  const out = render(
    project(
      [
        webApp({
          replicas: 2,
          resources: { cpuRequestMilli: 200, memoryLimitMi: 512 },
          config: { LEVEL: 'info', MODE: 'a' },
        }),
      ],
      [
        cluster('staging', { shop: {} }),
        cluster('production', {
          shop: {
            autoscaling: { minReplicas: 3, maxReplicas: 9 },
            resources: { memoryLimitMi: 1024 },
            config: { LEVEL: 'warn' },
          },
        }),
      ],
    ),
  );

  it('keeps the app spec where the cluster says nothing', () => {
    const deployment = out.get('staging/shop/deployment-shop.yaml');
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.containers[0].resources.limits.memory).toBe('512Mi');
    expect(out.has('staging/shop/horizontalpodautoscaler-shop.yaml')).toBe(false);
  });

  it('merges maps key by key and lets autoscaling replace fixed replicas', () => {
    const deployment = out.get('production/shop/deployment-shop.yaml');
    expect(deployment.spec.replicas).toBeUndefined();
    expect(deployment.spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '200m', memory: '128Mi' },
      limits: { memory: '1024Mi' },
    });
    expect(out.get('production/shop/configmap-shop-config.yaml').data).toEqual({ LEVEL: 'warn', MODE: 'a' });
    expect(out.get('production/shop/horizontalpodautoscaler-shop.yaml').spec.minReplicas).toBe(3);
  });

  it('renders an app only in the clusters that enable it', () => {
    const only = render(
      project(
        [webApp(), workerApp()],
        [cluster('staging', { shop: {} }), cluster('production', { shop: {}, mailer: {} })],
      ),
    );
    expect([...only.keys()].some((path) => path.startsWith('staging/mailer/'))).toBe(false);
    expect(only.has('production/mailer/deployment-mailer.yaml')).toBe(true);
  });

  it('uses the tag alone when the pin has no digest', () => {
    const out2 = render(
      project([webApp()], [cluster('staging', { shop: {} })], { staging: { shop: { tag: '2.0.0' } } }),
    );
    expect(out2.get('staging/shop/deployment-shop.yaml').spec.template.spec.containers[0].image).toBe(
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:2.0.0',
    );
  });
});

describe('bad input is refused with the file, cluster, app and field', () => {
  const staging = (apps = { shop: {} }) => cluster('staging', apps);
  const fails = (input: ReturnType<typeof project>) => errorOf(() => resolveProject(input));

  it('fails on an unknown app in a cluster', () => {
    expect(fails(project([webApp()], [staging({ shop: {}, shpo: {} } as never)]))).toBe(
      'clusters/staging.ts: cluster "staging", app "shpo": apps.shpo: unknown app (did you mean "shop"?); known apps: shop (each is a folder apps/<name>/)',
    );
  });

  it('fails on an unknown cluster', () => {
    expect(errorOf(() => resolveProject(project([webApp()], [staging()]), { clusters: ['prod'] }))).toBe(
      'cluster "prod": unknown cluster; known clusters: staging (each is a file clusters/<name>.ts)',
    );
  });

  it('fails on a gated cluster that promotes from itself or from an unknown cluster', () => {
    const gated = (from: string) =>
      errorOf(() =>
        resolveProject(project([webApp()], [staging(), cluster('production', { shop: {} }, { promotion: { from } })])),
      );
    expect(gated('production')).toContain(
      'clusters/production.ts: cluster "production": promotion.from: "production" must name another cluster to promote from; known clusters: production, staging',
    );
    expect(gated('qa')).toContain(
      'clusters/production.ts: cluster "production": promotion.from: "qa" must name another cluster to promote from; known clusters: production, staging',
    );
  });

  it("fails on a backup copy region that is malformed or the cluster's own", () => {
    const copyTo = (backupCopyRegion: string) =>
      fails(project([webApp()], [cluster('staging', { shop: {} }, { backupCopyRegion })]));
    expect(copyTo('Frankfurt')).toBe(
      'clusters/staging.ts: cluster "staging": backupCopyRegion: "Frankfurt" is not an AWS region (for example "eu-west-1")',
    );
    expect(copyTo('eu-west-1')).toBe(
      `clusters/staging.ts: cluster "staging": backupCopyRegion: backup copies must leave the cluster's region: eu-west-1 is the cluster's own region; expected another region (e.g. eu-central-1)`,
    );
  });

  it('fails on duplicate app names', () => {
    const input = project([webApp(), webApp()], [staging()]);
    expect(fails(input)).toContain(
      'apps/shop/index.ts: app "shop": name: duplicate app name: apps/shop/index.ts already defines "shop"',
    );
  });

  it('fails on a name that is not a DNS-1123 label', () => {
    const input = project([webApp({ name: 'Shop_API' })], [cluster('staging', {})]);
    expect(fails(input)).toContain(
      'apps/Shop_API/index.ts: app "Shop_API": name: "Shop_API" is not a valid DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters (for example "checkout-api")',
    );
  });

  it('fails on a port out of range', () => {
    expect(fails(project([webApp({ ports: [{ name: 'http', port: 70000 }] })], [staging()]))).toBe(
      'apps/shop/index.ts: app "shop": ports[0].port: 70000 is out of range: a port is an integer from 1 to 65535',
    );
  });

  it('fails on a duplicated port', () => {
    const ports = [
      { name: 'http', port: 8080 },
      { name: 'admin', port: 8080 },
    ];
    expect(fails(project([webApp({ ports })], [staging()]))).toBe(
      'apps/shop/index.ts: app "shop": ports[1].port: port 8080 is used twice',
    );
  });

  it('fails when requests exceed limits, naming the cluster file when the override causes it', () => {
    const input = project(
      [webApp({ resources: { memoryRequestMi: 256, memoryLimitMi: 512 } })],
      [staging({ shop: { resources: { memoryLimitMi: 128 } } })],
    );
    expect(fails(input)).toBe(
      'clusters/staging.ts: cluster "staging", app "shop": apps.shop.resources.memoryRequestMi: request (256Mi) must not exceed the limit memoryLimitMi (128Mi)',
    );
  });

  it('fails when min replicas exceed max', () => {
    const input = project([webApp()], [staging({ shop: { autoscaling: { minReplicas: 5, maxReplicas: 3 } } })]);
    expect(fails(input)).toBe(
      'clusters/staging.ts: cluster "staging", app "shop": apps.shop.autoscaling.minReplicas: minReplicas (5) must not exceed maxReplicas (3)',
    );
  });

  it('fails on the tag "latest" in a pin file', async () => {
    const { parseReleasePins } = await import('../../lib/model/release-pins');
    expect(
      errorOf(() => parseReleasePins('apps:\n  shop:\n    tag: latest\n', 'clusters/staging.releases.yaml', 'staging')),
    ).toBe(
      'clusters/staging.releases.yaml: cluster "staging", app "shop": apps.shop.tag: tag "latest" is not a release: pin an immutable version such as "1.4.2"',
    );
  });

  it('fails on a missing pin', () => {
    expect(fails(project([webApp()], [staging()], { staging: {} }))).toBe(
      'clusters/staging.releases.yaml: cluster "staging", app "shop": apps.shop: no release pin; set one with: npm run release -- --cluster staging --app shop --tag <tag> --digest sha256:<digest>',
    );
  });

  it('fails on a production pin without a digest', () => {
    const input = project([webApp()], [cluster('production', { shop: {} })], {
      production: { shop: { tag: '1.2.3' } },
    });
    expect(fails(input)).toBe(
      'clusters/production.releases.yaml: cluster "production", app "shop": apps.shop.digest: cluster "production" runs images by digest only; pin "1.2.3" has none (promote it from staging, which carries the digest)',
    );
  });

  describe('two apps claiming the same host and path in one cluster', () => {
    const claimants = () =>
      project(
        [
          webApp({ ingress: { host: 'shop' } }),
          webApp({ name: 'shop2', imageRepository: 'shop2', ingress: { host: 'shop.staging.example.org' } }),
        ],
        [staging({ shop: {}, shop2: {} } as never)],
      );

    it('blames the later app in code-point order when git cannot tell which is new, naming both', () => {
      expect(fails(claimants())).toContain(
        'apps/shop2/index.ts: cluster "staging", app "shop2": ingress.host: host and path "shop.staging.example.org/" are already claimed by app "shop" (apps/shop/index.ts) in this cluster; give each app its own host or path',
      );
    });

    it('blames the app whose file changed since the last commit, even when it comes first', () => {
      const changed = { ...claimants(), isChanged: (file: string) => file === 'apps/shop/index.ts' };
      expect(fails(changed)).toContain(
        'apps/shop/index.ts: cluster "staging", app "shop": ingress.host: host and path "shop.staging.example.org/" are already claimed by app "shop2" (apps/shop2/index.ts) in this cluster; give each app its own host or path',
      );
    });

    it('points at the cluster file when the cluster sets the host', () => {
      const input = project(
        [
          webApp({ ingress: { host: 'shop' } }),
          webApp({ name: 'shop2', imageRepository: 'shop2', ingress: { host: 'other' } }),
        ],
        [staging({ shop: {}, shop2: { ingress: { host: 'shop' } } } as never)],
      );
      expect(fails(input)).toContain(
        'clusters/staging.ts: cluster "staging", app "shop2": apps.shop2.ingress.host: host and path "shop.staging.example.org/" are already claimed by app "shop" (apps/shop/index.ts) in this cluster',
      );
    });
  });

  it('reports every problem at once', () => {
    const input = project([webApp({ team: 'Edge', ports: [{ name: 'http', port: 0 }] })], [staging()]);
    const message = fails(input);
    expect(message.split('\n')).toEqual([
      'apps/shop/index.ts: app "shop": team: "Edge" is not a valid DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters (for example "checkout-api")',
      'apps/shop/index.ts: app "shop": ports[0].port: 0 is out of range: a port is an integer from 1 to 65535',
    ]);
  });

  it('fails on overrides that do not apply to the kind of app', () => {
    expect(fails(project([cronApp()], [cluster('staging', { nightly: { replicas: 3 } })]))).toBe(
      'clusters/staging.ts: cluster "staging", app "nightly": apps.nightly.replicas: a cron job runs one pod per run; remove it',
    );
    expect(fails(project([webApp()], [staging({ shop: { schedule: '* * * * *' } })]))).toBe(
      'clusters/staging.ts: cluster "staging", app "shop": apps.shop.schedule: only cron jobs have a schedule; this app is a web-service',
    );
  });

  it('fails on an invalid cron schedule', () => {
    expect(fails(project([cronApp({ schedule: '61 * * * *' })], [cluster('staging', { nightly: {} })]))).toBe(
      'apps/nightly/index.ts: app "nightly": schedule: "61 * * * *" is not a cron expression: field 1 ("61") must use numbers within 0-59; expected five fields "minute hour day-of-month month day-of-week" (for example "30 2 * * *" or "0 9 * * MON-FRI") or a macro (@hourly, @daily, @weekly, @monthly, @yearly)',
    );
  });

  it('fails on an image repository that carries a tag', () => {
    expect(fails(project([webApp({ imageRepository: 'shop:1.0' })], [staging()]))).toBe(
      'apps/shop/index.ts: app "shop": imageRepository: "shop:1.0" must not carry a tag or digest: those come from the cluster\'s release pins (clusters/<cluster>.releases.yaml)',
    );
  });

  it('fails on a probe naming a port that does not exist', () => {
    const probes = { liveness: { path: '/healthz', port: 'admin' }, readiness: { path: '/readyz' } };
    expect(fails(project([webApp({ probes })], [staging()]))).toBe(
      'apps/shop/index.ts: app "shop": probes.liveness.port: no port named "admin"; the app\'s ports are: http',
    );
  });

  it('reports one error with a hint for a misspelled override, and suggests the app meant', () => {
    const input = project(
      [webApp()],
      [staging({ shop: { autoscalling: { minReplicas: 1, maxReplicas: 2 } } } as never)],
    );
    expect(fails(input)).toBe(
      'clusters/staging.ts: cluster "staging", app "shop": apps.shop.autoscalling: cannot be overridden per cluster (did you mean "autoscaling"?); overridable fields: alerts, args, autoscaling, command, config, delivery, dependencies, ingress, mesh, nodePool, probes, replicas, resources, schedule, smoke, suspend',
    );
    expect(fails(project([webApp()], [staging({ shpo: {} } as never)]))).toContain(
      'unknown app (did you mean "shop"?)',
    );
    expect(fails(project([webApp({ replica: 3 } as never)], [staging()]))).toContain(
      'apps/shop/index.ts: app "shop": replica: unknown field (did you mean "replicas"?)',
    );
  });

  it('fails on a field a cluster cannot override', () => {
    expect(fails(project([webApp()], [staging({ shop: { team: 'other' } as never })]))).toContain(
      'clusters/staging.ts: cluster "staging", app "shop": apps.shop.team: cannot be overridden per cluster',
    );
  });

  it('accepts a valid project and pins by digest', () => {
    const [resolved] = resolveProject(project([webApp()], [staging()]));
    expect(resolved!.apps[0]!.image).toBe(`123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:1.0.0@${DIGEST}`);
  });
});

describe('secret references', () => {
  it("refuses to read another app's or the platform's secret", () => {
    const input = project(
      [
        webApp({
          secrets: {
            TOKEN: { property: 'token', key: 'staging/apps/billing' },
            ADMIN: { property: 'admin-password', key: 'staging/platform/grafana' },
          },
        }),
      ],
      [cluster('staging', { shop: {} }, { platform: { externalSecrets: { replicas: 1 } } })],
    );
    expect(errorOf(() => resolveProject(input)).split('\n')).toEqual([
      'apps/shop/index.ts: cluster "staging", app "shop": secrets.TOKEN.key: "staging/apps/billing" belongs to another app or to the platform; an app reads its own secret "staging/apps/shop" (leave key out) or a shared one outside staging/apps/* and staging/platform/*',
      'apps/shop/index.ts: cluster "staging", app "shop": secrets.ADMIN.key: "staging/platform/grafana" belongs to another app or to the platform; an app reads its own secret "staging/apps/shop" (leave key out) or a shared one outside staging/apps/* and staging/platform/*',
    ]);
  });

  it('reads its own secret by default and shared secrets by name', () => {
    const input = project(
      [
        webApp({
          secrets: { DB_URL: { property: 'url' }, PARTNER: { property: 'token', key: 'staging/shared/partner-api' } },
        }),
      ],
      [cluster('staging', { shop: {} }, { platform: { externalSecrets: { replicas: 1 } } })],
    );
    expect(resolveProject(input)[0]!.apps[0]!.secrets).toEqual({
      DB_URL: { key: 'staging/apps/shop', property: 'url' },
      PARTNER: { key: 'staging/shared/partner-api', property: 'token' },
    });
  });
});
