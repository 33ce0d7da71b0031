/**
 * Deploy sets as VM placement sees them: which exist, what they are called, and how many
 * instances of one edge node each may hold. The deploy-set group keeps the records (kind
 * `deploySet`) and their operations; the VM group places instances through these checks.
 */
import { limitExceeded, notFound } from '../errors.js';
import { defineIndex, type StoredRecord, type Transaction } from '../store.js';
import type { HandlerContext } from './handler.js';

export const DEPLOY_SET = 'deploySet';

/** Instances of one edge node one deploy set may hold (the documented example quota). */
export const DEPLOY_SET_NODE_QUOTA = 10;

/** The fields of a VM instance that deploy sets count. */
interface Member extends StoredRecord {
  vmId: string;
  regionId: string;
  deploysetIds: string[];
}

/** VM instances by each deploy set they belong to (membership lives on the instances). */
export const INSTANCES_BY_DEPLOY_SET = defineIndex<Member>('vmInstance', 'deploysetId', (i) =>
  Array.isArray(i.deploysetIds) ? i.deploysetIds : undefined,
);

/** Deploy sets must exist (404). */
export function checkDeploySets(ctx: HandlerContext, ids: readonly string[]): void {
  for (const id of ids) if (!ctx.state.get(DEPLOY_SET, id)) throw notFound('deploy set', id);
}

/** A deploy set's name ('' when it is gone). */
export function deploySetName(state: Transaction, id: string): string {
  return String(state.get(DEPLOY_SET, id)?.name ?? '');
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
      .lookup(INSTANCES_BY_DEPLOY_SET, id)
      .filter((i) => i.vmId !== except && i.regionId === regionId).length;
    if (inNode + adding > DEPLOY_SET_NODE_QUOTA) {
      throw limitExceeded(
        `The deploy set ${id} can hold at most ${DEPLOY_SET_NODE_QUOTA} instances in the node ${regionId}.`,
      );
    }
  }
}
