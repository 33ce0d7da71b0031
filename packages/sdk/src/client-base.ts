import {
  type BceCredentials,
  type CredentialsProvider,
  cachedProvider,
  defaultProvider,
  fromStatic,
} from './auth/credentials.js';
import { BceClientError, BceValidationError } from './core/errors.js';
import { type BecClientOptions, DEFAULTS, type RequestOptions } from './core/options.js';
import { operations } from './generated/operations.js';
import type { OperationSpec } from './internal/operation.js';
import { inspectCustom } from './internal/text.js';
import type { Transport } from './internal/transport-types.js';
import { type CallEnv, runCall } from './pipeline/call.js';
import { RetryPolicy } from './pipeline/retry-policy.js';
import { hasScheme, parseEndpoint, resolveLogger, resolveSettings, userAgent } from './pipeline/settings.js';
import { RequestSigner } from './pipeline/sign.js';
import { platform } from './platform/index.js';
import { processEnv } from './platform/types.js';
import { SDK_VERSION } from './version.js';

export { parseEndpoint } from './pipeline/settings.js';

const operationsByName: ReadonlyMap<string, OperationSpec> = new Map(operations.map((op) => [op.name, op]));

/** What an operation is called with: the path IDs by name, and the input object or array. */
export interface CallParams {
  readonly path?: Readonly<Record<string, unknown>> | undefined;
  readonly input?: unknown;
}

/**
 * The client's configuration and its one entry into the request pipeline (src/pipeline/:
 * settings, build, validate, sign, send, parse, retry policy, waiting). The generated
 * `BecClient` adds one thin method per operation on top.
 */
export class BecClientBase {
  /** Where requests go. */
  readonly endpoint: URL;
  readonly #credentials: CredentialsProvider;
  readonly #transport: Transport;
  readonly #ownsTransport: boolean;
  readonly #env: CallEnv;

  constructor(options: BecClientOptions = {}) {
    const endpoint = options.endpoint ?? processEnv().BEC_ENDPOINT ?? DEFAULTS.endpoint;
    this.endpoint = parseEndpoint(endpoint);
    const creds = options.credentials;
    this.#credentials =
      typeof creds === 'function'
        ? cachedProvider(creds)
        : creds
          ? fromStatic(creds)
          : cachedProvider(defaultProvider({ profile: options.profile }));
    const given = options.transport;
    if (given !== undefined && given !== 'node' && given !== 'fetch' && typeof given?.send !== 'function') {
      throw new BceValidationError(undefined, 'transport', "must be 'node', 'fetch' or an object with a send method");
    }
    this.#transport = typeof given === 'object' ? given : platform.transport(given, options.fetch);
    this.#ownsTransport = typeof given !== 'object';
    const settings = resolveSettings(options);
    const log = resolveLogger(options);
    const signer = new RequestSigner(this.#credentials, {
      host: this.endpoint.host,
      userAgent: userAgent(options, SDK_VERSION),
      now: options.now ?? Date.now,
      expirationSeconds: settings.signatureExpirationSeconds,
      log,
    });
    this.#env = {
      endpoint: this.endpoint,
      // The endpoint was a bare host (https:// assumed).
      schemeAssumed: !hasScheme(endpoint),
      settings,
      transport: this.#transport,
      log,
      retry: new RetryPolicy(settings, settings.retryBudget, log),
      signer,
    };
  }

  /** Releases pooled connections of the built-in transport. */
  close(): void {
    if (this.#ownsTransport) this.#transport.close?.();
  }

  /** Resolves the credentials the next call will use (e.g. to check the chain at startup). */
  async resolveCredentials(): Promise<BceCredentials> {
    return (await this.#credentials()) as BceCredentials;
  }

  [inspectCustom](): string {
    return `BecClient { endpoint: '${this.endpoint.origin}' }`;
  }

  toJSON(): Record<string, unknown> {
    return { endpoint: this.endpoint.origin };
  }

  /** Calls an operation by its Go name: path IDs by name, input, options — what `call`, paginators and waiters use. */
  /** Not async itself: the call's own promise is returned as it is, without another one around it. */
  protected invoke(operation: string, params: CallParams, options: RequestOptions | undefined): Promise<unknown> {
    try {
      const op = operationsByName.get(operation);
      if (!op) throw new BceClientError(`unknown operation ${operation}`);
      const pathArgs = op.pathParams.map((p) => params.path?.[p.arg]);
      return runCall(this.#env, op, pathArgs, params.input, options);
    } catch (err) {
      // Like an async function: every failure is a rejection, never a synchronous throw.
      return Promise.reject(err);
    }
  }
}
