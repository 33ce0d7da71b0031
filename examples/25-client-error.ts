// Client-side errors (seed: 客户端异常): BceClientError and its kinds.
import {
  BceClientError,
  BceCredentialsError,
  BceNetworkError,
  BceServiceError,
  BceTimeoutError,
  BceValidationError,
  BecClient,
} from 'bec-sdk';

const client = new BecClient();

// Invalid input never leaves the process: BceValidationError names the field and the rule.
try {
  await client.getVmServiceDetail('../other');
} catch (err) {
  if (err instanceof BceValidationError) console.log('validation:', err.field, '-', err.rule);
  else throw err;
}

// Nothing listening: BceNetworkError (ECONNREFUSED), after the safe retries.
const unreachable = new BecClient({ endpoint: 'http://127.0.0.1:9', maxRetries: 1, retryBaseDelayMs: 10 });
try {
  await unreachable.getVmServiceList();
} catch (err) {
  if (err instanceof BceNetworkError) console.log('network:', err.code, 'request sent:', err.requestSent);
  else throw err;
}

// No keys anywhere: BceCredentialsError lists where it looked.
const keyless = new BecClient({
  credentials: async () => {
    throw new BceCredentialsError('no keys configured for this example');
  },
});
try {
  await keyless.getVmServiceList();
} catch (err) {
  if (err instanceof BceCredentialsError) console.log('credentials:', err.message);
  else throw err;
}

// The family: every error above is a BceClientError; errors BEC answers with are BceServiceError (26-service-error.ts).
console.log(
  [BceValidationError, BceNetworkError, BceTimeoutError, BceCredentialsError].every(
    (kind) => kind.prototype instanceof BceClientError && !(kind.prototype instanceof BceServiceError),
  ),
);
for (const c of [client, unreachable, keyless]) c.close();
