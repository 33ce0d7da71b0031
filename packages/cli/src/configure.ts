import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { bceCliConfigPath } from 'bec-sdk';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';
import { resolveSecret, type SecretSource, secretSource } from './secrets.js';

/**
 * `~/.bce/config.json` as bec-sdk's credential chain reads it (`fromBceCliProfile`): `current`
 * names the profile used when neither `--profile` nor `BCE_PROFILE` does; each profile has
 * `access_key_id`, `secret_access_key`, and for STS keys `mode: "StsToken"` with `security_token`.
 */
export interface BceConfigFile {
  current?: string;
  profiles?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

export interface ConfigureOptions {
  readonly profile?: string | undefined;
  readonly accessKeyId?: string | undefined;
  readonly secretAccessKey?: string | boolean | undefined;
  readonly securityToken?: string | boolean | undefined;
  readonly setCurrent?: boolean | undefined;
}

async function readConfig(path: string): Promise<BceConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as BceConfigFile;
  } catch {
    // reported below
  }
  throw new UsageError(`${path} is not a JSON object; fix or move it, bec configure does not overwrite it`);
}

async function ask(io: CliIo, question: string, secret: boolean): Promise<string> {
  if (!io.stdinIsTTY || !io.prompt)
    throw new UsageError(`${question.replace(/: $/, '')} is needed (no terminal to ask on)`);
  const value = (await io.prompt(question, secret)).trim();
  if (value === '') throw new UsageError(`${question.replace(/: $/, '')} must not be empty`);
  return value;
}

/** Adds or replaces one profile of the config file; other profiles and fields stay as they are. */
export async function configure(options: ConfigureOptions, io: CliIo): Promise<string> {
  const env = io.env ?? process.env;
  const path = bceCliConfigPath(env);
  const name = options.profile || env.BCE_PROFILE || 'default';
  const config = await readConfig(path);
  const accessKeyId = options.accessKeyId ?? (await ask(io, 'Access key ID: ', false));
  const secretAccessKey =
    options.secretAccessKey === undefined
      ? io.stdinIsTTY
        ? await ask(io, 'Secret access key (not shown): ', true)
        : await resolveSecret('secret-access-key', { kind: 'stdin' }, io)
      : await resolveSecret('secret-access-key', secretSource(options.secretAccessKey) as SecretSource, io);
  const securityToken =
    options.securityToken === undefined
      ? undefined
      : await resolveSecret('security-token', secretSource(options.securityToken), io);
  const profile: Record<string, unknown> = {
    name,
    mode: securityToken ? 'StsToken' : 'AkSk',
    access_key_id: accessKeyId,
    secret_access_key: secretAccessKey,
    ...(securityToken ? { security_token: securityToken } : {}),
  };
  const profiles = (Array.isArray(config.profiles) ? config.profiles : []).filter((p) => p?.name !== name);
  const next: BceConfigFile = { ...config, profiles: [...profiles, profile] };
  if (options.setCurrent || typeof config.current !== 'string') next.current = name;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
  io.stderr(
    `bec: profile "${name}" written to ${path} (readable by you only)${next.current === name ? '; it is the current profile' : ''}\n`,
  );
  return path;
}
