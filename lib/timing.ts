/** Steps that take at least this long print their time; faster ones print nothing, so their output is stable. */
export const SLOW_STEP_MS = 1000;

/** ` (1.3 s)` for a step of a second or more, '' for a faster one. */
export function slowSuffix(elapsedMs: number): string {
  return elapsedMs >= SLOW_STEP_MS ? ` (${(elapsedMs / 1000).toFixed(1)} s)` : '';
}

/** The steps of a command with their times, for the lines of the slow ones: `  rendering (1.3 s)`. */
export class StepTimes {
  private readonly steps: { readonly name: string; readonly elapsedMs: number }[] = [];

  async time<T>(name: string, step: () => T | Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await step();
    } finally {
      this.steps.push({ name, elapsedMs: performance.now() - started });
    }
  }

  /** One line per step that took a second or more, in the order they ran. */
  slowLines(): string[] {
    return this.steps
      .filter((step) => slowSuffix(step.elapsedMs) !== '')
      .map((step) => `  ${step.name}${slowSuffix(step.elapsedMs)}`);
  }
}
