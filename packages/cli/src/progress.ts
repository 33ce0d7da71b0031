import type { CliIo } from './io.js';
import { type Painter, safeLine } from './terminal.js';

export interface ProgressOptions {
  /** Redraw one spinner line (a terminal) or print plain lines (a pipe or file). */
  readonly tty: boolean;
  readonly paint: Painter;
  readonly frames: readonly string[];
  /** Terminal width; the spinner line is cut to fit. */
  readonly columns?: number | undefined;
  /** Plain mode: a line at least this often while nothing changes. @default 10_000 */
  readonly plainEveryMs?: number;
  /** Spinner frame interval. @default 120 */
  readonly frameMs?: number;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Progress of a `--wait` on stderr. It moves even when the state does not: on a terminal a
 * spinner with the elapsed time and the state of each resource, redrawn in place; otherwise a
 * line per change and one every `plainEveryMs` while nothing changes.
 */
export class WaitProgress {
  readonly #io: CliIo;
  readonly #options: ProgressOptions;
  readonly #states = new Map<string, string>();
  readonly #started = Date.now();
  #timer: NodeJS.Timeout | undefined;
  #frame = 0;
  #lastPlain = 0;

  constructor(
    io: CliIo,
    readonly goal: string,
    ids: readonly string[],
    options: ProgressOptions,
  ) {
    this.#io = io;
    this.#options = options;
    for (const id of ids) this.#states.set(id, 'waiting for the first poll');
    if (options.tty) {
      this.#timer = setInterval(() => this.#draw(), options.frameMs ?? 120);
      this.#draw();
    } else {
      this.#io.stderr(`bec: waiting until ${this.#summary()} is ${goal}\n`);
      this.#lastPlain = Date.now();
      this.#timer = setInterval(() => {
        if (Date.now() - this.#lastPlain >= (options.plainEveryMs ?? 10_000)) this.#plain();
      }, 250);
    }
    this.#timer.unref();
  }

  /** The state seen at a poll (text from the server: control characters are neutralised). */
  update(id: string, state: string): void {
    const text = safeLine(state);
    const changed = this.#states.get(id) !== text;
    this.#states.set(id, text);
    if (this.#options.tty) this.#draw();
    else if (changed) this.#plain();
  }

  /** Ends the progress display: the spinner line is replaced by a final line per resource. */
  finish(outcome: 'done' | 'failed' | 'timeout'): void {
    clearInterval(this.#timer);
    const { paint } = this.#options;
    const elapsed = seconds(Date.now() - this.#started);
    if (this.#options.tty) this.#io.stderr('\r\x1b[2K');
    const mark = outcome === 'done' ? paint('green', '✓') : paint('red', '✗');
    const word = outcome === 'done' ? this.goal : outcome === 'timeout' ? 'timed out' : 'failed';
    for (const [id, state] of this.#states) {
      const line = `${id}: ${state}`;
      this.#io.stderr(
        this.#options.tty ? `${mark} ${line} (${word}, ${elapsed})\n` : `bec: ${line} (${word}, ${elapsed})\n`,
      );
    }
  }

  #summary(): string {
    return [...this.#states.keys()].join(', ');
  }

  #line(): string {
    return [...this.#states].map(([id, state]) => `${id}: ${state}`).join('; ');
  }

  #plain(): void {
    this.#lastPlain = Date.now();
    this.#io.stderr(`bec: ${this.#line()} (${seconds(Date.now() - this.#started)})\n`);
  }

  #draw(): void {
    const { frames, paint, columns } = this.#options;
    const frame = frames[this.#frame++ % frames.length]!;
    let text = `${this.#line()} · ${seconds(Date.now() - this.#started)}`;
    const room = (columns ?? 100) - 3;
    if ([...text].length > room) text = `${[...text].slice(0, room - 1).join('')}…`;
    this.#io.stderr(`\r\x1b[2K${paint('cyan', frame)} ${text}`);
  }
}
