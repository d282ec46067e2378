import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommitStatusState } from '../../lib/argocd/notifications';
import { ConfigError } from '../../lib/errors';
import { BakeVerdict, bakeResult } from '../../lib/promotion/bake';
import { type CommitStatus, parseCommitStatuses } from '../../lib/promotion/commit-statuses';

const FIXTURE = join(import.meta.dirname, '../fixtures/promotion/statuses-pages.json');
const CONTEXT = 'argocd/staging/shop';

function status(state: CommitStatusState, at: string, context = CONTEXT): CommitStatus {
  return { context, state, createdAt: new Date(at) };
}

describe('commit statuses as gh api writes them', () => {
  it('reads pages of `--paginate --slurp`, keeping every status with its time', () => {
    const statuses = parseCommitStatuses(readFileSync(FIXTURE, 'utf8'), 'statuses.json');
    expect(statuses.map((entry) => [entry.context, entry.state, entry.createdAt.toISOString()])).toEqual([
      [CONTEXT, 'success', '2026-12-01T10:40:00.000Z'],
      [CONTEXT, 'failure', '2026-12-01T10:20:00.000Z'],
      [CONTEXT, 'success', '2026-12-01T10:00:00.000Z'],
      ['ci/check', 'success', '2026-12-01T09:50:00.000Z'],
    ]);
  });

  it('refuses what is not the statuses array, naming the file and the entry', () => {
    expect(() => parseCommitStatuses('{"state":"success"}', 's.json')).toThrow(
      's.json: expected the JSON array GitHub returns for GET /repos/{owner}/{repo}/commits/{sha}/statuses (or an array of its pages)',
    );
    expect(() =>
      parseCommitStatuses('[{"context":"a","state":"green","created_at":"2026-12-01T10:00:00Z"}]', 's.json'),
    ).toThrow('s.json[0]: state: "green" is not one of success, failure, error, pending');
    expect(() => parseCommitStatuses('[{"context":"a","state":"success","created_at":"yesterday"}]', 's.json')).toThrow(
      's.json[0]: created_at: "yesterday" is not an ISO 8601 time',
    );
    expect(() => parseCommitStatuses('not json', 's.json')).toThrow(ConfigError);
  });
});

describe('bake time of one Application', () => {
  const statuses = parseCommitStatuses(readFileSync(FIXTURE, 'utf8'), 'statuses.json');

  it('counts from the first success after the last failure: a degradation restarts the clock', () => {
    const result = bakeResult('shop', CONTEXT, statuses, new Date('2026-12-01T11:10:00Z'), 30);
    expect(result).toMatchObject({ verdict: BakeVerdict.BAKED, healthyMinutes: 30 });
    expect(result.healthySince?.toISOString()).toBe('2026-12-01T10:40:00.000Z');
    expect(bakeResult('shop', CONTEXT, statuses, new Date('2026-12-01T11:09:59Z'), 30)).toMatchObject({
      verdict: BakeVerdict.BAKING,
      healthyMinutes: 29,
    });
  });

  it('judges at --now: statuses posted later do not count yet', () => {
    expect(bakeResult('shop', CONTEXT, statuses, new Date('2026-12-01T10:30:00Z'), 30)).toMatchObject({
      verdict: BakeVerdict.DEGRADED,
    });
    expect(bakeResult('shop', CONTEXT, statuses, new Date('2026-12-01T10:19:00Z'), 10)).toMatchObject({
      verdict: BakeVerdict.BAKED,
      healthyMinutes: 19,
    });
  });

  it('a success run of several statuses counts from its first', () => {
    const run = [
      status(CommitStatusState.SUCCESS, '2026-12-01T10:00:00Z'),
      status(CommitStatusState.SUCCESS, '2026-12-01T10:25:00Z'),
    ];
    expect(bakeResult('shop', CONTEXT, run, new Date('2026-12-01T10:30:00Z'), 30)).toMatchObject({
      verdict: BakeVerdict.BAKED,
      healthyMinutes: 30,
    });
  });

  it.each([
    [CommitStatusState.FAILURE, BakeVerdict.DEGRADED],
    [CommitStatusState.ERROR, BakeVerdict.SYNC_FAILED],
    [CommitStatusState.PENDING, BakeVerdict.PENDING],
  ])('a latest status %s is %s, however long the success before it', (state, verdict) => {
    const history = [status(CommitStatusState.SUCCESS, '2026-12-01T08:00:00Z'), status(state, '2026-12-01T10:00:00Z')];
    expect(bakeResult('shop', CONTEXT, history, new Date('2026-12-01T12:00:00Z'), 30).verdict).toBe(verdict);
  });

  it('is never reported without a status of its own context', () => {
    const other = [status(CommitStatusState.SUCCESS, '2026-12-01T08:00:00Z', 'argocd/production/shop')];
    expect(bakeResult('shop', CONTEXT, other, new Date('2026-12-01T12:00:00Z'), 30)).toEqual({
      application: 'shop',
      context: CONTEXT,
      verdict: BakeVerdict.NEVER_REPORTED,
    });
  });
});
