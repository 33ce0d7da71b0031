// Create a BEC client from an AK/SK pair and an endpoint (seed: 新建普通型BEC Client).
import { BecClient } from 'bec-sdk';

// The user's Access Key ID and Secret Access Key
const ACCESS_KEY_ID = process.env.BCE_ACCESS_KEY_ID ?? '<your-access-key-id>';
const SECRET_ACCESS_KEY = process.env.BCE_SECRET_ACCESS_KEY ?? '<your-secret-access-key>';

// The endpoint to use
const ENDPOINT = process.env.BEC_ENDPOINT ?? 'bec.baidubce.com';

// Create a BEC client
const becClient = new BecClient({
  endpoint: ENDPOINT,
  credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
});

// Nothing is sent until the first call; the keys never show when the client is printed.
console.log('created', becClient);
const nodes = await becClient.getBecAvailableNodeInfoVo('vm');
console.log(`${nodes.nodeSum} edge nodes offer VMs (request id ${nodes.$metadata.requestId})`);
becClient.close();
