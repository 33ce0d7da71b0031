/**
 * The chaos workload: mixed operations through bec-sdk against the emulator while about 30% of
 * requests are faulted (500/502/503/429, RequestExpired, connection resets before and after the
 * server acted, stalls past the client timeout). Afterwards the emulator's state is compared with
 * the model the workload kept: no duplicates, nothing missing, nothing extra.
 */

import { type FaultRule, type RunningEmulator, startEmulator } from 'bec-emulator';
import { BceError, BceServiceError, BecClient } from 'bec-sdk';

export interface ChaosReport {
  operations: number;
  faultsInjected: Record<string, number>;
  faultedRequests: number;
  totalRequests: number;
  retries: number;
  outcomes: { ok: number; failed: number; unknown: number };
  unhandledRejections: number;
  duplicates: string[];
  missing: string[];
  unexpected: string[];
}

type Kind = 'vpc' | 'deploySet' | 'appBlb';

interface Tracked {
  kind: Kind;
  name: string;
  id: string | undefined;
  /** 'alive', 'deleted', or unknown while a create/delete outcome is not known. */
  state: 'alive' | 'deleted' | 'unknown-create' | 'unknown-delete';
}

interface KindOps {
  create(name: string): Promise<{ id: string | undefined; result: unknown }>;
  detail(id: string): Promise<unknown>;
  update(id: string, name: string, step: number): Promise<unknown>;
  remove(id: string): Promise<unknown>;
  list(): Promise<unknown>;
}

