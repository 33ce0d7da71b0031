import { BceAbortError, BceClientError } from './core/errors.js';
import type { RequestOptions } from './core/options.js';
import type { OperationOutput } from './generated/operation-map.js';
import { paginatorSpecs } from './generated/paginators.js';
import type { PaginatorSpec } from './internal/operation.js';
import { throwIfAborted } from './pipeline/wait.js';
import { platform } from './platform/index.js';

/** Go name of an operation that has a paginator. */
export type PaginatedOperation = keyof typeof paginatorSpecs;

/** True when `name` is the Go name of a paginated operation. */
export function isPaginatedOperation(name: string): name is PaginatedOperation {
  return Object.hasOwn(paginatorSpecs, name);
}

/** A field of a page (undefined when the page is not an object). */
function fieldOf(page: unknown, key: string): unknown {
  return page !== null && typeof page === 'object' ? Reflect.get(page, key) : undefined;
}

/** The (parsed, `$metadata`-carrying) page result of a paginated operation. */
export type PageOf<Op extends PaginatedOperation> = OperationOutput<Op>;

/** The item type of a paginated operation, inferred from its response model. */
export type ItemOf<Op extends PaginatedOperation> = PageOf<Op>[(typeof paginatorSpecs)[Op]['items'] &
  keyof PageOf<Op>] extends readonly (infer I)[]
  ? I
  : never;

/** Options of a paginator: applied to every page request. `signal` is also checked between pages. */
export type PaginateOptions = RequestOptions;

/** Fetches one page with the given input (the paginator sets the page or marker fields). */
export type PageFetcher<TPage> = (
  input: Record<string, unknown>,
  options: RequestOptions | undefined,
) => Promise<TPage>;

/**
 * A lazy, re-iterable listing. Iterating it yields items, fetching the next page only once the
 * items of the current one have been consumed, so one page is in memory at a time;
 * {@link Paginator.pages} yields whole page results instead. Each iteration starts again from the
 * first page (or the `pageNo` / `marker` given in the input).
 *
 * Paging stops after an empty page, a short page (fewer items than the page size), a page that
 * reaches `totalCount`, a page with `isTruncated` false or no `nextMarker`, and before a page
 * already seen (the same marker twice, or identical items twice — servers that ignore paging
 * would otherwise loop forever). An aborted `signal` rejects with {@link BceAbortError} before the
 * next page is requested.
 */
export class Paginator<TItem, TPage> implements AsyncIterable<TItem> {
  readonly #operation: string;
  readonly #spec: PaginatorSpec;
  readonly #fetch: PageFetcher<TPage>;
  readonly #input: Readonly<Record<string, unknown>>;
  readonly #options: PaginateOptions | undefined;

  constructor(
    operation: string,
    spec: PaginatorSpec,
    fetch: PageFetcher<TPage>,
    input: unknown,
    options: PaginateOptions | undefined,
  ) {
    this.#operation = operation;
    this.#spec = spec;
    this.#fetch = fetch;
    this.#input = input !== null && typeof input === 'object' ? { ...input } : {};
    this.#options = options;
  }

  /** The Go name of the listed operation. */
  get operation(): string {
    return this.#operation;
  }

  /** Yields every page result (with its `$metadata`) until a stop condition is met. */
  pages(): AsyncGenerator<TPage, void, undefined> {
    return this.#spec.dialect === 'page' ? this.#numberedPages() : this.#markedPages();
  }

  /** Yields the items of every page, one page in memory at a time. */
  async *[Symbol.asyncIterator](): AsyncGenerator<TItem, void, undefined> {
    for await (const page of this.pages()) {
      yield* this.#items(page) as TItem[];
    }
  }

  async *#numberedPages(): AsyncGenerator<TPage, void, undefined> {
    const startPage = positiveInt(this.#input.pageNo) ?? 1;
    const requestedSize = positiveInt(this.#input.pageSize);
    const seen = new Set<string>();
    let itemsSeen = 0;
    for (let pageNo = startPage; ; pageNo++) {
      this.#checkAborted();
      const page = await this.#fetch({ ...this.#input, pageNo }, this.#options);
      const items = this.#items(page);
      if (this.#repeated(items, seen)) return;
      yield page;
      if (items.length === 0) return;
      itemsSeen += items.length;
      const size = requestedSize ?? positiveInt(fieldOf(page, 'pageSize'));
      if (size !== undefined && items.length < size) return;
      const total = fieldOf(page, 'totalCount');
      if (typeof total === 'number' && Number.isFinite(total)) {
        // Without a known page size the offset is only known when listing from the first page.
        const reached = size !== undefined ? pageNo * size : startPage === 1 ? itemsSeen : undefined;
        if (reached !== undefined && reached >= total) return;
      }
    }
  }

  async *#markedPages(): AsyncGenerator<TPage, void, undefined> {
    const sentMarkers = new Set<string>();
    const seen = new Set<string>();
    let marker = typeof this.#input.marker === 'string' && this.#input.marker !== '' ? this.#input.marker : undefined;
    for (;;) {
      this.#checkAborted();
      const pageInput: Record<string, unknown> = { ...this.#input };
      delete pageInput.marker;
      if (marker !== undefined) {
        pageInput.marker = marker;
        sentMarkers.add(marker);
      }
      const page = await this.#fetch(pageInput, this.#options);
      const items = this.#items(page);
      if (this.#repeated(items, seen)) return;
      yield page;
      if (items.length === 0) return;
      if (fieldOf(page, 'isTruncated') !== true) return;
      const next = fieldOf(page, 'nextMarker');
      if (typeof next !== 'string' || next === '' || sentMarkers.has(next)) return;
      marker = next;
    }
  }

  #items(page: TPage): unknown[] {
    const value = fieldOf(page, this.#spec.items);
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      throw new BceClientError(
        `${this.#operation}: the response's "${this.#spec.items}" is not an array; cannot paginate`,
        { operation: this.#operation },
      );
    }
    return value;
  }

  /** True when a non-empty page has exactly the items of an earlier page. Records the page otherwise. */
  #repeated(items: readonly unknown[], seen: Set<string>): boolean {
    if (items.length === 0) return false;
    const fingerprint = platform.fingerprint(JSON.stringify(items));
    if (seen.has(fingerprint)) return true;
    seen.add(fingerprint);
    return false;
  }

  #checkAborted(): void {
    const signal = this.#options?.signal;
    throwIfAborted(
      signal,
      () =>
        new BceAbortError(`${this.#operation}: pagination was aborted`, {
          operation: this.#operation,
          cause: signal?.reason,
        }),
    );
  }
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}
