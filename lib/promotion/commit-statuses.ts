import { ConfigError } from '../errors';
import { CommitStatusState } from '../argocd/notifications';

/** One commit status, the fields of GitHub's `GET /repos/{o}/{r}/commits/{sha}/statuses` the gate reads. */
export interface CommitStatus {
  readonly context: string;
  readonly state: CommitStatusState;
  /** When the status was posted. */
  readonly createdAt: Date;
  readonly targetUrl?: string;
  readonly description?: string;
  /** The API URL of the status, `.../statuses/<sha>`: names the commit the status is on. */
  readonly url?: string;
}

const STATES = Object.values(CommitStatusState) as string[];

/**
 * The statuses in a file written by `gh api repos/{o}/{r}/commits/{sha}/statuses` (one array), or with
 * `--paginate --slurp` (an array of pages). Anything else is refused, naming the file and the entry.
 */
export function parseCommitStatuses(text: string, file: string): CommitStatus[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      { file },
      `not JSON (${(error as Error).message}); write it with gh api repos/{owner}/{repo}/commits/{sha}/statuses`,
    );
  }
  if (!Array.isArray(data)) {
    throw new ConfigError(
      { file },
      'expected the JSON array GitHub returns for GET /repos/{owner}/{repo}/commits/{sha}/statuses (or an array of its pages)',
    );
  }
  const entries: unknown[] = data.every((page) => Array.isArray(page)) ? data.flat() : data;
  return entries.map((entry, index) => statusOf(entry, `${file}[${index}]`));
}

function statusOf(entry: unknown, at: string): CommitStatus {
  const object = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
  const { context, state, created_at: createdAt } = object;
  if (typeof context !== 'string' || context === '') {
    throw new ConfigError({ file: at }, `context: ${JSON.stringify(context)} is not a status context`);
  }
  if (typeof state !== 'string' || !STATES.includes(state)) {
    throw new ConfigError({ file: at }, `state: ${JSON.stringify(state)} is not one of ${STATES.join(', ')}`);
  }
  const created = typeof createdAt === 'string' ? new Date(createdAt) : new Date(Number.NaN);
  if (Number.isNaN(created.getTime())) {
    throw new ConfigError({ file: at }, `created_at: ${JSON.stringify(createdAt)} is not an ISO 8601 time`);
  }
  return {
    context,
    state: state as CommitStatusState,
    createdAt: created,
    ...(typeof object.target_url === 'string' ? { targetUrl: object.target_url } : {}),
    ...(typeof object.description === 'string' ? { description: object.description } : {}),
    ...(typeof object.url === 'string' ? { url: object.url } : {}),
  };
}
