import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { BceCredentialsError } from '../core/errors.js';

/** An access key pair, optionally temporary (STS) with a session token. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** STS session token, sent as `x-bce-security-token`. */
  readonly sessionToken?: string | undefined;
  /** When temporary credentials stop working; providers are asked again shortly before. */
  readonly expiration?: Date | undefined;
}

/** Returns credentials; called before every request, so it should cache (see {@link cachedProvider}). */
export type CredentialsProvider = () => Promise<Credentials>;

/** Wraps credentials so that printing them never shows the secret or the token. */
export class BceCredentials implements Credentials {
  readonly accessKeyId: string;
  readonly expiration: Date | undefined;
  readonly #secretAccessKey: string;
  readonly #sessionToken: string | undefined;

  constructor(credentials: Credentials) {
    this.accessKeyId = credentials.accessKeyId;
    this.#secretAccessKey = credentials.secretAccessKey;
    this.#sessionToken = credentials.sessionToken || undefined;
    this.expiration = credentials.expiration;
  }

  get secretAccessKey(): string {
    return this.#secretAccessKey;
  }

  get sessionToken(): string | undefined {
    return this.#sessionToken;
  }

  toJSON(): Record<string, unknown> {
    return {
      accessKeyId: this.accessKeyId,
      secretAccessKey: '[REDACTED]',
      ...(this.#sessionToken ? { sessionToken: '[REDACTED]' } : {}),
    };
  }

  [inspect.custom](): string {
    return `BceCredentials ${JSON.stringify(this.toJSON())}`;
  }
}

function checked(credentials: Credentials, source: string): BceCredentials {
  if (!credentials || typeof credentials.accessKeyId !== 'string' || credentials.accessKeyId === '') {
    throw new BceCredentialsError(`credentials from ${source} have no accessKeyId`);
  }
  if (typeof credentials.secretAccessKey !== 'string' || credentials.secretAccessKey === '') {
    throw new BceCredentialsError(`credentials from ${source} have no secretAccessKey`);
  }
  return credentials instanceof BceCredentials ? credentials : new BceCredentials(credentials);
}

/** Static credentials. */
export function fromStatic(credentials: Credentials): CredentialsProvider {
  const wrapped = checked(credentials, 'the client options');
  return async () => wrapped;
}

/** `BCE_ACCESS_KEY_ID`, `BCE_SECRET_ACCESS_KEY` and optional `BCE_SECURITY_TOKEN`. */
export function fromEnv(env: NodeJS.ProcessEnv = process.env): CredentialsProvider {
  return async () => {
    const accessKeyId = env.BCE_ACCESS_KEY_ID;
    const secretAccessKey = env.BCE_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      throw new BceCredentialsError('BCE_ACCESS_KEY_ID and BCE_SECRET_ACCESS_KEY are not both set');
    }
    return checked(
      { accessKeyId, secretAccessKey, sessionToken: env.BCE_SECURITY_TOKEN || undefined },
      'the environment',
    );
  };
}

export interface BceCliProfileOptions {
  /** Profile name; defaults to `BCE_PROFILE`, then the file's `current`, then `default`. */
  profile?: string | undefined;
  /** @default ~/.bce/config.json */
  path?: string | undefined;
}

interface BceCliConfigFile {
  current?: string;
  profiles?: Array<{
    name?: string;
    mode?: string;
    access_key_id?: string;
    secret_access_key?: string;
    security_token?: string;
    region?: string;
    endpoint?: string;
  }>;
}

export function bceCliConfigPath(): string {
  return join(homedir(), '.bce', 'config.json');
}

/** A profile of the official BCE CLI's `~/.bce/config.json` (`bce configure set ...`). */
export function fromBceCliProfile(options: BceCliProfileOptions = {}): CredentialsProvider {
  return async () => {
    const path = options.path ?? bceCliConfigPath();
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw new BceCredentialsError(
        `cannot read the BCE CLI config ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    let config: BceCliConfigFile;
    try {
      config = JSON.parse(text) as BceCliConfigFile;
    } catch {
      throw new BceCredentialsError(`the BCE CLI config ${path} is not valid JSON`);
    }
    const name = options.profile ?? process.env.BCE_PROFILE ?? config.current ?? 'default';
    const profile = config.profiles?.find((p) => p.name === name);
    if (!profile) throw new BceCredentialsError(`the BCE CLI config ${path} has no profile "${name}"`);
    if (!profile.access_key_id || !profile.secret_access_key) {
      throw new BceCredentialsError(`profile "${name}" in ${path} has no access_key_id/secret_access_key`);
    }
    const sts = profile.mode?.toLowerCase() === 'ststoken';
    return checked(
      {
        accessKeyId: profile.access_key_id,
        secretAccessKey: profile.secret_access_key,
        sessionToken: sts ? profile.security_token || undefined : undefined,
      },
      `profile "${name}" in ${path}`,
    );
  };
}

/** Tries each provider in turn; when all fail, the error lists every place that was looked at. */
export function chain(...providers: CredentialsProvider[]): CredentialsProvider {
  return async () => {
    const reasons: string[] = [];
    for (const provider of providers) {
      try {
        return await provider();
      } catch (err) {
        reasons.push(err instanceof Error ? err.message : String(err));
      }
    }
    throw new BceCredentialsError(
      `no BEC credentials found. Looked at: ${reasons.map((r, i) => `(${i + 1}) ${r}`).join('; ')}`,
    );
  };
}

/** The default chain: environment, then the BCE CLI profile. */
export function defaultProvider(options: BceCliProfileOptions = {}): CredentialsProvider {
  return chain(fromEnv(), fromBceCliProfile(options));
}

/**
 * Caches what a provider returns and asks again when the credentials are within
 * `refreshBeforeMs` of their expiration (for rotating STS tokens). Concurrent callers share one call.
 */
export function cachedProvider(provider: CredentialsProvider, refreshBeforeMs = 60_000): CredentialsProvider {
  let current: BceCredentials | undefined;
  let pending: Promise<BceCredentials> | undefined;
  return async () => {
    const fresh = current && (!current.expiration || current.expiration.getTime() - Date.now() > refreshBeforeMs);
    if (fresh) return current!;
    pending ??= provider()
      .then((c) => {
        current = checked(c, 'the credentials provider');
        return current;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}
