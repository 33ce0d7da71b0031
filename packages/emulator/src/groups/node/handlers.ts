import type { GetBecAvailableNodeInfoVoResult, RegionInfo } from 'bec-sdk';
import type { HandlerTable } from '../../core/handler.js';
import { badRequest } from '../../errors.js';

const NODE_TYPES = ['gpu', 'container', 'vm', 'lb', 'bm', 'nat', 'eip', 'cds', 'cds_hdd'];

/** Node inventory: `GET /v1/node/type/{type}`. */
export const nodeHandlers: HandlerTable = {
  GetBecAvailableNodeInfoVo(ctx): GetBecAvailableNodeInfoVoResult {
    const type = ctx.path.getType!;
    if (!NODE_TYPES.includes(type)) throw badRequest(`Invalid type: must be one of ${NODE_TYPES.join(', ')}.`);
    const regions = new Map<string, RegionInfo>();
    let nodeSum = 0;
    for (const node of ctx.inventory.nodes) {
      if (!node.capability.includes(type === 'cds_hdd' ? 'cds' : type)) continue;
      nodeSum++;
      let region = regions.get(node.region);
      if (!region) {
        region = {
          region: node.region,
          name: node.regionName,
          country: node.country,
          countryName: node.countryName,
          cityList: [],
        };
        regions.set(node.region, region);
      }
      let city = region.cityList.find((c) => c.city === node.city);
      if (!city) {
        city = { city: node.city, name: node.cityName, serviceProviderList: [] };
        region.cityList.push(city);
      }
      city.serviceProviderList.push({
        serviceProvider: node.serviceProvider,
        name: node.serviceProvider,
        regionId: node.regionId,
        capability: node.capability,
      });
    }
    return { regionList: [...regions.values()], nodeSum };
  },
};
