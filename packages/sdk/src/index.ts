/**
 * bec-sdk: the BEC client, its options, errors, results, models and enums, paginators, waiters,
 * credentials and transports. The operation table, schemas, signing and the other building
 * blocks a tool needs are in `bec-sdk/spec`.
 */
export {
  BceCredentials,
  bceCliConfigPath,
  type Credentials,
  type CredentialsProvider,
  cachedProvider,
  chain,
  defaultProvider,
  fromBceCliProfile,
  fromEnv,
  fromStatic,
} from './auth/credentials.js';
export { BceV1WebSigner } from './auth/web-signer.js';
export {
  BceAbortError,
  BceClientError,
  BceCredentialsError,
  BceError,
  type BceErrorMetadata,
  BceNetworkError,
  BceResponseTooLargeError,
  BceServiceError,
  BceTimeoutError,
  BceValidationError,
  type ValidationIssue,
} from './core/errors.js';
export type { Logger, LogLevel } from './core/logger.js';
export { consoleLogger, redact } from './core/logger.js';
export type { BecClientOptions, RequestOptions } from './core/options.js';
export { DEFAULTS, MAX_TIMER_MS } from './core/options.js';
export type { BecArrayResult, BecEmptyResult, BecResponseMetadata, BecResult } from './core/result.js';
export { BecClient } from './generated/client.js';
export * from './generated/enums.js';
export type * from './generated/inputs.js';
export type * from './generated/models.js';
export type { OperationMap, OperationName, OperationOutput, OperationParams } from './generated/operation-map.js';
export {
  type FetchFunction,
  type FetchInit,
  type FetchResponseLike,
  FetchTransport,
  type FetchTransportOptions,
} from './internal/fetch-transport.js';
export {
  type HttpRequest,
  type HttpResponse,
  NodeHttpTransport,
  type NodeHttpTransportOptions,
  type Transport,
  TransportError,
} from './internal/transport.js';
export { type ItemOf, type PageOf, type PaginatedOperation, type PaginateOptions, Paginator } from './paginate.js';
export { SDK_BUILD } from './runtime.js';
export { SDK_VERSION } from './version.js';
export { BceWaiterError, type BceWaiterErrorDetails, type WaiterFailureReason } from './waiting/error.js';
export {
  WAITER_DEFAULTS,
  type WaiterName,
  type WaiterOptions,
  type WaiterResource,
  type WaiterResult,
} from './waiting/types.js';
