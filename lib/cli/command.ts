import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, ConfigErrors } from '../errors';
import { colourWanted, paint } from './colour';

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
  /** Whether standard error may be coloured (a terminal, no NO_COLOR; see colour.ts). @default false */
  readonly colour?: boolean;
}

/** A CLI command: returns its exit code (0 when it returns nothing). */
export type Command = (io: CommandIo) => Promise<number | void>;

/** The global flag every command takes: the stack trace of an error, which is otherwise never printed. */
export const DEBUG_FLAG = '--debug';

/**
 * Runs a command: input problems (ConfigError) print as plain messages and exit 1; anything else is a bug and
 * prints its message with a hint. Stack traces (of a bug, or of the exception behind an input problem, such as
 * a throw in an app file) only with `--debug`, which is taken out of the arguments before the command sees them.
 */
export async function executeCommand(command: Command, io: CommandIo): Promise<number> {
  const debug = io.args.includes(DEBUG_FLAG);
  try {
    return (await command({ ...io, args: io.args.filter((arg) => arg !== DEBUG_FLAG) })) ?? EXIT_OK;
  } catch (error) {
    if (error instanceof HelpShown) return EXIT_OK;
    const prefix = paint(io.colour, 'red', 'error:');
    if (error instanceof UsageError) {
      io.error(`${prefix} ${error.message}`);
      io.error(`Run \`npm run ${error.command} -- --help\` for its usage.`);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigErrors) {
      io.error(`${prefix} ${error.errors.length} problems found:`);
      for (const problem of error.errors) io.error(`  - ${problem.message}`);
      if (debug) for (const problem of error.errors) printCause(io, problem);
    } else if (error instanceof ConfigError) {
      io.error(`${prefix} ${error.message}`);
      if (debug) printCause(io, error);
    } else if (debug) {
      io.error(error instanceof Error ? (error.stack ?? String(error)) : String(error));
    } else {
      io.error(`${prefix} ${error instanceof Error ? error.message : String(error)}`);
      io.error(
        `This is a bug, not a problem with your input: run it again with ${DEBUG_FLAG} for the stack trace and report it.`,
      );
    }
    return EXIT_FINDINGS;
  }
}

/** The exception behind an input problem (a throw in user code), with its stack. */
function printCause(io: CommandIo, problem: ConfigError): void {
  const cause = problem.cause;
  if (cause instanceof Error && cause.stack !== undefined)
    io.error(`${problem.location.file ?? 'cause'}: ${cause.stack}`);
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
    colour: colourWanted(process.stderr.isTTY, process.env),
  };
  void executeCommand(command, io).then((code) => {
    process.exitCode = code;
  });
}

/** One flag of a command, as `--help` describes it. */
export interface FlagHelp {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly default?: string | boolean;
  /** What the flag does, in one line. */
  readonly description: string;
  /** The placeholder of a string flag's value in the usage line. @default `<value>` */
  readonly value?: string;
}

/** What `<command> --help` prints: the command line, what it does, its flags and examples. */
export interface CommandHelp<F extends Readonly<Record<string, FlagHelp>>> {
  /** The npm script: `synth`, `schemas:pull`. */
  readonly command: string;
  /** What the command does, a sentence or two. */
  readonly summary: string;
  readonly flags: F;
  readonly examples: readonly string[];
}

/** Exit codes every command uses, listed by `--help`. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A mistake on the command line (unknown or repeated flag, missing value): exit 2 with the command's usage. */
export class UsageError extends ConfigError {
  constructor(
    /** The npm script, so the hint names the command to run. */
    readonly command: string,
    problem: string,
  ) {
    super({}, `${command}: ${problem}`);
  }
}

/** Thrown by parseFlags after printing `--help`: the command stops there with exit 0. */
export class HelpShown extends Error {}

/** The help text of a command (`npm run <command> -- --help`). */
export function formatHelp(help: CommandHelp<Readonly<Record<string, FlagHelp>>>): string {
  const flags = Object.entries(help.flags).map(([name, flag]) => {
    const value = flag.type === 'string' ? ` ${flag.value ?? '<value>'}` : '';
    const notes = [
      flag.multiple === true ? 'repeatable' : undefined,
      flag.default !== undefined && flag.default !== false ? `default ${String(flag.default)}` : undefined,
    ].filter((note) => note !== undefined);
    return {
      left: `--${name}${value}`,
      right: `${flag.description}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`,
    };
  });
  flags.push({ left: '--help', right: 'print this help and exit' });
  flags.push({ left: DEBUG_FLAG, right: 'print stack traces of errors (of any command)' });
  const width = Math.max(...flags.map((flag) => flag.left.length));
  return [
    `usage: npm run ${help.command} -- [flags]`,
    '',
    ...wrap(help.summary, 100),
    '',
    'flags:',
    ...flags.map((flag) => `  ${flag.left.padEnd(width)}  ${flag.right}`),
    '',
    'examples:',
    ...help.examples.map((example) => `  ${example}`),
    '',
    `exit codes: ${EXIT_OK} ok, ${EXIT_FINDINGS} findings or a refusal, ${EXIT_USAGE} usage error`,
  ].join('\n');
}

/** Splits text into lines of at most `width` characters at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

type ParsedFlags<F extends Readonly<Record<string, FlagHelp>>> = {
  -readonly [K in keyof F]: F[K]['multiple'] extends true
    ? (F[K]['type'] extends 'boolean' ? boolean : string)[] | undefined
    : F[K]['type'] extends 'boolean'
      ? F[K]['default'] extends boolean
        ? boolean
        : boolean | undefined
      : F[K]['default'] extends string
        ? string
        : string | undefined;
};

/**
 * The command line of a command, checked before any work (node:util parseArgs, strict): `--help` prints the
 * help (HelpShown); an unknown flag, a positional argument, a missing value or a single-value flag given twice
 * is a UsageError naming the command's flags.
 */
export function parseFlags<F extends Readonly<Record<string, FlagHelp>>>(
  io: Pick<CommandIo, 'args' | 'log'>,
  help: CommandHelp<F>,
): ParsedFlags<F> {
  if (io.args.includes('--help') || io.args.includes('-h')) {
    io.log(formatHelp(help));
    throw new HelpShown();
  }
  const known = `known flags: ${Object.keys(help.flags)
    .map((flag) => `--${flag}`)
    .join(', ')}, --help`;
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, flag] of Object.entries(help.flags)) {
    options[name] = {
      type: flag.type,
      ...(flag.multiple === undefined ? {} : { multiple: flag.multiple }),
      ...(flag.default === undefined ? {} : { default: flag.default }),
    } as NonNullable<ParseArgsConfig['options']>[string];
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...io.args], options, strict: true, allowPositionals: false, tokens: true });
  } catch (error) {
    throw new UsageError(help.command, `${(error as Error).message} (${known})`);
  }
  const given = new Map<string, string[]>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option' || help.flags[token.name]?.multiple === true) continue;
    given.set(token.name, [...(given.get(token.name) ?? []), token.value ?? 'true']);
  }
  for (const [name, values] of given) {
    if (values.length < 2) continue;
    const shown = help.flags[name]?.type === 'string' ? ` (${values.map((value) => `"${value}"`).join(', ')})` : '';
    throw new UsageError(
      help.command,
      `--${name} given ${values.length} times${shown}; it takes one value: give it once`,
    );
  }
  return parsed.values as ParsedFlags<F>;
}
