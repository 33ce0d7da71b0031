import type {
  CreateVmImageArgs,
  CreateVmImageResult,
  ImportImageArgs,
  ListVmImageInput,
  ListVmImageResult,
  UpdateVmImageArgs,
  VmImageOperateResult,
  VmImageVo,
} from 'bec-sdk';
import type { HandlerContext, HandlerTable } from '../../core/handler.js';
import { PUBLIC_IMAGES, VM_IMAGE, type VmImageRecord } from '../../core/images.js';
import { pageFieldsWithOrders, paginate } from '../../core/paging.js';
import { badRequest, denied, notFound } from '../../errors.js';
import { Inventory } from '../../inventory.js';
import { getInstance, VM_INSTANCE, type VmInstanceRecord } from '../vm/records.js';

const IMAGE_TYPES = ['becCustom', 'becCommon', 'becGpu'];
const IMAGE_KEYWORDS = ['imageId', 'name'];
const UNFINISHED = new Set(['IMAGING', 'IMPORTING']);

/** "If an unfinished image exists, creating a new one is not allowed" (Uklg7azo0), per account. */
function requireNoUnfinishedImage(ctx: HandlerContext): void {
  const busy = ctx.state.list<VmImageRecord>(VM_IMAGE).find((i) => UNFINISHED.has(i.status));
  if (busy) throw denied(`The VM image ${busy.imageId} is still ${busy.status}; wait for it to finish.`);
}

function newImageId(ctx: HandlerContext, suffix: string): string {
  let id: string;
  do id = `im-${ctx.ids.token(8)}${suffix}`;
  while (ctx.state.get(VM_IMAGE, id));
  return id;
}

function imageVo(i: VmImageRecord): VmImageVo {
  return {
    imageId: i.imageId,
    status: i.status,
    bccImageId: i.bccImageId,
    name: i.name,
    accountId: i.accountId,
    imageType: 'becCustom',
    systemDisk: i.systemDisk,
    osType: i.osType,
    osVersion: i.osVersion,
    osName: i.osName,
    osBuild: i.osBuild,
    osLang: i.osLang,
    osArch: i.osArch,
    createTime: i.createTime,
    updateTime: i.updateTime,
  };
}

interface ImageRow extends Record<string, unknown> {
  vo: VmImageVo;
  imageId: string;
  name: string;
  status: string;
  createTime: string;
  systemDisk: number;
  osName: string;
  region: string;
  regionId: string;
  serviceId: string;
}

function rows(ctx: HandlerContext, type: string): ImageRow[] {
  if (type === 'becCustom') {
    return ctx.state.list<VmImageRecord>(VM_IMAGE).map((i) => ({
      vo: imageVo(i),
      imageId: i.imageId,
      name: i.name,
      status: i.status,
      createTime: i.createTime,
      systemDisk: i.systemDisk,
      osName: i.osName,
      region: i.region,
      regionId: i.regionId,
      serviceId: i.serviceId,
    }));
  }
  return PUBLIC_IMAGES.filter((p) => p.type === type).map((p) => ({
    vo: {
      imageId: p.imageId,
      status: 'SUCCEEDED',
      bccImageId: p.imageId,
      name: p.name,
      accountId: '',
      imageType: p.type,
      systemDisk: p.systemDisk,
      osType: p.osType,
      osVersion: p.osVersion,
      osName: p.osName,
      osBuild: p.osBuild,
      osLang: p.osLang,
      osArch: p.osArch,
      createTime: p.createTime,
      updateTime: p.createTime,
    },
    imageId: p.imageId,
    name: p.name,
    status: 'SUCCEEDED',
    createTime: p.createTime,
    systemDisk: p.systemDisk,
    osName: p.osName,
    region: '',
    regionId: '',
    serviceId: '',
  }));
}

const same = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();

