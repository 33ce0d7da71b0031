/** Facts about the HTTP exchange behind a result. */
export interface BecResponseMetadata {
  /** `x-bce-request-id` of the response (or of the request when the response has none). */
  readonly requestId: string;
  readonly statusCode: number;
  /** How many attempts were made (1 when there was no retry). */
  readonly attempts: number;
  /**
   * Set on a DELETE whose retry answered 404 after an earlier attempt may have reached BEC: that
   * attempt most likely deleted the resource, so the call counts as a success (`statusCode` is the
   * 404 of the last attempt).
   */
  readonly deletedByEarlierAttempt?: true;
}

/** A parsed response body with its (non-enumerable) `$metadata`. */
export type BecResult<T> = T & { readonly $metadata: BecResponseMetadata };
/** A bare-array response with its (non-enumerable) `$metadata`. */
export type BecArrayResult<T> = T[] & { readonly $metadata: BecResponseMetadata };
/** Operations whose response body carries nothing the Go SDK reads. */
export type BecEmptyResult = { readonly $metadata: BecResponseMetadata };

export function attachMetadata<T extends object>(value: T, metadata: BecResponseMetadata): T {
  Object.defineProperty(value, '$metadata', {
    value: metadata,
    enumerable: false,
    writable: false,
    configurable: true,
  });
  return value;
}
