/**
 * Signing benchmarks.
 * - sign-vs-baidu: signatures per second, bec-sdk's signer vs the signer of Baidu's JS SDK
 *   (@baiducloud/sdk Auth.generateAuthorization) on the same request.
 * - sign-vs-floor: our signing time vs two raw HMAC-SHA256 computations of the same sizes
 *   (signing key + signature), the least any bce-auth-v1 signer must do.
 */
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { BceV1Signer } from '../packages/sdk/src/auth/signer.js';
import { alternate, type BenchRow, opsPerSecond, round } from './lib.js';

const require = createRequire(import.meta.url);

const AK = 'AKIDEXAMPLE0000000000000000000000';
const SK = 'SKEXAMPLE00000000000000000000000';
const TIMESTAMP = 1_700_000_000;
const request = {
  method: 'GET',
  path: '/v1/vm/service/s-abc12345',
  query: [] as Array<[string, string]>,
  headers: {
    host: 'bec.baidubce.com',
    'content-type': 'application/json;charset=utf-8',
    'x-bce-date': '2023-11-14T22:13:20Z',
  },
};

export async function signingBenchmarks(rounds: number): Promise<BenchRow[]> {
  const signer = new BceV1Signer();
  const credentials = { accessKeyId: AK, secretAccessKey: SK };
  const ours = (): void => {
    signer.sign(request, credentials, { timestamp: TIMESTAMP });
  };

  const { Auth } = require('@baiducloud/sdk') as {
    Auth: new (
      ak: string,
      sk: string,
    ) => {
      generateAuthorization(
        method: string,
        resource: string,
        params: Record<string, string>,
        headers: Record<string, string>,
        timestamp: number,
        expiration: number,
        headersToSign: string[],
      ): string;
    };
  };
  const baidu = new Auth(AK, SK);
  const headersToSign = ['host', 'content-type', 'x-bce-date'];
  const theirs = (): void => {
    baidu.generateAuthorization(request.method, request.path, {}, request.headers, TIMESTAMP, 1800, headersToSign);
  };

  // Same output first, so the comparison is between equal work products.
  const mine = signer.sign(request, credentials, { timestamp: TIMESTAMP }).authorization;
  const reference = baidu.generateAuthorization(
    request.method,
    request.path,
    {},
    request.headers,
    TIMESTAMP,
    1800,
    headersToSign,
  );
  const note = mine === reference ? 'same Authorization as @baiducloud/sdk' : 'Authorization strings differ';

  const vsBaidu = await alternate(
    rounds,
    () => opsPerSecond(ours),
    () => opsPerSecond(theirs),
  );

  const prefix = `bce-auth-v1/${AK}/2023-11-14T22:13:20Z/1800`;
  const canonical = signer.sign(request, credentials, { timestamp: TIMESTAMP }).canonicalRequest;
  const floor = (): void => {
    const key = createHmac('sha256', SK).update(prefix).digest('hex');
    createHmac('sha256', key).update(canonical).digest('hex');
  };
  const vsFloor = await alternate(
    rounds,
    () => 1e6 / opsPerSecond(ours),
    () => 1e6 / opsPerSecond(floor),
  );

  return [
    {
      name: 'sign-vs-baidu',
      value: round(vsBaidu.ours, 0),
      unit: 'signatures/s',
      baseline: round(vsBaidu.theirs, 0),
      ratio: round(vsBaidu.ratio),
      target: 'ratio >= 3',
      met: vsBaidu.ratio >= 3,
      note,
    },
    {
      name: 'sign-vs-floor',
      value: round(vsFloor.ours, 3),
      unit: 'µs/signature',
      baseline: round(vsFloor.theirs, 3),
      ratio: round(vsFloor.ratio),
      target: 'ratio <= 1.5',
      met: vsFloor.ratio <= 1.5,
      note: 'floor = 2 × HMAC-SHA256 (signing key + signature)',
    },
  ];
}
