import { type OperationSpec, operations } from 'bec-sdk/spec';

interface Route {
  op: OperationSpec;
  /** Literal segments, or null where a path parameter goes. */
  segments: ReadonlyArray<string | null>;
  /** Argument names of the parameter segments, in order. */
  args: readonly string[];
  /** Value-less flags (`batchdelete`, `delete`, `modifyAttribute`) that select this operation. */
  flags: readonly string[];
  score: number;
}

export interface RouteMatch {
  op: OperationSpec;
  /** Decoded path arguments by Go argument name. */
  path: Record<string, string>;
}

/**
 * Maps (method, path, query flags) to an operation of the table. Where templates overlap, the
 * one with more literal segments wins (`/v1/vm/service/batch/operate` over
 * `/v1/vm/service/{serviceId}/{action}`); operations sharing method and path are told apart by
 * their value-less flags (`PUT .../ipgroup` updates, `PUT .../ipgroup?delete` deletes).
 */
export class Router {
  /** method -> number of segments -> routes, most specific first. */
  readonly #byMethod = new Map<string, Map<number, Route[]>>();

  constructor(ops: readonly OperationSpec[] = operations) {
    for (const op of ops) {
      const args: string[] = [];
      const segments = op.path
        .split('/')
        .slice(1)
        .map((seg) => {
          const m = seg.match(/^\{(.+)\}$/);
          if (!m) return seg;
          args.push(op.pathParams.find((p) => p.name === m[1])!.arg);
          return null;
        });
      const flags = op.query.filter((q) => q.source === 'constant').map((q) => q.key);
      const literal = segments.filter((s) => s !== null).length;
      const route: Route = { op, segments, args, flags, score: literal * 10 + flags.length };
      let bySize = this.#byMethod.get(op.method);
      if (!bySize) {
        bySize = new Map();
        this.#byMethod.set(op.method, bySize);
      }
      const list = bySize.get(segments.length) ?? [];
      list.push(route);
      bySize.set(segments.length, list);
    }
    // Stable sort: among equally specific templates the table's order decides.
    for (const bySize of this.#byMethod.values())
      for (const list of bySize.values()) list.sort((a, b) => b.score - a.score);
  }

  /**
   * `decodedSegments` are the path's segments after percent-decoding; `query` the decoded query
   * (pairs, or just the names).
   */
  match(
    method: string,
    decodedSegments: readonly string[],
    query: ReadonlySet<string> | ReadonlyArray<readonly [string, string]>,
  ): RouteMatch | undefined {
    const routes = this.#byMethod.get(method)?.get(decodedSegments.length);
    if (!routes) return undefined;
    const has = (flag: string): boolean => ('has' in query ? query.has(flag) : query.some(([k]) => k === flag));
    for (const route of routes) {
      if (route.flags.length > 0 && !route.flags.every(has)) continue;
      let ok = true;
      for (let i = 0; i < route.segments.length; i++) {
        const want = route.segments[i];
        if (want !== null && want !== decodedSegments[i]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      const path: Record<string, string> = {};
      let argIndex = 0;
      route.segments.forEach((seg, i) => {
        if (seg === null) path[route.args[argIndex++]!] = decodedSegments[i]!;
      });
      return { op: route.op, path };
    }
    return undefined;
  }

  /** True when some operation exists at this path with another method (for 405 answers). */
  pathExists(decodedSegments: readonly string[]): boolean {
    for (const [method] of this.#byMethod) {
      if (this.match(method, decodedSegments, new Set(['batchdelete', 'delete', 'modifyAttribute']))) return true;
    }
    return false;
  }
}
