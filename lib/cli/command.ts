import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, ConfigErrors, ProblemList } from '../errors';

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

/** The entry point of `lib/cli/<command>.ts`: runs the command on this process's arguments and streams. */
export function runCommand(command: Command): void {
  const io: CommandIo = {
    root: process.cwd(),
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

/**
 * node:util parseArgs in strict mode, with unknown flags reported as ConfigError before any work. A flag that
 * takes one value given twice is refused too (parseArgs would silently keep the last).
 */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  options: T,
  args: readonly string[],
): ReturnType<typeof parseArgs<{ options: T; strict: true; allowPositionals: false }>>['values'] {
  let parsed: ReturnType<typeof parseArgs<{ options: T; strict: true; allowPositionals: false; tokens: true }>>;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: false, tokens: true });
  } catch (error) {
    const flags = Object.keys(options)
      .map((flag) => `--${flag}`)
      .join(', ');
    throw new ConfigError({}, `${command}: ${(error as Error).message} (known flags: ${flags})`);
  }
  const given = new Map<string, string[]>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || options[token.name]?.multiple === true) continue;
    given.set(token.name, [...(given.get(token.name) ?? []), token.value ?? 'true']);
  }
  const problems = new ProblemList();
  for (const [name, values] of given) {
    if (values.length < 2) continue;
    const shown = options[name]?.type === 'string' ? ` (${values.map((value) => `"${value}"`).join(', ')})` : '';
    problems.add({}, `${command}: --${name} given ${values.length} times${shown}; it takes one value: give it once`);
  }
  problems.throwIfAny();
  return parsed.values;
}
