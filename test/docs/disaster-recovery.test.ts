import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../lib/model/defaults';
import { backupIntervalMinutes } from '../../lib/model/backup-schedule';
import { backupRuleGroups } from '../../platform/backup/backup-rules';
import { RESTORE_DRILL, RESTORE_DRILL_CANARY, RESTORE_DRILL_NAMESPACE } from '../../platform/backup/restore-drill';
import { backupSchedules } from '../../platform/backup/schedules';
import { REPO_ROOT } from '../support/repo-copy';

const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');
const doc = read('docs/disaster-recovery.md');

describe('docs/disaster-recovery.md', () => {
  it('is linked from the platform reference and the runbooks', () => {
    for (const file of ['docs/platform.md', 'docs/runbooks.md']) expect(read(file)).toContain('(disaster-recovery.md)');
  });

  it('states the default RPOs and schedule intervals the code uses', () => {
    expect(doc).toContain(`${DEFAULTS.backupResourcesRpoMinutes} min (\`platform.backup.resourcesRpoMinutes\`)`);
    expect(doc).toContain(`${DEFAULTS.backupVolumesRpoMinutes / 60} h (\`volumesRpoMinutes\`)`);
    expect(doc).toContain(`every ${backupIntervalMinutes(DEFAULTS.backupResourcesRpoMinutes)} min`);
    expect(doc).toContain(`every ${backupIntervalMinutes(DEFAULTS.backupVolumesRpoMinutes) / 60} h`);
    for (const schedule of backupSchedules({})) expect(doc).toContain(`\`${schedule.name}\``);
  });

  it('names the drill objects as they are rendered', () => {
    for (const name of [`velero/${RESTORE_DRILL}`, `velero/${RESTORE_DRILL_CANARY}`, `\`${RESTORE_DRILL_NAMESPACE}\``])
      expect(doc).toContain(name);
  });
});

describe('docs/runbooks.md', () => {
  it('has a section for every backup alert', () => {
    const runbooks = read('docs/runbooks.md');
    const alerts = new Set(
      backupRuleGroups(backupSchedules({}), true, true).flatMap((group) =>
        group.rules.flatMap((rule) => ('alert' in rule ? [rule.alert] : [])),
      ),
    );
    expect([...alerts].filter((alert) => !runbooks.includes(`\n## ${alert}\n`))).toEqual([]);
    expect(alerts.size).toBe(3);
  });
});
