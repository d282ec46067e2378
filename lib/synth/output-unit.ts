import type { Construct } from 'constructs';
import type { ResolvedCluster } from '../model/resolved-app';

/**
 * One folder of generated output, `generated/<cluster>/<folder>/`, which Argo CD syncs as one Application.
 * Apps and platform components are units; each adds its objects to the scope it is given.
 */
export interface OutputUnit {
  /** DNS-1123 label: the folder name and the Argo CD Application name. */
  readonly folder: string;
  /** Files a reader edits to change this output (named in every generated file's header). */
  readonly sources: readonly string[];
  /** Namespace Argo CD deploys the unit into. */
  readonly namespace: string;
  /** Platform components come before apps; Argo CD projects are per team for apps. */
  readonly category: UnitCategory;
  /** Owning team (apps) or 'platform'. */
  readonly team: string;
  /**
   * Argo CD sync wave of the unit's Application: controllers and their CRDs before what uses them.
   * @default 0 for apps, -10 for platform components (see lib/argocd/defaults.ts)
   */
  readonly syncWave?: number;
  /**
   * The unit may stay unhealthy without holding anything up: its values are set by a person later (alert
   * receivers). Its Application reports its real health, but counts as Healthy for the root's sync waves.
   * @default false
   */
  readonly optional?: boolean;
  /** Adds the unit's Kubernetes objects to the scope. */
  readonly render: (scope: Construct) => void;
}

export enum UnitCategory {
  PLATFORM = 'platform',
  APP = 'app',
}

/**
 * Produces the units of one cluster. Providers run in order and see the units produced before them, so
 * a provider that wires other units (Argo CD) can come last.
 */
export type UnitProvider = (cluster: ResolvedCluster, earlier: readonly OutputUnit[]) => readonly OutputUnit[];
