import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, ConfigErrors } from '../errors';

/**
 * Runs a CLI command: input problems (ConfigError) print as plain messages and exit 1; anything else is a
 * bug and prints its stack.
 */
export function runCommand(main: () => Promise<number | void>): void {
  main().then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error: unknown) => {
      if (error instanceof ConfigErrors) {
        console.error(`error: ${error.errors.length} problems found:`);
        for (const problem of error.errors) console.error(`  - ${problem.message}`);
      } else if (error instanceof ConfigError) {
        console.error(`error: ${error.message}`);
      } else {
        console.error(error);
      }
      process.exitCode = 1;
    },
  );
}

/** node:util parseArgs in strict mode, with unknown flags reported as ConfigError before any work. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  options: T,
  args: string[] = process.argv.slice(2),
): ReturnType<typeof parseArgs<{ options: T; strict: true; allowPositionals: false }>>['values'] {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const flags = Object.keys(options)
      .map((flag) => `--${flag}`)
      .join(', ');
    throw new ConfigError({}, `${command}: ${(error as Error).message} (known flags: ${flags})`);
  }
}

/** The repository root: commands run from it (npm scripts do). */
export function repositoryRoot(): string {
  return process.cwd();
}
