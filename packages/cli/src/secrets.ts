import { UsageError } from './errors.js';
import type { CliIo } from './io.js';

/** JSON fields that hold passwords: `adminPass`, `esUserPassword`. */
export const SECRET_FIELD = /pass(word)?$/i;

export function isSecretField(field: string): boolean {
  return SECRET_FIELD.test(field);
}

/** A secret flag given without a value: prompt on a terminal, else read stdin. */
export const ASK = Symbol('ask');

export type SecretSource =
  | { kind: 'literal'; value: string }
  | { kind: 'stdin' }
  | { kind: 'env'; name: string }
  | { kind: 'ask' };

/** How a secret flag's value says where the secret is: `-`, `env:NAME`, nothing, or the value itself. */
export function secretSource(raw: string | boolean | typeof ASK): SecretSource {
  if (raw === ASK || raw === true) return { kind: 'ask' };
  const text = String(raw);
  if (text === '-') return { kind: 'stdin' };
  const env = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(text);
  if (env) return { kind: 'env', name: env[1]! };
  return { kind: 'literal', value: text };
}

/** Reads a secret from where its flag points; never includes the secret in an error. */
export async function resolveSecret(flag: string, source: SecretSource, io: CliIo): Promise<string> {
  switch (source.kind) {
    case 'literal':
      io.stderr(
        `bec: warning: --${flag} given as an argument can be seen in shell history and the process list; ` +
          `use --${flag} alone (prompt), --${flag} - (stdin) or --${flag} env:NAME\n`,
      );
      return source.value;
    case 'env': {
      const value = (io.env ?? process.env)[source.name];
      if (value === undefined || value === '')
        throw new UsageError(`--${flag} env:${source.name}: the variable is not set`);
      return value;
    }
    case 'stdin':
      return firstLine(await io.readStdin(), flag);
    case 'ask':
      if (io.stdinIsTTY && io.prompt) return io.prompt(`${flag}: `, true);
      return firstLine(await io.readStdin(), flag);
  }
}

function firstLine(text: string, flag: string): string {
  const value = text.replace(/\r?\n[\s\S]*$/, '');
  if (value === '') throw new UsageError(`--${flag}: nothing was read from stdin`);
  return value;
}

/** Secret fields set inline in a JSON argument (not from @file), for a warning. */
export function inlineSecrets(value: unknown, depth = 0): string[] {
  if (depth > 6 || value === null || typeof value !== 'object') return [];
  const found: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (isSecretField(k) && typeof v === 'string' && v !== '' && v !== '-' && !v.startsWith('env:')) found.push(k);
    else found.push(...inlineSecrets(v, depth + 1));
  }
  return found;
}

/**
 * Resolves secret fields anywhere in a JSON input whose value says where the secret is: `"-"`
 * (stdin) or `"env:NAME"`. Neither can be a real BEC password (those are 8-32 characters of
 * letters, digits and !@#$%^+*(), no `:`), so no password is ever mistaken for a reference.
 */
export async function resolveSecretReferences(value: unknown, io: CliIo, path = ''): Promise<void> {
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    const here = path ? `${path}.${k}` : k;
    if (isSecretField(k) && typeof v === 'string' && (v === '-' || v.startsWith('env:'))) {
      // Only a reference is in the argument: no warning for it.
      const source = secretSource(v);
      if (source.kind === 'literal') throw new UsageError(`${here}: ${v.slice(0, 4)}… is not env:NAME`);
      (value as Record<string, unknown>)[k] = await resolveSecret(here, source, io);
    } else {
      await resolveSecretReferences(v, io, here);
    }
  }
}
