import type { HandlerContext } from '../../core/handler.js';
import { limitExceeded, notFound } from '../../errors.js';
import type { StoredRecord } from '../../store.js';
import { VM_INSTANCE, type VmInstanceRecord } from '../vm/records.js';

export const DEPLOY_SET = 'deploySet';

export interface DeploySetRecord extends StoredRecord {
  deploysetId: string;
  name: string;
  desc: string;
  createTime: string;
}

/** Instances of one edge node one deploy set may hold (the documented example quota). */
export const DEPLOY_SET_NODE_QUOTA = 10;

/** Deploy sets must exist (404). */
export function checkDeploySets(ctx: HandlerContext, ids: readonly string[]): void {
  for (const id of ids) if (!ctx.state.get(DEPLOY_SET, id)) throw notFound('deploy set', id);
}

/** 413 when adding `adding` instances of `regionId` to each deploy set would pass the per-node quota. */
export function checkDeploySetQuota(
  ctx: HandlerContext,
  deploysetIds: readonly string[],
  regionId: string,
  adding: number,
  except?: string,
): void {
  for (const id of deploysetIds) {
    const inNode = ctx.state
      .list<VmInstanceRecord>(VM_INSTANCE)
      .filter((i) => i.vmId !== except && i.regionId === regionId && i.deploysetIds.includes(id)).length;
    if (inNode + adding > DEPLOY_SET_NODE_QUOTA) {
      throw limitExceeded(
        `The deploy set ${id} can hold at most ${DEPLOY_SET_NODE_QUOTA} instances in the node ${regionId}.`,
      );
    }
  }
}