/** Custom VM images: `/v1/vm/image`; public images are listed with `type=becCommon|becGpu`. */
export const vmImageHandlers: HandlerTable = {
  CreateVmImage(ctx): CreateVmImageResult {
    const input = ctx.input as CreateVmImageArgs;
    if (!input.vmId) {
      const pvc = input.images?.find((i) => i.pvcId)?.pvcId ?? '';
      throw notFound('snapshot', pvc);
    }
    const instance = getInstance(ctx, input.vmId);
    if (instance.status !== 'RUNNING' && instance.status !== 'STOPPED') {
      throw denied(`Cannot make an image of VM instance ${instance.vmId} while it is ${instance.status}.`);
    }
    requireNoUnfinishedImage(ctx);
    const name = input.name || input.images?.find((i) => i.imageName)?.imageName || '';
    if (!name) throw badRequest('Invalid name: required.');
    const n = instance.vmId.split('-')[2] ?? '1';
    const imageId = newImageId(
      ctx,
      `-${n}-${Inventory.ispLetter(instance.serviceProvider)}-${instance.city.toLowerCase()}`,
    );
    const now = ctx.clock.isoNow();
    const image: VmImageRecord = {
      imageId,
      name,
      status: 'IMAGING',
      source: 'instance',
      vmId: instance.vmId,
      serviceId: instance.serviceId,
      regionId: instance.regionId,
      region: instance.region,
      accountId: ctx.account,
      bccImageId: `m-${ctx.ids.token(8)}`,
      systemDisk: instance.systemVolume.sizeInGB ?? 0,
      osType: instance.osImage.osType,
      osVersion: instance.osImage.osVersion,
      osName: instance.osImage.osName,
      osBuild: instance.osImage.osBuild,
      osLang: instance.osImage.osLang,
      osArch: instance.osImage.osArch,
      bosUrl: '',
      createTime: now,
      updateTime: now,
    };
    ctx.lifecycle.start(VM_IMAGE, image, { via: 'IMAGING', to: 'SUCCEEDED' });
    ctx.state.put(VM_IMAGE, imageId, image);
    // The instance is IMAGING for as long as the image (same timing), then back where it was.
    ctx.state.update<VmInstanceRecord>(VM_INSTANCE, instance.vmId, (r) => {
      ctx.lifecycle.start(VM_IMAGE, r, { via: 'IMAGING', to: r.status });
    });
    return { success: true, result: imageId };
  },

  DeleteVmImage(ctx): VmImageOperateResult {
    const ids = [...new Set(ctx.input as string[])];
    const images = ids.map((id) => {
      const image = ctx.state.get<VmImageRecord>(VM_IMAGE, id);
      if (!image) throw notFound('VM image', id);
      if (UNFINISHED.has(image.status)) throw denied(`Cannot delete VM image ${id} while it is ${image.status}.`);
      return image;
    });
    for (const image of images) ctx.state.delete(VM_IMAGE, image.imageId);
    return { success: true, result: true };
  },

  UpdateVmImage(ctx): VmImageOperateResult {
    const input = ctx.input as UpdateVmImageArgs;
    const imageId = ctx.path.imageId ?? '';
    if (!ctx.state.get(VM_IMAGE, imageId)) throw notFound('VM image', imageId);
    const name = input.name ?? '';
    ctx.state.update<VmImageRecord>(VM_IMAGE, imageId, (r) => {
      r.name = name;
      r.updateTime = ctx.clock.isoNow();
    });
    return { success: true, result: true };
  },

  ListVmImage(ctx): ListVmImageResult {
    const input = (ctx.input ?? {}) as ListVmImageInput;
    const type = input.type || 'becCustom';
    if (!IMAGE_TYPES.includes(type)) throw badRequest(`Invalid type: must be one of ${IMAGE_TYPES.join(', ')}.`);
    if (input.keywordType && !IMAGE_KEYWORDS.includes(input.keywordType)) {
      throw badRequest(`Invalid keywordType: must be one of ${IMAGE_KEYWORDS.join(', ')}.`);
    }
    const keyword = input.keyword?.toLowerCase();
    const keys = input.keywordType ? [input.keywordType] : IMAGE_KEYWORDS;
    const items = rows(ctx, type)
      .filter((r) => !keyword || keys.some((k) => String(r[k]).toLowerCase().includes(keyword)))
      .filter((r) => !input.status || same(input.status, r.status))
      .filter((r) => !input.region || !r.regionId || same(input.region, r.region) || same(input.region, r.regionId))
      .filter((r) => !input.osName || same(input.osName, r.osName))
      .filter((r) => !input.serviceId || r.serviceId === input.serviceId);
    const page = paginate(items, input, { maxPageSize: 1000, sortable: ['createTime', 'systemDisk'] });
    return { ...pageFieldsWithOrders(page), result: page.result.map((r) => r.vo) };
  },

  ImportImage(ctx): CreateVmImageResult {
    const input = ctx.input as ImportImageArgs;
    if (!input.name) throw badRequest('Invalid name: required.');
    if (!input.bosUrl) throw badRequest('Invalid bosUrl: required.');
    if (!/^(bos:\/\/|https?:\/\/)\S+$/.test(input.bosUrl)) {
      throw badRequest('Invalid bosUrl: must be a bos:// or http(s):// address of the image file.');
    }
    const osType = (input.osType || 'linux').toLowerCase();
    if (osType !== 'linux' && osType !== 'windows') throw badRequest('Invalid osType: must be "linux" or "windows".');
    requireNoUnfinishedImage(ctx);
    const imageId = newImageId(ctx, '');
    const now = ctx.clock.isoNow();
    const image: VmImageRecord = {
      imageId,
      name: input.name,
      status: 'IMPORTING',
      source: 'import',
      vmId: '',
      serviceId: '',
      regionId: '',
      region: '',
      accountId: ctx.account,
      bccImageId: `m-${ctx.ids.token(8)}`,
      systemDisk: 40,
      osType,
      osVersion: input.osVersion ?? '',
      osName: input.osName ?? '',
      osBuild: '',
      osLang: 'ENG',
      osArch: input.osArch === 32 ? 'i386 (32bit)' : 'x86_64 (64bit)',
      bosUrl: input.bosUrl,
      createTime: now,
      updateTime: now,
    };
    ctx.lifecycle.start(VM_IMAGE, image, { via: 'IMPORTING', to: 'SUCCEEDED' });
    ctx.state.put(VM_IMAGE, imageId, image);
    return { success: true, result: imageId };
  },
};
