import { argocdUnits } from '../argocd/provider';
import { appUnits } from './app-units';
import { platformUnits } from './platform-units';
import type { UnitProvider } from './output-unit';

/** Everything a cluster's output is made of, in order. Platform components and Argo CD wiring add here. */
export const UNIT_PROVIDERS: readonly UnitProvider[] = [
  appUnits,
  platformUnits,
  // Last: it wires every earlier unit into an Argo CD Application.
  argocdUnits,
];
