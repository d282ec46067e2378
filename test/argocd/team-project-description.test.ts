import { describe, expect, it } from 'vitest';
import { APP_PROJECT_DESCRIPTION_MAX, teamProjectDescription } from '../../lib/argocd/wiring';

describe('the AppProject description of a team', () => {
  it('lists the apps of a small team', () => {
    expect(teamProjectDescription('edge', ['gateway', 'worker'])).toBe('Apps of team edge: gateway, worker.');
  });

  it('stays within the 255 characters Argo CD accepts for a team of many apps, saying how many are not named', () => {
    const apps = Array.from({ length: 40 }, (_, index) => `service-number-${String(index).padStart(2, '0')}`);
    const description = teamProjectDescription('storefront', apps);
    expect(description.length).toBeLessThanOrEqual(APP_PROJECT_DESCRIPTION_MAX);
    expect(description).toMatch(/^Apps of team storefront \(40\): service-number-00, .*, and \d+ more\.$/);
    const shown = description.split(': ')[1]!.split(', ').length - 1;
    expect(description).toContain(`and ${40 - shown} more.`);
  });
});
