import { createInterface } from 'node:readline';

/** Where the CLI reads and writes; the real process by default, replaceable in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** Width of the terminal on stderr, when it is one. */
  readonly columns?: number | undefined;
  /** True when stdin is a terminal (prompts are possible). */
  readonly stdinIsTTY?: boolean;
  /** The environment (colour, secrets from variables); `process.env` by default. */
  readonly env?: NodeJS.ProcessEnv;
  readStdin(): Promise<string>;
  /** Asks on the terminal; with `secret`, what is typed is not echoed. */
  prompt?(question: string, secret: boolean): Promise<string>;
}

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    columns: process.stderr.columns,
    env: process.env,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    prompt: terminalPrompt,
  };
}

/** Reads one line from the terminal on stdin; a secret is read in raw mode and not echoed. */
function terminalPrompt(question: string, secret: boolean): Promise<string> {
  process.stderr.write(question);
  if (!secret) {
    const rl = createInterface({ input: process.stdin, terminal: false });
    return new Promise((resolve) => {
      rl.once('line', (line) => {
        rl.close();
        resolve(line);
      });
      rl.once('close', () => resolve(''));
    });
  }
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    let typed = '';
    const finish = (error?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          return;
        }
        if (ch === '\u0003') {
          finish(new Error('interrupted'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
