import { describe, expect, it } from 'vitest';
import { assertBuilt, childEnv, runBec } from './helpers.js';

describe('bec demo (what npm start runs)', () => {
  it('walks through the guide against an embedded emulator and exits 0', { timeout: 60_000 }, async () => {
    assertBuilt();
    const r = await runBec(['demo'], { env: childEnv({}), timeoutMs: 55_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const calls = [
      'createVmService',
      'getVmServiceList',
      'getVmServiceDetail',
      'updateVmService',
      'getVmInstanceList',
      'operateVmDeployment stop',
      'operateVmDeployment start',
      'reinstallVmInstance',
      'createVmImage',
      'createService',
      'getService',
      'deleteService',
      'createBlb',
      'createBlbMonitorPort',
      'createBlbBinding',
      'getBlbDetail',
      'deleteBlbBindPod',
      'deleteBlb',
      'deleteVmImage',
      'deleteVmService',
    ];
    let at = 0;
    for (const call of calls) {
      const i = r.stdout.indexOf(`. ${call} `, at);
      expect(i, `${call} after position ${at}`).toBeGreaterThan(at);
      at = i;
    }
    expect(r.stdout).toMatch(/waiting for the VM service to run: .*1\/1 running/);
    expect(r.stdout).toMatch(/waiting for the instance to stop: STOPPING -> STOPPED/);
    expect(r.stdout).toMatch(/s-[a-z0-9]{8} in Hangzhou \(cn-hangzhou-cm, CHINA_MOBILE\)/);
    expect(r.stdout).toMatch(/^Done: \d+ steps in [\d.]+ s\.$/m);
    expect(r.stdout).not.toMatch(/FAILED/);
  });
});
