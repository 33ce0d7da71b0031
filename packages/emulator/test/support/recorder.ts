/**
 * Bookkeeping for whole-API sweeps: which operations answered successfully, which failed the way a
 * test expected, and the request IDs of both (to be matched against the emulator's journal).
 */
import { BceServiceError, type HttpRequest, type HttpResponse, NodeHttpTransport, type Transport } from 'bec-sdk';
import type { RawAnswer } from './raw.js';

export interface CallRecord {
  operation: string;
  requestId: string;
  /** 200 for successes; the expected (and seen) status for failures. */
  status: number;
  code?: string | undefined;
  via: 'sdk' | 'raw';
}

export interface ExpectedFailure {
  status: number;
  code: string;
}

function isRaw(value: unknown): value is RawAnswer {
  return typeof value === 'object' && value !== null && (value as { raw?: unknown }).raw === true;
}

function metadataOf(value: unknown): { requestId: string; statusCode: number } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return (value as { $metadata?: { requestId: string; statusCode: number } }).$metadata;
}

/** Records calls; a call that does not behave as announced throws with the operation's name. */
export class SweepRecorder {
  readonly succeeded = new Set<string>();
  readonly failed = new Map<string, ExpectedFailure>();
  readonly calls: CallRecord[] = [];

  /** A call that must succeed; returns its result. */
  async ok<T>(operation: string, call: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await call();
    } catch (err) {
      throw new Error(`${operation} should have succeeded: ${(err as Error).message}`, { cause: err });
    }
    const meta = metadataOf(result);
    if (!meta) throw new Error(`${operation}: the result carries no $metadata`);
    if (meta.statusCode !== 200) throw new Error(`${operation}: status ${meta.statusCode}`);
    this.succeeded.add(operation);
    this.calls.push({ operation, requestId: meta.requestId, status: 200, via: 'sdk' });
    return result;
  }

  /**
   * A call that must fail with this status and BCE code: an SDK call rejecting with
   * BceServiceError, or a raw call (see raw.ts) answering with that error.
   */
  async fails(operation: string, status: number, code: string, call: () => Promise<unknown>): Promise<void> {
    let outcome: unknown;
    let rejected = false;
    try {
      outcome = await call();
    } catch (err) {
      outcome = err;
      rejected = true;
    }
    if (rejected) {
      if (!(outcome instanceof BceServiceError)) {
        throw new Error(
          `${operation} should have failed with ${status} ${code} from the server, got ${String(outcome)}`,
        );
      }
      if (outcome.operation !== operation) {
        throw new Error(`expected a failure of ${operation}, got one of ${outcome.operation}`);
      }
      if (outcome.statusCode !== status || outcome.code !== code) {
        throw new Error(
          `${operation} should have failed with ${status} ${code}, got ${outcome.statusCode} ${outcome.code}: ${outcome.serviceMessage}`,
        );
      }
      this.#failed(operation, status, code, outcome.requestId ?? '', 'sdk');
      return;
    }
    if (!isRaw(outcome)) throw new Error(`${operation} should have failed with ${status} ${code}, but it succeeded`);
    if (outcome.operation !== operation)
      throw new Error(`expected a raw call of ${operation}, got ${outcome.operation}`);
    if (outcome.status !== status || outcome.code !== code) {
      throw new Error(
        `${operation} (raw) should have failed with ${status} ${code}, got ${outcome.status}: ${outcome.text}`,
      );
    }
    this.#failed(operation, status, code, outcome.requestId, 'raw');
  }

  #failed(operation: string, status: number, code: string, requestId: string, via: 'sdk' | 'raw'): void {
    if (!this.failed.has(operation)) this.failed.set(operation, { status, code });
    this.calls.push({ operation, requestId, status, code, via });
  }
}

/** One exchange as the SDK's transport saw it: the raw bytes of the answer. */
export interface Exchange {
  method: string;
  url: string;
  requestId: string;
  status: number;
  body: string;
}

/** Wraps NodeHttpTransport and keeps every answer's raw body. */
export class CapturingTransport implements Transport {
  readonly exchanges: Exchange[] = [];
  readonly #inner = new NodeHttpTransport();

  async send(request: HttpRequest): Promise<HttpResponse> {
    const response = await this.#inner.send(request);
    this.exchanges.push({
      method: request.method,
      url: request.url.toString(),
      requestId: response.headers['x-bce-request-id'] ?? request.headers['x-bce-request-id'] ?? '',
      status: response.statusCode,
      body: Buffer.from(response.body).toString('utf8'),
    });
    return response;
  }

  close(): void {
    this.#inner.close();
  }
}
