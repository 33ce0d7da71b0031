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
export { uriEncode, uriEncodeExceptSlash } from './auth/encoding.js';
export {
  BceV1Signer,
  canonicalHeaders,
  canonicalQueryString,
  canonicalUri,
  DEFAULT_EXPIRATION_SECONDS,
  formatBceTimestamp,
  type SignableRequest,
  type SigningCredentials,
  type SignOptions,
  type SignResult,
} from './auth/signer.js';
export { BecClientCore } from './client.js';
export { BecClientBase, type CallParams, parseEndpoint } from './core/client-base.js';
export {
  BceAbortError,
  BceClientError,
  BceCredentialsError,
  BceError,
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
export { operations } from './generated/operations.js';
export { paginatorSpecs } from './generated/paginators.js';
export { modelSchemas } from './generated/schemas.js';
export { waiterSpecs } from './generated/waiters.js';
export { goEncodeModel, goEncodeValue, goJsonText } from './internal/go-json.js';
export type {
  BodySpec,
  OperationSpec,
  PaginationDialect,
  PaginatorSpec,
  QuerySpec,
  WaiterSpec,
  WaitRuleSpec,
} from './internal/operation.js';
export type { FieldTuple, ModelSchemas } from './internal/schema.js';
export { parseServiceError } from './internal/service-error.js';
export {
  type HttpRequest,
  type HttpResponse,
  NodeHttpTransport,
  type Transport,
  TransportError,
} from './internal/transport.js';
export {
  type ItemOf,
  type PageFetcher,
  type PageOf,
  type PaginatedOperation,
  type PaginateOptions,
  Paginator,
} from './paginate.js';
export { checkModel, checkPathSegment, checkType } from './pipeline/validate.js';
export { callByName, paginateByName } from './tools.js';
export { SDK_VERSION } from './version.js';
export { deploymentStatus } from './waiting/derived.js';
export { runWaiter, statusOf } from './waiting/engine.js';
export { BceWaiterError, type BceWaiterErrorDetails, type WaiterFailureReason } from './waiting/error.js';
export {
  WAITER_DEFAULTS,
  type WaiterName,
  type WaiterOptions,
  type WaiterResource,
  type WaiterResult,
} from './waiting/types.js';
