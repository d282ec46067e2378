import { annotationSyntax, labelSyntax } from './api/labels-annotations';
import { configData } from './api/config-data';
import { envVars } from './api/env-vars';
import { objectNames } from './api/object-names';
import { ports } from './api/ports';
import { resourceRequirements } from './api/resource-requirements';
import { securityContext } from './api/security-context';
import { selectorTemplate } from './api/selector-template';
import { serviceSpec } from './api/service-spec';
import { volumeMounts } from './api/volume-mounts';
import { defaultDenyNetpol } from './policies/default-deny-netpol';
import { imagePinning } from './policies/image-pinning';
import { noCredentialLiterals } from './policies/no-credential-literals';
import { noSecretData } from './policies/no-secret-data';
import { pdb } from './policies/pdb';
import { probes } from './policies/probes';
import { pssNamespaceLevel } from './policies/pss/namespace-level';
import { PSS_RULES } from './policies/pss/pss-rules';
import { recommendedLabels } from './policies/recommended-labels';
import { resources } from './policies/resources';
import { serviceIgnoredFields } from './policies/service-ignored-fields';
import { argocdPath } from './references/argocd-path';
import { duplicateObjects } from './references/duplicate-objects';
import { podDependencies } from './references/pod-dependencies';
import { probePorts } from './references/probe-ports';
import { ingressBackend } from './references/ingress-backend';
import { meshPrincipals } from './references/mesh-principals';
import { namespaceExists } from './references/namespace-exists';
import { scaleTarget } from './references/scale-target';
import { secretStore } from './references/secret-store';
import { serviceMonitor } from './references/service-monitor';
import { serviceSelector } from './references/service-selector';
import type { Rule } from './rule';

/** Every API-server rule, policy (waivable per resource) and cross-reference check, in the order they report. */
export const ALL_RULES: readonly Rule[] = [
  objectNames,
  labelSyntax,
  annotationSyntax,
  selectorTemplate,
  ports,
  serviceSpec,
  securityContext,
  resourceRequirements,
  volumeMounts,
  envVars,
  configData,
  ...PSS_RULES,
  pssNamespaceLevel,
  resources,
  probes,
  pdb,
  defaultDenyNetpol,
  imagePinning,
  noSecretData,
  noCredentialLiterals,
  recommendedLabels,
  serviceIgnoredFields,
  serviceSelector,
  podDependencies,
  probePorts,
  duplicateObjects,
  ingressBackend,
  scaleTarget,
  meshPrincipals,
  secretStore,
  serviceMonitor,
  namespaceExists,
  argocdPath,
];
