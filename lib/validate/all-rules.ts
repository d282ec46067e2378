import { defaultDenyNetpol } from './policies/default-deny-netpol';
import { imagePinning } from './policies/image-pinning';
import { noCredentialLiterals } from './policies/no-credential-literals';
import { noSecretData } from './policies/no-secret-data';
import { pdb } from './policies/pdb';
import { probes } from './policies/probes';
import { pssRestricted } from './policies/pss-restricted';
import { recommendedLabels } from './policies/recommended-labels';
import { resources } from './policies/resources';
import { argocdPath } from './references/argocd-path';
import { ingressBackend } from './references/ingress-backend';
import { namespaceExists } from './references/namespace-exists';
import { scaleTarget } from './references/scale-target';
import { secretStore } from './references/secret-store';
import { serviceMonitor } from './references/service-monitor';
import { serviceSelector } from './references/service-selector';
import type { Rule } from './rule';

/** Every policy (waivable per resource) and cross-reference check, in the order they report. */
export const ALL_RULES: readonly Rule[] = [
  pssRestricted,
  resources,
  probes,
  pdb,
  defaultDenyNetpol,
  imagePinning,
  noSecretData,
  noCredentialLiterals,
  recommendedLabels,
  serviceSelector,
  ingressBackend,
  scaleTarget,
  secretStore,
  serviceMonitor,
  namespaceExists,
  argocdPath,
];
