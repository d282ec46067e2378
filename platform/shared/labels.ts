import type { PlatformComponent } from '../../lib/model/platform-settings';
import { PLATFORM_TEAM } from '../../lib/naming';

/** The team that owns every platform component (defined with the AWS names: infra tags with it too). */
export { PLATFORM_TEAM };

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
