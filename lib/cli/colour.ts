/** The few styles the CLI uses, as SGR codes. */
const STYLES = { red: 31, yellow: 33, bold: 1 } as const;

export type Style = keyof typeof STYLES;

/**
 * Whether a stream gets colour: only a terminal (never a pipe, a file or CI logs read by tools), and never when
 * NO_COLOR is set to anything but the empty string (https://no-color.org) or TERM is `dumb`.
 */
export function colourWanted(isTty: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  if (isTty !== true) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return env.TERM !== 'dumb';
}

/** `text` in a style when colour is on; as it is otherwise. */
export function paint(colour: boolean | undefined, style: Style, text: string): string {
  return colour === true ? `\u001b[${STYLES[style]}m${text}\u001b[0m` : text;
}
