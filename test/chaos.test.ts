import { describe, expect, it } from 'vitest';
import { runChaos } from './chaos/workload.js';

describe('chaos (reduced): mixed operations with ~30% of requests faulted', () => {
  it('loses nothing, duplicates nothing and leaves no unhandled rejection', async () => {
    const report = await runChaos({ operations: 200, seed: 7 });
    expect(report.unhandledRejections).toBe(0);
    expect(report.duplicates).toEqual([]);
    expect(report.missing).toEqual([]);
    expect(report.unexpected).toEqual([]);
    // The faults really happened at the intended rate.
    expect(report.faultedRequests / report.totalRequests).toBeGreaterThan(0.15);
    expect(report.retries).toBeGreaterThan(0);
  }, 60_000);
});
