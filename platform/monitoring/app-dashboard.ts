import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import type { ResolvedApp } from '../../lib/model/resolved-app';
import { appLabels } from '../../lib/render/labels';
import { appDashboard } from './dashboard';

/** Grafana's dashboard sidecar loads every ConfigMap with this label, in every namespace. */
export const DASHBOARD_LABEL = 'grafana_dashboard';
/** The sidecar puts the dashboard in the Grafana folder named by this annotation: the owning team. */
export const DASHBOARD_FOLDER_ANNOTATION = 'grafana_folder';

export interface AppDashboardProps {
  readonly app: ResolvedApp;
}

/** The app's dashboard as JSON in a ConfigMap `<app>-dashboard` of its namespace. */
export class AppDashboard extends Construct {
  constructor(scope: Construct, id: string, props: AppDashboardProps) {
    super(scope, id);
    const { app } = props;
    new k8s.KubeConfigMap(this, 'dashboard', {
      metadata: {
        name: `${app.name}-dashboard`,
        namespace: app.name,
        labels: { ...appLabels(app), [DASHBOARD_LABEL]: '1' },
        annotations: { [DASHBOARD_FOLDER_ANNOTATION]: app.team },
      },
      data: { [`${app.name}.json`]: `${JSON.stringify(appDashboard(app), null, 2)}\n` },
    });
  }
}
