import { BceServiceError } from '../core/errors.js';
import { type LevelLogger, redact, redactHeaders, scrubJson, scrubValues } from '../core/logger.js';
import { attachMetadata, type BecResponseMetadata } from '../core/result.js';
import type { OperationSpec } from '../internal/operation.js';
import { utf8Text } from '../internal/text.js';
import type { HttpResponse } from '../internal/transport.js';

const NOT_BLANK = /\S/;

/** A 2xx answer as the caller gets it: the parsed body with its (non-enumerable) `$metadata`. */
export function parseSuccess(
  op: OperationSpec,
  response: HttpResponse,
  metadata: BecResponseMetadata,
  scrub: (text: string) => string,
): unknown {
  const isArray = op.response?.startsWith('array of ') ?? false;
  if (op.response === null) return attachMetadata({}, metadata);
  const text = utf8Text(response.body);
  // `\S` is what trim() keeps: no trimmed copy of the body just to see that it is not blank.
  if (!NOT_BLANK.test(text)) return attachMetadata(isArray ? [] : {}, metadata);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformed(`the response body is not JSON: ${scrub(text).slice(0, 256)}`, op, response, metadata);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) !== isArray) {
    const shape = isArray ? 'a JSON array' : 'a JSON object';
    throw malformed(`the response body is not ${shape}: ${scrub(text).slice(0, 256)}`, op, response, metadata);
  }
  return attachMetadata(parsed, metadata);
}

function malformed(
  message: string,
  op: OperationSpec,
  response: HttpResponse,
  metadata: BecResponseMetadata,
): BceServiceError {
  return new BceServiceError(message, {
    statusCode: response.statusCode,
    code: 'MalformedJSON',
    requestId: metadata.requestId,
    operation: op.name,
  });
}

/** Logs the response as received (trace), with sensitive fields and echoed secrets removed. */
export function traceResponse(
  log: LevelLogger,
  op: OperationSpec,
  where: string,
  response: HttpResponse,
  requestId: string,
  scrub: (text: string) => string,
): void {
  const text = utf8Text(response.body);
  let body: unknown;
  try {
    body = text.trim() === '' ? undefined : scrubJson(redact(JSON.parse(text)), scrub);
  } catch {
    body = scrub(text.slice(0, 1024));
  }
  log.log('trace', `${where} response ${response.statusCode}`, {
    operation: op.name,
    requestId,
    statusCode: response.statusCode,
    headers: scrubValues(redactHeaders(response.headers), scrub),
    body,
  });
}
