import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, ConfigErrors } from '../errors';

/** What a command may touch of the world: its repository, arguments, environment and output. */
export interface CommandIo {
  /** The repository root (the folder npm runs scripts from). */
  readonly root: string;
  /** The arguments after the script name. */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Writes text to standard output as it is. */
  write(text: string): void;
  /** Writes one line to standard output. */
  log(line: string): void;
  /** Writes text to standard error as it is. */
  writeError(text: string): void;
  /** Writes one line to standard error. */
  error(line: string): void;
}

/** A CLI command: returns its exit code (0 when it returns nothing). */
export type Command = (io: CommandIo) => Promise<number | void>;

/**
 * Runs a command: input problems (ConfigError) print as plain messages and exit 1; anything else is a bug
 * and prints its stack.
 */
export async function executeCommand(command: Command, io: CommandIo): Promise<number> {
  try {
    return (await command(io)) ?? 0;
  } catch (error) {
    if (error instanceof ConfigErrors) {
      io.error(`error: ${error.errors.length} problems found:`);
      for (const problem of error.errors) io.error(`  - ${problem.message}`);
    } else if (error instanceof ConfigError) {
      io.error(`error: ${error.message}`);
    } else {
      io.error(error instanceof Error ? (error.stack ?? String(error)) : String(error));
    }
    return 1;
  }
}

/**
 * The repository root for a command started in `cwd`: the nearest folder at or above it that holds both
 * `package.json` and `clusters/`, so a command run from `apps/` or `generated/staging/` works on the whole
 * repository instead of finding nothing there and passing.
 */
export function findRepositoryRoot(cwd: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'clusters'))) return dir;
    if (path.dirname(dir) === dir) {
      throw new ConfigError(
        {},
        `${cwd} is not inside this repository: no folder at or above it has package.json and clusters/; run the command from the repository`,
      );
    }
  }
}

/** The entry point of `lib/cli/<command>.ts`: runs the command on this process's arguments and streams. */
export function runCommand(command: Command): void {
  let root: string;
  try {
    root = findRepositoryRoot(process.cwd());
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  const io: CommandIo = {
    root,
    args: process.argv.slice(2),
    env: process.env,
    write: (text) => process.stdout.write(text),
    log: (line) => process.stdout.write(`${line}\n`),
    writeError: (text) => process.stderr.write(text),
    error: (line) => process.stderr.write(`${line}\n`),
  };
  void executeCommand(command, io).then((code) => {
    process.exitCode = code;
  });
}

/** node:util parseArgs in strict mode, with unknown flags reported as ConfigError before any work. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  options: T,
  args: readonly string[],
): ReturnType<typeof parseArgs<{ options: T; strict: true; allowPositionals: false }>>['values'] {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const flags = Object.keys(options)
      .map((flag) => `--${flag}`)
      .join(', ');
    throw new ConfigError({}, `${command}: ${(error as Error).message} (known flags: ${flags})`);
  }
}
