import { describe, expect, it } from 'vitest';
import { CERT_MANAGER_NAMESPACE } from '../../../platform/cluster-addons/cluster-addons-stack';
import { productionCluster, render, stagingCluster } from '../fixtures';

describe('cluster add-ons', () => {
  it('makes an encrypted gp3 StorageClass on the EBS CSI driver the default, bound when the pod is scheduled', () => {
    expect(render(stagingCluster(), []).object('cluster-addons/storageclass-gp3.yaml')).toEqual(
      expect.objectContaining({
        metadata: expect.objectContaining({ annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
        provisioner: 'ebs.csi.aws.com',
        parameters: expect.objectContaining({ type: 'gp3', encrypted: 'true' }),
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
      }),
    );
  });

  it('installs cert-manager with its CRDs (kept on uninstall) and metrics-server, before the ingress unit', () => {
    const rendered = render(productionCluster(), []);
    const certManager = rendered.object('cluster-addons/application-helm-cert-manager.yaml') as {
      spec: { destination: { namespace: string }; source: { helm: { valuesObject: Record<string, unknown> } } };
    };
    expect(certManager.spec.destination.namespace).toBe(CERT_MANAGER_NAMESPACE);
    expect(certManager.spec.source.helm.valuesObject).toMatchObject({
      crds: { enabled: true, keep: true },
      replicaCount: 2,
    });
    expect(rendered.has('cluster-addons/application-helm-metrics-server.yaml')).toBe(true);
    const alb = rendered.object('ingress/application-helm-aws-load-balancer-controller.yaml') as {
      spec: { source: { helm: { valuesObject: Record<string, unknown> } } };
    };
    expect(alb.spec.source.helm.valuesObject.enableCertManager).toBe(true);
  });
});
