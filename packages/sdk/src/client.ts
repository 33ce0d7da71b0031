import { BecOperations } from './generated/operations-client.js';

/**
 * The BEC client: every operation of the official Go SDK (see {@link BecOperations}), plus
 * paginators and waiters.
 *
 * ```ts
 * const bec = new BecClient({ endpoint: 'https://bec.baidubce.com', credentials: { accessKeyId, secretAccessKey } });
 * const svc = await bec.getVmServiceDetail('s-abc12345');
 * ```
 */
export class BecClient extends BecOperations {}
