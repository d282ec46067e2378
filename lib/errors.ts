/**
 * Where a bad input lives, in the user's terms: the file to edit, the cluster and app it concerns and the
 * field (a dotted path) that is wrong.
 */
export interface ErrorLocation {
  readonly file?: string;
  readonly cluster?: string;
  readonly app?: string;
  readonly field?: string;
}

/**
 * A problem with the user's input (specs, cluster definitions, release pins, flags). The CLI prints it
 * without a stack trace; anything else that is thrown is a bug and keeps its stack.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly location: ErrorLocation,
    readonly problem: string,
  ) {
    super(formatProblem(location, problem));
  }
}

/** Several input problems found in one pass, so the user can fix them all before the next run. */
export class ConfigErrors extends Error {
  override readonly name = 'ConfigErrors';

  constructor(readonly errors: readonly ConfigError[]) {
    super(errors.map((error) => error.message).join('\n'));
  }
}

export function formatProblem(location: ErrorLocation, problem: string): string {
  const subject = [
    location.cluster === undefined ? undefined : `cluster "${location.cluster}"`,
    location.app === undefined ? undefined : `app "${location.app}"`,
  ]
    .filter((part) => part !== undefined)
    .join(', ');
  const prefix = [location.file, subject, location.field].filter((part) => part !== undefined && part !== '');
  return prefix.length === 0 ? problem : `${prefix.join(': ')}: ${problem}`;
}

/** Collects problems so a whole pass can report every one of them at once. */
export class ProblemList {
  private readonly problems: ConfigError[] = [];

  add(location: ErrorLocation, problem: string): void {
    this.problems.push(new ConfigError(location, problem));
  }

  /** Takes over the problems of a ConfigError or ConfigErrors; any other error is a bug and is rethrown. */
  absorb(error: unknown): void {
    if (error instanceof ConfigError) this.problems.push(error);
    else if (error instanceof ConfigErrors) this.problems.push(...error.errors);
    else throw error;
  }

  get count(): number {
    return this.problems.length;
  }

  /** Throws every collected problem together; does nothing when there are none. */
  throwIfAny(): void {
    if (this.problems.length === 1) throw this.problems[0];
    if (this.problems.length > 1) throw new ConfigErrors([...this.problems]);
  }
}
