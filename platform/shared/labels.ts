import type { PlatformComponent } from '../../lib/model/platform-settings';

/** The team that owns every platform component. */
export const PLATFORM_TEAM = 'platform';

/** Labels on every object a platform component owns. */
export function platformLabels(component: PlatformComponent): Record<string, string> {
  return {
    'app.kubernetes.io/name': component,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': PLATFORM_TEAM,
    'app.kubernetes.io/managed-by': 'cdk8s',
    team: PLATFORM_TEAM,
  };
}