/** A 4xx answer (other than throttling or an expired signature) means the request was not carried out. */
function definitelyRejected(err: unknown): boolean {
  return (
    err instanceof BceServiceError &&
    err.statusCode < 500 &&
    err.statusCode !== 429 &&
    err.code !== 'RequestExpired' &&
    !err.outcomeUnknown
  );
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CHAOS_FAULTS: FaultRule[] = [
  { action: 'error', status: 500, probability: 0.08 },
  { action: 'error', status: 503, code: 'ServiceUnavailable', probability: 0.06 },
  { action: 'error', status: 502, phase: 'after', probability: 0.04 },
  { action: 'error', status: 429, code: 'TooManyRequests', probability: 0.03 },
  { action: 'error', status: 400, code: 'RequestExpired', probability: 0.03 },
  { action: 'reset', probability: 0.04 },
  { action: 'reset', phase: 'after', probability: 0.03 },
  { action: 'stall', probability: 0.02 },
];

export async function runChaos(options: {
  operations: number;
  seed?: number;
  emulator?: RunningEmulator;
}): Promise<ChaosReport> {
  const seed = options.seed ?? 20261127;
  const random = rng(seed);
  const emu =
    options.emulator ??
    (await startEmulator({ lifecycle: { mode: 'immediate' }, seed, log: () => {}, journalSize: 1_000_000 }));
  let unhandled = 0;
  const onUnhandled = (): void => {
    unhandled++;
  };
  process.on('unhandledRejection', onUnhandled);

  const calm = new BecClient({ endpoint: emu.endpoint, credentials: emu.credentials, maxRetries: 0 });
  const client = new BecClient({
    endpoint: emu.endpoint,
    credentials: emu.credentials,
    timeoutMs: 400,
    maxRetries: 5,
    retryBaseDelayMs: 2,
    retryMaxDelayMs: 40,
    retryBudget: 1_000_000,
  });

  // Fault-free setup: the network the app BLBs live in.
  const vpc = await calm.createVpc({
    name: 'chaos-base',
    cidr: '10.0.0.0/16',
    regionId: 'cn-hangzhou-cm',
    description: 'base',
  });
  const baseVpcId = String(vpc.details.vpcId);
  const subnet = await calm.createSubnet({
    name: 'chaos-base-subnet',
    vpcId: baseVpcId,
    cidr: '10.0.1.0/24',
    description: 'base',
  });
  const baseSubnetId = String(subnet.details.subnetId);

  emu.faults.seed(seed);
  for (const rule of CHAOS_FAULTS) emu.faults.add(rule);
  const journalStart = emu.journal.length;

  const tracked: Tracked[] = [];
  const outcomes = { ok: 0, failed: 0, unknown: 0 };
  let retries = 0;
  const attemptsOf = (value: unknown): number => {
    const meta = (value as { $metadata?: { attempts: number } })?.$metadata;
    if (meta) return meta.attempts;
    const attempts = (value as { attempts?: number })?.attempts;
    return typeof attempts === 'number' ? attempts : 1;
  };
  const alive = (kind?: Kind) => tracked.filter((t) => t.state === 'alive' && t.id && (!kind || t.kind === kind));
  const pick = <T>(items: T[]): T | undefined => items[Math.floor(random() * items.length)];

  /** What the workload does with each kind of resource. */
  const kinds: Record<Kind, KindOps> = {
    vpc: {
      create: async (name) => {
        const r = await client.createVpc({
          name,
          cidr: '192.168.0.0/16',
          regionId: 'cn-hangzhou-cm',
          description: 'chaos',
        });
        return { id: String(r.details.vpcId), result: r };
      },
      detail: (id) => client.getVpcDetail(id),
      update: (id, name, i) => client.updateVpc(id, { name, description: `updated ${i}` }),
      remove: (id) => client.deleteVpc(id),
      list: () => client.getVpcList({ pageNo: 1, pageSize: 100 }),
    },
    deploySet: {
      create: async (name) => {
        const r = await client.createDeploySet({ name, desc: 'chaos' });
        return { id: r.deploysetIdList[0], result: r };
      },
      detail: (id) => client.getDeploySetDetail(id),
      update: (id, name, i) => client.updateDeploySet(id, { name, desc: `updated ${i}` }),
      remove: (id) => client.deleteDeploySet(id),
      list: () => client.getDeploySetList({ pageNo: 1, pageSize: 100 }),
    },
    appBlb: {
      create: async (name) => {
        const r = await client.createAppBlb({
          name,
          desc: 'chaos',
          regionId: 'cn-hangzhou-cm',
          vpcId: baseVpcId,
          subnetId: baseSubnetId,
          needPublicIp: false,
          subServiceProviders: ['cm'],
        });
        return { id: r.blbId, result: r };
      },
      detail: (id) => client.getAppBlbDetails(id),
      update: (id, name, i) => client.updateAppBlb(id, { name, desc: `updated ${i}` }),
      remove: (id) => client.deleteAppBlbInstance(id),
      list: () => client.getAppBlbList({ maxKeys: 100 }),
    },
  };
  const kindNames = Object.keys(kinds) as Kind[];

  for (let i = 0; i < options.operations; i++) {
    const roll = random();
    try {
      if (roll < 0.4) {
        // Creates: vpc (no clientToken), deploy set (no clientToken), app BLB (clientToken).
        const kind: Kind = roll < 0.15 ? 'vpc' : roll < 0.3 ? 'deploySet' : 'appBlb';
        const t: Tracked = { kind, name: `chaos-${i}`, id: undefined, state: 'unknown-create' };
        tracked.push(t);
        try {
          const { id, result } = await kinds[kind].create(t.name);
          retries += attemptsOf(result) - 1;
          t.id = id;
          t.state = 'alive';
          outcomes.ok++;
        } catch (err) {
          retries += attemptsOf(err) - 1;
          if (!definitelyRejected(err)) outcomes.unknown++;
          else {
            t.state = 'deleted';
            outcomes.failed++;
          }
        }
      } else if (roll < 0.9) {
        const t = pick(alive());
        if (!t) continue;
        const ops = kinds[t.kind];
        if (roll < 0.6) {
          retries += attemptsOf(await ops.detail(t.id!)) - 1;
          outcomes.ok++;
        } else if (roll < 0.75) {
          retries += attemptsOf(await ops.update(t.id!, t.name, i)) - 1;
          outcomes.ok++;
        } else {
          try {
            retries += attemptsOf(await ops.remove(t.id!)) - 1;
            t.state = 'deleted';
            outcomes.ok++;
          } catch (err) {
            retries += attemptsOf(err) - 1;
            if (err instanceof BceServiceError && err.statusCode === 404) {
              // An earlier attempt deleted it and the reply was lost.
              t.state = 'deleted';
              outcomes.ok++;
            } else {
              t.state = 'unknown-delete';
              outcomes.unknown++;
            }
          }
        }
      } else {
        retries += attemptsOf(await kinds[pick(kindNames)!].list()) - 1;
        outcomes.ok++;
      }
    } catch (err) {
      if (!(err instanceof BceError)) throw err;
      retries += attemptsOf(err) - 1;
      outcomes.failed++;
    }
  }

  const journal = emu.journal.slice(journalStart);
  const faultsInjected = { ...emu.faults.injected };
  emu.faults.clear();

  // Ground truth through the API, without faults.
  const names = new Map<string, string[]>();
  const note = (kind: Kind, name: string, id: string): void => {
    if (!name.startsWith('chaos-') || name.startsWith('chaos-base')) return;
    const key = `${kind}:${name}`;
    names.set(key, [...(names.get(key) ?? []), id]);
  };
  for await (const v of calm.paginateGetVpcList({ pageSize: 1000 })) note('vpc', v.name, v.vpcId);
  for await (const d of calm.paginateGetDeploySetList({ pageSize: 1000 })) note('deploySet', d.name, d.deploysetId);
  for await (const b of calm.paginateGetAppBlbList({ maxKeys: 1000 })) note('appBlb', b.name, b.blbId);

  const duplicates = [...names.entries()].filter(([, ids]) => ids.length > 1).map(([k, ids]) => `${k} x${ids.length}`);
  const missing: string[] = [];
  const unexpected: string[] = [];
  for (const t of tracked) {
    const key = `${t.kind}:${t.name}`;
    const present = names.has(key);
    if (t.state === 'alive' && !present) missing.push(key);
    if (t.state === 'deleted' && present) unexpected.push(key);
    // Unknown outcomes are resolved by what the service says; either answer is consistent.
  }
  const trackedKeys = new Set(tracked.map((t) => `${t.kind}:${t.name}`));
  for (const key of names.keys()) if (!trackedKeys.has(key)) unexpected.push(key);

  calm.close();
  client.close();
  process.off('unhandledRejection', onUnhandled);
  if (!options.emulator) await emu.close();
  return {
    operations: options.operations,
    faultsInjected,
    faultedRequests: journal.filter((e) => e.fault).length,
    totalRequests: journal.length,
    retries,
    outcomes,
    unhandledRejections: unhandled,
    duplicates,
    missing,
    unexpected,
  };
}
