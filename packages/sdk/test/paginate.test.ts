import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  type AppIpGroupDetail,
  BceAbortError,
  BceClientError,
  BceServiceError,
  BecClient,
  type ItemOf,
  type PageOf,
  type VmImageVo,
  type VmServiceBriefVo,
} from '../src/index.js';
import { modelSchemas, operations, paginatorSpecs } from '../src/spec.js';
import { closeStandIns, type Route, serve } from './support/stand-in.js';

afterEach(closeStandIns);

/** `n` distinct VM services. */
function vmServices(n: number): Array<{ serviceId: string; serviceName: string }> {
  return Array.from({ length: n }, (_, i) => ({
    serviceId: `s-${String(i).padStart(8, '0')}`,
    serviceName: `svc${i}`,
  }));
}

/** A v1 list that honours pageNo/pageSize (default page size `defaultSize`). */
function pagedList<T>(
  all: T[],
  opts: { pageNoKey?: string; pageSizeKey?: string; defaultSize?: number; totalCount?: boolean } = {},
): Route {
  const { pageNoKey = 'pageNo', pageSizeKey = 'pageSize', defaultSize = 1000, totalCount = true } = opts;
  return (req) => {
    const pageNo = Number(req.query.get(pageNoKey) ?? 1);
    const pageSize = Number(req.query.get(pageSizeKey) ?? defaultSize);
    const result = all.slice((pageNo - 1) * pageSize, pageNo * pageSize);
    const body: Record<string, unknown> = { result, orderBy: 'createTime', order: 'desc', pageNo, pageSize };
    if (totalCount) body.totalCount = all.length;
    return { body };
  };
}

