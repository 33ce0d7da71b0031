/**
 * `bec-sdk/spec`: the building blocks a tool needs beside the client, kept out of the main entry
 * so that the API users write code against stays small and stable.
 *
 * - the tables the client runs on: every operation (`operations`), the runtime field lists of
 *   every model and input (`modelSchemas`), every enum's values (`enumValues`), the paginator and
 *   waiter tables;
 * - the wire format: Go-compatible JSON encoding, the input checks, BCE error parsing, bce-auth-v1
 *   signing with its canonical forms and URI encoders;
 * - calls by a name known only at run time (`callByName`, `paginateByName`), the client's base
 *   classes and the waiter engine.
 *
 * The bec CLI and the bec-emulator are built on these. Their shape may change with the table.
 */
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
export { BecClientBase, type CallParams, parseEndpoint } from './client-base.js';
export { operations } from './generated/operations.js';
export { paginatorSpecs } from './generated/paginators.js';
export { enumValues, modelSchemas } from './generated/schemas.js';
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
export { isPaginatedOperation, type PageFetcher } from './paginate.js';
export { checkPathSegment } from './pipeline/validate.js';
export { callByName, isOperationName, paginateByName } from './tools.js';
export { checkModel, checkType } from './validation/values.js';
export { deploymentStatus } from './waiting/derived.js';
export { runWaiter, statusOf } from './waiting/engine.js';
