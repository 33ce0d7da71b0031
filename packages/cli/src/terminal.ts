/**
 * What the CLI writes to a terminal: colour by the NO_COLOR / FORCE_COLOR conventions, and
 * server-provided text with every control character made visible, so that a resource name such
 * as "\x1b[2J" is printed as those characters and cannot clear or rewrite the screen.
 */

/**
 * Whether to colour a stream. FORCE_COLOR, when set, decides (`0` or `false` turns colour off,
 * anything else, the empty string included, turns it on); otherwise NO_COLOR set to anything but
 * the empty string turns it off (https://no-color.org); otherwise a terminal that is not `dumb`
 * gets colour.
 */
export function colorEnabled(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY && env.TERM !== 'dumb';
}

const SGR = { bold: '1', dim: '2', red: '31', green: '32', yellow: '33', cyan: '36' } as const;
export type Style = keyof typeof SGR;

/** Paints text, or returns it unchanged when colour is off. */
export type Painter = (style: Style, text: string) => string;

export function painter(enabled: boolean): Painter {
  return enabled ? (style, text) => `\x1b[${SGR[style]}m${text}\x1b[0m` : (_style, text) => text;
}

/**
 * C0 controls (but not tab and newline, handled by the caller), DEL, C1 controls, and the
 * Unicode format characters that reorder or hide text (bidi overrides and isolates, zero-width
 * joiners are left alone as they are part of ordinary emoji).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visible(ch: string): string {
  const code = ch.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Text from the server, safe for a terminal: control characters shown as `\x1b`, `\u202e`. */
export function safeText(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** One-line form for a table cell or a progress line: newlines and tabs become spaces as well. */
export function safeLine(text: string): string {
  return safeText(text.replace(/[\r\n\t]+/g, ' '));
}

/** Spinner frames for a terminal; plain ASCII when the locale may not draw Braille. */
export function spinnerFrames(env: NodeJS.ProcessEnv): readonly string[] {
  const locale = `${env.LC_ALL ?? ''}${env.LC_CTYPE ?? ''}${env.LANG ?? ''}`;
  return /utf-?8/i.test(locale) ? ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] : ['|', '/', '-', '\\'];
}