/** A v2 list that honours marker/maxKeys; markers are the ID of the first item of the next page. */
function markedList<T extends { id: string }>(all: T[], itemsKey: string, markerKey = 'marker'): Route {
  return (req) => {
    const marker = req.query.get(markerKey);
    const maxKeys = Number(req.query.get('maxKeys') ?? 1000);
    const start = marker ? all.findIndex((x) => x.id === marker) : 0;
    const page = all.slice(start, start + maxKeys);
    const next = all[start + maxKeys];
    return {
      body: {
        [itemsKey]: page,
        marker: marker ?? null,
        maxKeys,
        isTruncated: next !== undefined,
        ...(next ? { nextMarker: next.id } : {}),
      },
    };
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

// ---- the table covers every list operation ---------------------------------------------------

describe('paginator table', () => {
  const fieldsOf = (model: string): Map<string, string> =>
    new Map((modelSchemas[model] ?? []).map(([json, type]) => [json, type]));
  const inputFields = (op: (typeof operations)[number]): string[] =>
    op.query.filter((q) => q.source === 'input').map((q) => q.field ?? q.key);

  const listOps = operations.filter((op) => {
    const fields = inputFields(op);
    return (
      (fields.includes('pageNo') && fields.includes('pageSize')) ||
      (fields.includes('marker') && fields.includes('maxKeys'))
    );
  });

  it('finds the 21 list operations of the spec', () => {
    expect(listOps).toHaveLength(21);
  });

  it.each(listOps.map((op) => [op.name, op] as const))(
    '%s has a paginator whose dialect and item key match its models',
    (name, op) => {
      const spec = (paginatorSpecs as Record<string, { dialect: string; items: string }>)[name];
      expect(spec, `${name} has no paginator`).toBeDefined();
      const fields = inputFields(op);
      expect(spec!.dialect).toBe(fields.includes('pageNo') ? 'page' : 'marker');
      const response = fieldsOf(op.response!);
      expect(response.get(spec!.items)).toMatch(/^array of /);
      const paging = spec!.dialect === 'page' ? ['pageNo', 'pageSize', 'totalCount'] : ['isTruncated', 'nextMarker'];
      for (const key of paging) expect(response.has(key), `${op.response} lacks ${key}`).toBe(true);
      const method = `paginate${name}`;
      expect(typeof (BecClient.prototype as unknown as Record<string, unknown>)[method], `BecClient.${method}`).toBe(
        'function',
      );
    },
  );

  it('has no entry that is not a list operation', () => {
    expect(Object.keys(paginatorSpecs).sort()).toEqual(listOps.map((op) => op.name).sort());
  });

  it('infers item types from the response models', () => {
    expectTypeOf<ItemOf<'GetVmServiceList'>>().toEqualTypeOf<VmServiceBriefVo>();
    expectTypeOf<ItemOf<'ListVmImage'>>().toEqualTypeOf<VmImageVo>();
    expectTypeOf<ItemOf<'GetIpGroup'>>().toEqualTypeOf<AppIpGroupDetail>();
    expectTypeOf<PageOf<'GetAppBlbList'>['$metadata']['requestId']>().toEqualTypeOf<string>();
  });
});

// ---- pageNo / pageSize / totalCount -----------------------------------------------------------

describe('page-numbered lists', () => {
  it('walks every page, keeping filters and the page size, and stops on the short page', async () => {
    const all = vmServices(7);
    const { client, seen } = await serve(pagedList(all, { totalCount: false }));
    const items = await collect(
      client.paginateGetVmServiceList({ pageSize: 3, keywordType: 'serviceName', keyword: 'svc' }),
    );
    expect(items.map((s) => s.serviceId)).toEqual(all.map((s) => s.serviceId));
    expect(seen.map((r) => r.path)).toEqual(['/v1/vm/service', '/v1/vm/service', '/v1/vm/service']);
    expect(seen.map((r) => r.query.get('pageNo'))).toEqual(['1', '2', '3']);
    for (const r of seen) {
      expect(r.query.get('pageSize')).toBe('3');
      expect(r.query.get('keyword')).toBe('svc');
      expect(r.query.get('keywordType')).toBe('serviceName');
    }
  });

  it('stops when pageNo * pageSize reaches totalCount, without asking for an empty page', async () => {
    const all = vmServices(6);
    const { client, seen } = await serve(pagedList(all));
    const items = await collect(client.paginateGetVmInstanceList({ pageSize: 3 }));
    expect(items).toHaveLength(6);
    expect(seen).toHaveLength(2);
    expect(seen[0]!.path).toBe('/v1/vm/instance');
  });

  it('stops on an empty page when the server gives no totalCount', async () => {
    const all = vmServices(6);
    const { client, seen } = await serve(pagedList(all, { totalCount: false }));
    const pages = await collect(client.paginateListService({ pageSize: 3 }).pages());
    expect(pages.map((p) => p.result.length)).toEqual([3, 3, 0]);
    expect(seen).toHaveLength(3);
  });

  it("uses the response's pageSize when the caller sets none", async () => {
    const all = vmServices(5);
    const { client, seen } = await serve(pagedList(all, { defaultSize: 2, totalCount: false }));
    const items = await collect(client.paginateGetBlbList({ lbType: 'vm' }));
    expect(items).toHaveLength(5);
    expect(seen.map((r) => [r.query.get('pageNo'), r.query.get('pageSize'), r.query.get('lbType')])).toEqual([
      ['1', null, 'vm'],
      ['2', null, 'vm'],
      ['3', null, 'vm'],
    ]);
  });

  it('starts at the given pageNo', async () => {
    const all = Array.from({ length: 9 }, (_, i) => ({ deploysetId: `dset-${i}`, name: `d${i}` }));
    const { client, seen } = await serve(pagedList(all));
    const items = await collect(client.paginateGetDeploySetList({ pageNo: 2, pageSize: 4 }));
    expect(items.map((d) => d.deploysetId)).toEqual(all.slice(4).map((d) => d.deploysetId));
    expect(seen.map((r) => r.query.get('pageNo'))).toEqual(['2', '3']);
  });

  it('puts path IDs in the path of every page', async () => {
    const all = vmServices(3);
    const { client, seen } = await serve(pagedList(all));
    const items = await collect(client.paginateGetRouteRuleList('rt-abc', { pageSize: 2 }));
    expect(items).toHaveLength(3);
    expect(seen.map((r) => r.path)).toEqual(['/v1/route/rule/list/rt-abc', '/v1/route/rule/list/rt-abc']);
    const bound = await serve(pagedList(all));
    await collect(bound.client.paginateGetBlbBackendPodList('lb-xyz', { pageSize: 5 }));
    expect(bound.seen.map((r) => r.path)).toEqual(['/v1/blb/lb-xyz/binded']);
  });

  it('ListVmImage sends PageNo/PageSize on the wire while the input says pageNo/pageSize', async () => {
    const images = Array.from({ length: 5 }, (_, i) => ({ imageId: `im-${i}`, status: 'SUCCEEDED' }));
    const { client, seen } = await serve(pagedList(images, { pageNoKey: 'PageNo', pageSizeKey: 'PageSize' }));
    const items = await collect(client.paginateListVmImage({ pageSize: 2, keywordType: 'name', keyword: 'web' }));
    expect(items.map((i) => i.imageId)).toEqual(images.map((i) => i.imageId));
    expect(seen.map((r) => r.query.get('PageNo'))).toEqual(['1', '2', '3']);
    for (const r of seen) {
      expect(r.query.get('PageSize')).toBe('2');
      expect(r.query.has('pageNo')).toBe(false);
      expect(r.query.has('pageSize')).toBe(false);
      expect(r.query.get('keyword')).toBe('web');
    }
  });

  it('stops on a server that ignores paging (the same page again) without yielding duplicates', async () => {
    const page = vmServices(3);
    const { client, seen } = await serve(() => ({
      body: { result: page, pageNo: 1, pageSize: 3, totalCount: 100 },
    }));
    const items = await collect(client.paginateGetPodList({ pageSize: 3 }));
    expect(items).toHaveLength(3);
    expect(seen).toHaveLength(2);
  });

  it('stops when a later page repeats an earlier one (a cycle)', async () => {
    const a = vmServices(2);
    const b = vmServices(4).slice(2);
    const { client, seen } = await serve((_req, i) => ({
      body: { result: i % 2 === 0 ? a : b, pageSize: 2, totalCount: 100 },
    }));
    const items = await collect(client.paginateGetVpcList({ pageSize: 2 }));
    expect(items).toHaveLength(4);
    expect(seen).toHaveLength(3);
  });

  it('treats a missing or null item array as an empty page', async () => {
    const { client, seen } = await serve(() => ({ body: { result: null, pageNo: 1, pageSize: 10, totalCount: 0 } }));
    const pages = await collect(client.paginateGetSubnetList().pages());
    expect(pages).toHaveLength(1);
    expect(await collect(client.paginateGetSubnetList())).toEqual([]);
    expect(seen).toHaveLength(2);
  });

  it('rejects when the item key holds something other than an array', async () => {
    const { client } = await serve(() => ({ body: { result: { not: 'an array' }, pageSize: 10 } }));
    const err = await rejection(collect(client.paginateGetRouteTableList()));
    expect(err).toBeInstanceOf(BceClientError);
    expect(err.message).toMatch(/"result" is not an array/);
  });

  it('passes a service error from a later page through, after the earlier items', async () => {
    const all = vmServices(4);
    const list = pagedList(all);
    const { client } = await serve((req, i) =>
      i === 0 ? list(req, i) : { status: 403, body: { code: 'AccessDenied', message: 'no', requestId: 'r' } },
    );
    const got: string[] = [];
    const err = await rejection(
      (async () => {
        for await (const s of client.paginateGetVmServiceList({ pageSize: 2 })) got.push(s.serviceId);
      })(),
    );
    expect(got).toHaveLength(2);
    expect(err).toBeInstanceOf(BceServiceError);
    expect((err as BceServiceError).statusCode).toBe(403);
  });
});

// ---- marker / maxKeys -------------------------------------------------------------------------

describe('marker lists', () => {
  const groups = (n: number): Array<{ id: string; name: string }> =>
    Array.from({ length: n }, (_, i) => ({ id: `bec_ip_group-${String(i).padStart(4, '0')}`, name: `g${i}` }));

  it('follows nextMarker while isTruncated, with maxKeys on every page', async () => {
    const blbs = groups(5).map((g) => ({ ...g, blbId: g.id }));
    const { client, seen } = await serve(markedList(blbs, 'blbList'));
    const items = await collect(client.paginateGetAppBlbList({ maxKeys: 2 }));
    expect(items.map((b) => b.blbId)).toEqual(blbs.map((b) => b.blbId));
    expect(seen.map((r) => r.path)).toEqual(['/v2/appblb', '/v2/appblb', '/v2/appblb']);
    expect(seen.map((r) => r.query.get('marker'))).toEqual([null, blbs[2]!.id, blbs[4]!.id]);
    for (const r of seen) expect(r.query.get('maxKeys')).toBe('2');
  });

  it('sends the marker as `maker` for the IP-group lists', async () => {
    const all = groups(3);
    const { client, seen } = await serve(markedList(all, 'appIpGroupList', 'maker'));
    const items = await collect(client.paginateGetIpGroup('applb-cn-hangzhou-cm-abc', { maxKeys: 2, name: 'g' }));
    expect(items.map((g) => g.id)).toEqual(all.map((g) => g.id));
    expect(seen.map((r) => r.path)).toEqual([
      '/v2/appblb/applb-cn-hangzhou-cm-abc/ipgroup',
      '/v2/appblb/applb-cn-hangzhou-cm-abc/ipgroup',
    ]);
    expect(seen.map((r) => r.query.get('maker'))).toEqual([null, all[2]!.id]);
    for (const r of seen) {
      expect(r.query.has('marker')).toBe(false);
      expect(r.query.get('exactlyMatch')).toBe('false');
      expect(r.query.get('name')).toBe('g');
    }
  });

  it.each([
    ['paginateGetIpGroupPolicyList', 'backendPolicyList', 'ipgroup/backendpolicy', { ipGroupId: 'g-1' }],
    ['paginateGetIpGroupMemberList', 'memberList', 'ipgroup/member', { ipGroupId: 'g-1' }],
    ['paginateGetListenerPolicy', 'policyList', 'policys', { port: 80 }],
  ] as const)('%s pages with `maker` over %s', async (method, key, suffix, filter) => {
    const all = groups(3);
    const { client, seen } = await serve(markedList(all, key, 'maker'));
    const paginate = client[method].bind(client) as (id: string, input: object) => AsyncIterable<{ id: string }>;
    const items = await collect(paginate('applb-x', { ...filter, maxKeys: 2 }));
    expect(items.map((g) => g.id)).toEqual(all.map((g) => g.id));
    expect(seen.map((r) => r.path)).toEqual([`/v2/appblb/applb-x/${suffix}`, `/v2/appblb/applb-x/${suffix}`]);
    expect(seen[1]!.query.get('maker')).toBe(all[2]!.id);
    for (const [k, v] of Object.entries(filter)) expect(seen[1]!.query.get(k)).toBe(String(v));
  });

  it.each([
    ['paginateGetTcpListener', 'TCPlistener'],
    ['paginateGetUdpListener', 'UDPlistener'],
  ] as const)('%s pages with `marker` over listenerList', async (method, segment) => {
    const all = groups(3);
    const { client, seen } = await serve(markedList(all, 'listenerList'));
    const items = await collect(client[method]('applb-x', { maxKeys: 2 }) as AsyncIterable<{ id: string }>);
    expect(items).toHaveLength(3);
    expect(seen.map((r) => r.path)).toEqual([`/v2/appblb/applb-x/${segment}`, `/v2/appblb/applb-x/${segment}`]);
    expect(seen[1]!.query.get('marker')).toBe(all[2]!.id);
  });

  it('starts at the given marker', async () => {
    const blbs = groups(4).map((g) => ({ ...g, blbId: g.id }));
    const { client, seen } = await serve(markedList(blbs, 'blbList'));
    const items = await collect(client.paginateGetAppBlbList({ marker: blbs[1]!.id, maxKeys: 2 }));
    expect(items.map((b) => b.blbId)).toEqual(blbs.slice(1).map((b) => b.blbId));
    expect(seen.map((r) => r.query.get('marker'))).toEqual([blbs[1]!.id, blbs[3]!.id]);
  });

  it('stops when isTruncated is true but nextMarker is missing or empty', async () => {
    for (const nextMarker of [undefined, '', null]) {
      const { client, seen } = await serve(() => ({
        body: {
          blbList: groups(2),
          isTruncated: true,
          maxKeys: 2,
          ...(nextMarker === undefined ? {} : { nextMarker }),
        },
      }));
      expect(await collect(client.paginateGetAppBlbList({ maxKeys: 2 }))).toHaveLength(2);
      expect(seen).toHaveLength(1);
    }
  });

  it('stops when the server hands back a marker it was already sent', async () => {
    const all = groups(6);
    const { client, seen } = await serve((_req, i) => ({
      body: { memberList: all.slice(i * 2, i * 2 + 2), isTruncated: true, nextMarker: 'same-marker', maxKeys: 2 },
    }));
    const items = await collect(client.paginateGetIpGroupMemberList('applb-x', { ipGroupId: 'g-1', maxKeys: 2 }));
    expect(items).toHaveLength(4);
    expect(seen.map((r) => r.query.get('maker'))).toEqual([null, 'same-marker']);
  });

  it('stops on a server that ignores the marker (identical page, fresh marker each time)', async () => {
    const page = groups(2);
    const { client, seen } = await serve((_req, i) => ({
      body: { listenerList: page, isTruncated: true, nextMarker: `m-${i}`, maxKeys: 2 },
    }));
    const items = await collect(client.paginateGetTcpListener('applb-x', { maxKeys: 2 }));
    expect(items).toHaveLength(2);
    expect(seen).toHaveLength(2);
  });

  it('stops on an empty page even if it claims to be truncated', async () => {
    const { client, seen } = await serve(() => ({ body: { policyList: [], isTruncated: true, nextMarker: 'x' } }));
    const pages = await collect(client.paginateGetListenerPolicy('applb-x', { port: 443 }).pages());
    expect(pages).toHaveLength(1);
    expect(seen).toHaveLength(1);
  });
});

// ---- laziness, pages(), abort ------------------------------------------------------------------

describe('iteration', () => {
  it('holds one page at a time: page N+1 is requested only after the items of page N are consumed', async () => {
    const all = vmServices(7);
    const { client, seen } = await serve(pagedList(all));
    const iterator = client.paginateGetVmServiceList({ pageSize: 3 })[Symbol.asyncIterator]();
    expect(seen).toHaveLength(0);
    const got: string[] = [];
    const requestsAfter: number[] = [];
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      got.push(next.value.serviceId);
      requestsAfter.push(seen.length);
    }
    expect(got).toEqual(all.map((s) => s.serviceId));
    expect(requestsAfter).toEqual([1, 1, 1, 2, 2, 2, 3]);
  });

  it('pages() yields whole results with their $metadata, and each iteration starts over', async () => {
    const all = vmServices(3);
    const { client, seen } = await serve(pagedList(all));
    const paginator = client.paginateGetVmServiceList({ pageSize: 2 });
    const pages = await collect(paginator.pages());
    expect(pages.map((p) => [p.pageNo, p.result.length, p.totalCount])).toEqual([
      [1, 2, 3],
      [2, 1, 3],
    ]);
    expect(pages[0]!.$metadata.requestId).toBe('rid-1');
    expect(pages[0]!.$metadata.statusCode).toBe(200);
    expect(await collect(paginator)).toHaveLength(3);
    expect(seen.map((r) => r.query.get('pageNo'))).toEqual(['1', '2', '1', '2']);
  });

  it('stops early without fetching more when the consumer breaks', async () => {
    const { client, seen } = await serve(pagedList(vmServices(50)));
    for await (const s of client.paginateGetVmServiceList({ pageSize: 5 })) {
      if (s.serviceId.endsWith('6')) break;
    }
    expect(seen).toHaveLength(2);
  });

  it('an abort between pages rejects with BceAbortError before the next request', async () => {
    const { client, seen } = await serve(pagedList(vmServices(9)));
    const controller = new AbortController();
    const got: string[] = [];
    const err = await rejection(
      (async () => {
        for await (const s of client.paginateGetVmServiceList({ pageSize: 3 }, { signal: controller.signal })) {
          got.push(s.serviceId);
          if (got.length === 3) controller.abort(new Error('user stop'));
        }
      })(),
    );
    expect(err).toBeInstanceOf(BceAbortError);
    expect((err as BceAbortError).operation).toBe('GetVmServiceList');
    expect(got).toHaveLength(3);
    expect(seen).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const { client, seen } = await serve(pagedList(vmServices(3)));
    const err = await rejection(collect(client.paginateGetAppBlbList({}, { signal: AbortSignal.abort() })));
    expect(err).toBeInstanceOf(BceAbortError);
    expect(seen).toHaveLength(0);
  });

  it('paginateOperation lists any paginated operation by its Go name', async () => {
    const all = vmServices(3);
    const { client, seen } = await serve(pagedList(all));
    const items = await collect(
      client.paginateOperation('GetBlbMonitorPortList', { path: { blbId: 'lb-1' }, input: { pageSize: 2 } }),
    );
    expect(items).toHaveLength(3);
    expect(seen[0]!.path).toBe('/v1/blb/lb-1/monitor');
    expect(() => client.paginateOperation('GetVmServiceDetail' as 'ListService', {})).toThrow(TypeError);
  });
});
