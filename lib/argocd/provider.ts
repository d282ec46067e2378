import { ApiObject } from 'cdk8s';
import { type UnitProvider, UnitCategory } from '../synth/output-unit';
import { ARGOCD_DEFAULTS, ARGOCD_FOLDER, PLATFORM_PROJECT } from './defaults';
import { resolveArgoCdSettings } from './settings';
import { argoCdObjects } from './wiring';

/** Where the Argo CD defaults live: named in the header of every generated Argo CD file. */
export const ARGOCD_DEFAULTS_FILE = 'lib/argocd/defaults.ts';

/**
 * The Argo CD wiring of a cluster, as one unit in `generated/<cluster>/argocd/`. It must be the last
 * provider: it turns every earlier unit into an Application.
 */
export const argocdUnits: UnitProvider = (cluster, earlier) => {
  const settings = resolveArgoCdSettings(cluster.definition, cluster.file);
  const objects = argoCdObjects(cluster, earlier, settings);
  return [
    {
      folder: ARGOCD_FOLDER,
      namespace: ARGOCD_DEFAULTS.namespace,
      category: UnitCategory.PLATFORM,
      team: PLATFORM_PROJECT,
      sources: [cluster.file, ARGOCD_DEFAULTS_FILE],
      render: (scope) => {
        for (const object of objects) {
          const name = (object.metadata as { name: string }).name;
          new ApiObject(scope, `${object.kind}-${name}`, object);
        }
      },
    },
  ];
};
