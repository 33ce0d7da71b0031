/**
 * Checks the bce-auth-v1 signer against a vector file (BEC_AUTH_VECTORS, or
 * spec/auth-vectors.json): canonical request, signing key and authorization for every case.
 */
import { readFileSync } from 'node:fs';
import { BceV1Signer } from '../src/auth/signer.js';
import { specFile } from './spec-file.js';

interface AuthVector {
  name: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  timestamp: string;
  expirationSeconds: number;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  headersToSign?: string[];
  expected: { canonicalRequest: string; signingKey: string; authorization: string };
}

const file = process.env.BEC_AUTH_VECTORS || specFile('auth-vectors.json');
const { cases } = JSON.parse(readFileSync(file, 'utf8')) as { cases: AuthVector[] };
let passed = 0;
let failed = 0;
for (const c of cases) {
  const signer = new BceV1Signer();
  try {
    const result = signer.sign(
      { method: c.method, path: c.path, query: c.query ?? {}, headers: c.headers ?? {} },
      { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken },
      {
        timestamp: Date.parse(c.timestamp) / 1000,
        expirationSeconds: c.expirationSeconds,
        headersToSign: c.headersToSign,
      },
    );
    const wrong: string[] = [];
    if (result.canonicalRequest !== c.expected.canonicalRequest) wrong.push('canonicalRequest');
    if (result.signingKey !== c.expected.signingKey) wrong.push('signingKey');
    if (result.authorization !== c.expected.authorization) wrong.push('authorization');
    if (wrong.length === 0) passed++;
    else {
      failed++;
      console.log(`FAIL ${c.name}: ${wrong.join(', ')} differ`);
    }
  } catch (err) {
    failed++;
    console.log(`FAIL ${c.name}: threw ${(err as Error).message}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && cases.length > 0 ? 0 : 1;
