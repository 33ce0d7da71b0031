import { BceCredentialsError } from '../core/errors.js';
import { inspectCustom } from '../internal/text.js';
import { platform } from '../platform/index.js';
import { processEnv } from '../platform/types.js';

/** An access key pair, optionally temporary (STS) with a session token. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** STS session token, sent as `x-bce-security-token`. */
  readonly sessionToken?: string | undefined;
  /**
   * When temporary credentials stop working; providers are asked again shortly before. An ISO
   * string or epoch milliseconds (as STS JSON gives it) is accepted too.
   */
  readonly expiration?: Date | string | number | undefined;
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
    this.expiration = toExpiration(credentials.expiration);
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

  [inspectCustom](): string {
    return `BceCredentials ${JSON.stringify(this.toJSON())}`;
  }
}

function toExpiration(value: Credentials['expiration']): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new BceCredentialsError(`expiration ${JSON.stringify(value)} is not a date`);
  return date;
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

/**
 * What the SDK's own providers would answer right now without waiting (the static credentials, or
 * a cached provider's credentials while fresh), so that a call need not wait on a promise for them.
 */
const currentOf = new WeakMap<CredentialsProvider, () => BceCredentials | undefined>();

/** The credentials `provider` would answer now, when it is one of the SDK's own and knows them; else undefined. */
export function currentCredentials(provider: CredentialsProvider): BceCredentials | undefined {
  return currentOf.get(provider)?.();
}

/** Static credentials. */
export function fromStatic(credentials: Credentials): CredentialsProvider {
  const wrapped = checked(credentials, 'the client options');
  const provider = async (): Promise<BceCredentials> => wrapped;
  currentOf.set(provider, () => wrapped);
  return provider;
}

/** `BCE_ACCESS_KEY_ID`, `BCE_SECRET_ACCESS_KEY` and optional `BCE_SECURITY_TOKEN`. */
export function fromEnv(given?: NodeJS.ProcessEnv): CredentialsProvider {
  return async () => {
    const env = given ?? processEnv();
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
  /** @default ~/.bce/config.json (under `HOME`/`USERPROFILE` of `env` when given) */
  path?: string | undefined;
  /** Where `BCE_*` variables (and the home directory) are read from. @default process.env */
  env?: NodeJS.ProcessEnv | undefined;
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

/** `~/.bce/config.json`; with `env`, its `HOME` (or `USERPROFILE`) is the home directory. */
export function bceCliConfigPath(env?: NodeJS.ProcessEnv): string {
  return platform.bceConfigPath(env ? env.HOME || env.USERPROFILE : undefined);
}

/** A profile of the official BCE CLI's `~/.bce/config.json` (`bce configure set ...`). */
export function fromBceCliProfile(options: BceCliProfileOptions = {}): CredentialsProvider {
  return async () => {
    const env = options.env ?? processEnv();
    const path = options.path ?? bceCliConfigPath(options.env);
    let text: string;
    try {
      text = await platform.readTextFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      throw new BceCredentialsError(
        code === 'ENOSYS'
          ? `the BCE CLI config ${path} cannot be read in this runtime (no file system): pass credentials to the client`
          : `cannot read the BCE CLI config ${path}: ${code}`,
      );
    }
    let config: BceCliConfigFile | null;
    try {
      config = JSON.parse(text) as BceCliConfigFile | null;
    } catch {
      throw new BceCredentialsError(`the BCE CLI config ${path} is not valid JSON`);
    }
    if (!config || typeof config !== 'object' || Array.isArray(config)) {
      throw new BceCredentialsError(`the BCE CLI config ${path} is not a JSON object`);
    }
    const current = typeof config.current === 'string' ? config.current : undefined;
    const name = options.profile || env.BCE_PROFILE || current || 'default';
    const profiles = Array.isArray(config.profiles) ? config.profiles : [];
    const profile = profiles.find((p) => p && typeof p === 'object' && p.name === name);
    if (!profile) throw new BceCredentialsError(`the BCE CLI config ${path} has no profile "${name}"`);
    if (!profile.access_key_id || !profile.secret_access_key) {
      throw new BceCredentialsError(`profile "${name}" in ${path} has no access_key_id/secret_access_key`);
    }
    const sts = typeof profile.mode === 'string' && profile.mode.toLowerCase() === 'ststoken';
    if (sts && !profile.security_token) {
      throw new BceCredentialsError(`profile "${name}" in ${path} is in StsToken mode but has no security_token`);
    }
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

/**
 * The default chain: environment, then the BCE CLI profile. A profile named explicitly (the
 * `profile` option) is used on its own: asking for a profile and silently getting the
 * environment's keys instead would be a surprise.
 */
export function defaultProvider(options: BceCliProfileOptions = {}): CredentialsProvider {
  if (options.profile) return chain(fromBceCliProfile(options));
  return chain(fromEnv(options.env), fromBceCliProfile(options));
}

/**
 * Caches what a provider returns and asks again when the credentials are within
 * `refreshBeforeMs` of their expiration (for rotating STS tokens). Concurrent callers share one call.
 */
export function cachedProvider(provider: CredentialsProvider, refreshBeforeMs = 60_000): CredentialsProvider {
  let current: BceCredentials | undefined;
  let pending: Promise<BceCredentials> | undefined;
  const fresh = (): BceCredentials | undefined =>
    current && (!current.expiration || current.expiration.getTime() - Date.now() > refreshBeforeMs)
      ? current
      : undefined;
  const cached = async (): Promise<BceCredentials> => {
    const now = fresh();
    if (now) return now;
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
  currentOf.set(cached, fresh);
  return cached;
}
