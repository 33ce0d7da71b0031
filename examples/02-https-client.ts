// Use HTTPS (seed: 配置HTTPS协议访问BEC).
import { BecClient } from 'bec-sdk';

// With bec-sdk, HTTPS is the default: a bare host means https://, so both of these use HTTPS.
const ENDPOINT = 'https://bec.baidubce.com'; // HTTPS, explicitly
const AK = process.env.BCE_ACCESS_KEY_ID ?? '<your-access-key-id>';
const SK = process.env.BCE_SECRET_ACCESS_KEY ?? '<your-secret-access-key>';
const becClient = new BecClient({ endpoint: ENDPOINT, credentials: { accessKeyId: AK, secretAccessKey: SK } });
const alsoHttps = new BecClient({
  endpoint: 'bec.baidubce.com',
  credentials: { accessKeyId: AK, secretAccessKey: SK },
});
console.log(becClient.endpoint.href, alsoHttps.endpoint.href);

// Plain HTTP only when the endpoint says so, e.g. a local emulator (BEC_ENDPOINT=http://127.0.0.1:8080).
const local = new BecClient({ endpoint: process.env.BEC_ENDPOINT ?? 'http://127.0.0.1:8080' });
console.log(local.endpoint.protocol);
for (const client of [becClient, alsoHttps, local]) client.close();
