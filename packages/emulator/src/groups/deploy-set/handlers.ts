import type {
  CreateDeploySetArgs,
  CreateDeploySetResponseArgs,
  DeleteVmDeploySetArgs,
  DeploySetDetails,
  GetDeploySetListInput,
  LogicPageDeploySetResult,
  NodeInstanceStatis,
  UpdateVmDeploySetArgs,
} from 'bec-sdk';
import {
  checkDeploySetQuota,
  DEPLOY_SET,
  DEPLOY_SET_NODE_QUOTA,
  INSTANCES_BY_DEPLOY_SET,
} from '../../core/deploy-sets.js';
import type { HandlerContext, HandlerTable } from '../../core/handler.js';
import { pageFieldsWithOrders, paginate } from '../../core/paging.js';
import { badRequest, denied, notFound } from '../../errors.js';
import { getInstance, VM_INSTANCE, type VmInstanceRecord } from '../vm/records.js';
import type { DeploySetRecord } from './records.js';

const DEPLOY_SET_KEYWORDS = ['deploysetId', 'name'];

function getDeploySet(ctx: HandlerContext, id: string): DeploySetRecord {
  const record = ctx.state.get<DeploySetRecord>(DEPLOY_SET, id);
  if (!record) throw notFound('deploy set', id);
  return record;
}

/** Membership lives on the instances (`deploysetIds`); the set's view is derived from them. */
function members(ctx: HandlerContext, id: string): VmInstanceRecord[] {
  return ctx.state.lookup(INSTANCES_BY_DEPLOY_SET, id) as VmInstanceRecord[];
}

function details(ctx: HandlerContext, set: DeploySetRecord): DeploySetDetails {
  const instances = members(ctx, set.deploysetId);
  const byNode = new Map<string, NodeInstanceStatis>();
  for (const i of instances) {
    let node = byNode.get(i.regionId);
    if (!node) {
      node = { regionId: i.regionId, instanceCount: 0, instanceTotal: DEPLOY_SET_NODE_QUOTA, instanceIds: [] };
      byNode.set(i.regionId, node);
    }
    node.instanceCount++;
    node.instanceIds.push(i.vmId);
  }
  return {
    deploysetId: set.deploysetId,
    name: set.name,
    desc: set.desc,
    instanceCount: instances.length,
    instanceTotal: DEPLOY_SET_NODE_QUOTA,
    createTime: set.createTime,
    nodeInstanceStatisList: [...byNode.values()],
  };
}

/** Deploy sets: `/v1/deployset`. */
export const deploySetHandlers: HandlerTable = {
  CreateDeploySet(ctx): CreateDeploySetResponseArgs {
    const input = ctx.input as CreateDeploySetArgs;
    let id: string;
    do id = ctx.ids.next('dset-');
    while (ctx.state.get(DEPLOY_SET, id));
    const record: DeploySetRecord = {
      deploysetId: id,
      name: input.name ?? '',
      desc: input.desc ?? '',
      createTime: ctx.clock.isoNow(),
    };
    ctx.state.put(DEPLOY_SET, id, record);
    return { deploysetIdList: [id] };
  },

  UpdateVmInstanceDeploySet(ctx): undefined {
    const input = ctx.input as UpdateVmDeploySetArgs;
    const instance = getInstance(ctx, input.instanceId ?? '');
    const ids = [...new Set(input.deploysetIdList ?? [])];
    for (const id of ids) getDeploySet(ctx, id);
    const adding = ids.filter((id) => !instance.deploysetIds.includes(id));
    checkDeploySetQuota(ctx, adding, instance.regionId, 1, instance.vmId);
    ctx.state.update<VmInstanceRecord>(VM_INSTANCE, instance.vmId, (r) => {
      r.deploysetIds = ids;
    });
    return undefined;
  },

  DeleteVmInstanceFromDeploySet(ctx): undefined {
    const input = ctx.input as DeleteVmDeploySetArgs;
    const set = getDeploySet(ctx, input.deploysetId ?? '');
    const instances = [...new Set(input.instanceIdList ?? [])].map((id) => getInstance(ctx, id));
    const outside = instances.find((i) => !i.deploysetIds.includes(set.deploysetId));
    if (outside) throw badRequest(`The VM instance ${outside.vmId} is not in the deploy set ${set.deploysetId}.`);
    for (const i of instances) {
      ctx.state.update<VmInstanceRecord>(VM_INSTANCE, i.vmId, (r) => {
        r.deploysetIds = r.deploysetIds.filter((id) => id !== set.deploysetId);
      });
    }
    return undefined;
  },

  UpdateDeploySet(ctx): undefined {
    const input = ctx.input as CreateDeploySetArgs;
    const set = getDeploySet(ctx, ctx.path.deploySetId ?? '');
    ctx.state.update<DeploySetRecord>(DEPLOY_SET, set.deploysetId, (r) => {
      if (input.name !== undefined) r.name = input.name;
      if (input.desc !== undefined) r.desc = input.desc;
    });
    return undefined;
  },

  GetDeploySetList(ctx): LogicPageDeploySetResult {
    const input = (ctx.input ?? {}) as GetDeploySetListInput;
    if (input.keywordType && !DEPLOY_SET_KEYWORDS.includes(input.keywordType)) {
      throw badRequest(`Invalid keywordType: must be one of ${DEPLOY_SET_KEYWORDS.join(', ')}.`);
    }
    const keyword = input.keyword?.toLowerCase();
    const keys = input.keywordType ? [input.keywordType] : DEPLOY_SET_KEYWORDS;
    const items = ctx.state.list<DeploySetRecord>(DEPLOY_SET).filter(
      (s) =>
        !keyword ||
        keys.some((k) =>
          String(s[k] ?? '')
            .toLowerCase()
            .includes(keyword),
        ),
    );
    const page = paginate(items, input, { maxPageSize: 1000 });
    return { ...pageFieldsWithOrders(page), result: page.result.map((s) => details(ctx, s)) };
  },

  GetDeploySetDetail(ctx): DeploySetDetails {
    return details(ctx, getDeploySet(ctx, ctx.path.deploySetId ?? ''));
  },

  DeleteDeploySet(ctx): undefined {
    const set = getDeploySet(ctx, ctx.path.deploySetId ?? '');
    const inside = members(ctx, set.deploysetId);
    if (inside.length) {
      throw denied(
        `Cannot delete deploy set ${set.deploysetId}: it still holds ${inside.length} instance(s); remove them first.`,
      );
    }
    ctx.state.delete(DEPLOY_SET, set.deploysetId);
    return undefined;
  },
};
