import { serviceCalls } from '../model/service-calls';
import { AppResources } from '../render/app-resources';
import { UnitCategory, type UnitProvider } from './output-unit';

/** One unit per app enabled in the cluster, in the app's own folder and namespace. */
export const appUnits: UnitProvider = (cluster) => {
  const calls = serviceCalls(cluster.apps);
  return cluster.apps.map((app) => ({
    folder: app.name,
    namespace: app.name,
    category: UnitCategory.APP,
    team: app.team,
    sources: app.sources,
    render: (scope) => new AppResources(scope, app.name, { app, cluster: cluster.definition, calls }),
  }));
};
