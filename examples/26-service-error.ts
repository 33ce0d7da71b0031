// Service-side errors (seed: 服务端异常): BceServiceError carries BEC's status, code, message and request ID.
import { BceServiceError, BecClient } from 'bec-sdk';

const client = new BecClient();

try {
  await client.getVmServiceDetail('s-doesnotexist');
  console.log('unexpected: the service exists');
  process.exitCode = 1;
} catch (err) {
  if (!(err instanceof BceServiceError)) throw err;
  console.log('status:', err.statusCode);
  console.log('code:', err.code);
  console.log('message:', err.serviceMessage);
  console.log('request id:', err.requestId);
}
client.close();
