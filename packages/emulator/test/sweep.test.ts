import { type RunningEmulator, startEmulator } from 'bec-emulator';
import { BecClient } from 'bec-sdk';
import { operations } from 'bec-sdk/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SweepRecorder } from './support/recorder.js';
import { runSweep } from './support/sweep-flow.js';

/**
 * Every operation of the table, end to end through bec-sdk over real sockets against one emulator:
 * each must succeed once in a realistic dependency order and fail once the way the service would.
 */
describe('sweep: all operations against one emulator', () => {
  let emu: RunningEmulator;
  let client: BecClient;
  const rec = new SweepRecorder();
  const allOperations = operations.map((o) => o.name).sort();

  beforeAll(async () => {
    emu = await startEmulator({ lifecycle: { mode: 'immediate' }, seed: 115, journalSize: 10_000 });
    client = new BecClient({ endpoint: emu.endpoint, credentials: emu.credentials, maxRetries: 0 });
  });
  afterAll(async () => {
    client?.close();
    await emu?.close();
  });

  it('the operation table has 115 operations, and the emulator a handler for each', () => {
    expect(allOperations).toHaveLength(115);
    expect(new Set(allOperations).size).toBe(115);
    expect([...emu.coverage()].sort()).toEqual(allOperations);
  });

  it('drives every operation to a success and to a checked failure, then leaves the account empty', async () => {
    await runSweep({ client, emu, rec });

    const missingSuccess = allOperations.filter((op) => !rec.succeeded.has(op));
    const missingFailure = allOperations.filter((op) => !rec.failed.has(op));
    expect(missingSuccess, 'operations without a successful call').toEqual([]);
    expect(missingFailure, 'operations without a checked failure').toEqual([]);
    expect([...rec.succeeded].sort()).toEqual(allOperations);
    expect([...rec.failed.keys()].sort()).toEqual(allOperations);

    // Everything that was created was deleted again.
    const state = emu.state()[emu.credentials.accessKeyId] ?? {};
    const left = Object.fromEntries(
      Object.entries(state).filter(([kind, records]) => !kind.startsWith('_') && records.length > 0),
    );
    expect(left).toEqual({});
  });

  it('the server saw each recorded call as that operation, with that status and code', () => {
    const journal = new Map(emu.journal.map((e) => [e.requestId, e]));
    expect(rec.calls.length).toBeGreaterThan(230);
    const mismatches = rec.calls.flatMap((call) => {
      const entry = journal.get(call.requestId);
      const seen = entry ? { operation: entry.operation, status: entry.status, code: entry.code } : undefined;
      const want = { operation: call.operation, status: call.status, code: call.code };
      return JSON.stringify(seen) === JSON.stringify(want) ? [] : [{ requestId: call.requestId, want, seen }];
    });
    expect(mismatches).toEqual([]);
    // Failures the SDK would not send went out raw, and the server refused them itself.
    expect(
      rec.calls
        .filter((c) => c.via === 'raw')
        .map((c) => c.operation)
        .sort(),
    ).toEqual([
      'BatchDeleteBlb',
      'BatchDeleteVmService',
      'BatchOperateVmService',
      'CreateDeploySet',
      'GetBecAvailableNodeInfoVo',
      'ServiceBatchDelete',
      'ServiceBatchOperate',
    ]);
    // The statuses of the checked failures.
    const byStatus = new Map<number, number>();
    for (const f of rec.failed.values()) byStatus.set(f.status, (byStatus.get(f.status) ?? 0) + 1);
    expect([...byStatus.keys()].sort()).toEqual([400, 404, 409]);
  });
});
