/**
 * Checks both bce-auth-v1 signers (node:crypto and WebCrypto) against a vector file
 * (BEC_AUTH_VECTORS, or spec/auth-vectors.json): canonical request, signing key and authorization
 * for every case.
 */
import { readFileSync } from 'node:fs';
import { BceV1Signer } from '../src/auth/signer.js';
import { BceV1WebSigner } from '../src/auth/web-signer.js';
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
for (const [label, Signer] of [
  ['node:crypto', BceV1Signer],
  ['WebCrypto', BceV1WebSigner],
] as const) {
  for (const c of cases) {
    const signer = new Signer();
    try {
      const result = await signer.sign(
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
        console.log(`FAIL ${label} ${c.name}: ${wrong.join(', ')} differ`);
      }
    } catch (err) {
      failed++;
      console.log(`FAIL ${label} ${c.name}: threw ${(err as Error).message}`);
    }
  }
}
console.log(`${passed} passed, ${failed} failed (${cases.length} vectors, node:crypto and WebCrypto signers)`);
process.exitCode = failed === 0 && passed === 2 * cases.length && cases.length > 0 ? 0 : 1;
