/**
 * The edge nodes the emulator offers. BEC does not publish its full node list; this fixture holds
 * the nodes seen in Baidu's documentation and SDK tests (see DIVERGENCES.md) and can be replaced
 * through `startEmulator({ nodes })`.
 */
export interface EdgeNode {
  /** `country-city-isp`, e.g. `cn-hangzhou-cm`. */
  regionId: string;
  /** Large area, e.g. `EAST_CHINA`. */
  region: string;
  regionName: string;
  /** Upper-case pinyin, e.g. `HANGZHOU`. */
  city: string;
  cityName: string;
  serviceProvider: 'CHINA_MOBILE' | 'CHINA_UNICOM' | 'CHINA_TELECOM' | 'TRIPLE_LINE' | (string & {});
  country: string;
  countryName: string;
  /** Node types offered here: vm, container, lb, gpu, bm, cds, ... */
  capability: string[];
}

const ALL = ['vm', 'container', 'lb', 'cds', 'eip', 'nat'];

function node(
  regionId: string,
  region: string,
  regionName: string,
  city: string,
  cityName: string,
  sp: string,
  capability = ALL,
): EdgeNode {
  return {
    regionId,
    region,
    regionName,
    city,
    cityName,
    serviceProvider: sp,
    country: 'CN',
    countryName: '中国',
    capability,
  };
}

export const DEFAULT_NODES: readonly EdgeNode[] = [
  node('cn-hangzhou-cm', 'EAST_CHINA', '华东', 'HANGZHOU', '杭州', 'CHINA_MOBILE', [...ALL, 'gpu']),
  node('cn-shanghai-ct', 'EAST_CHINA', '华东', 'SHANGHAI', '上海', 'CHINA_TELECOM'),
  node('cn-jinan-cm', 'EAST_CHINA', '华东', 'JINAN', '济南', 'CHINA_MOBILE'),
  node('cn-guangzhou-un', 'SOUTH_CHINA', '华南', 'GUANGZHOU', '广州', 'CHINA_UNICOM'),
  node('cn-nanning-cm', 'SOUTH_CHINA', '华南', 'NANNING', '南宁', 'CHINA_MOBILE'),
  node('cn-baoding-ct', 'NORTH_CHINA', '华北', 'BAODING', '保定', 'CHINA_TELECOM'),
  node('cn-baoding1-ix', 'NORTH_CHINA', '华北', 'BAODING1', '保定1', 'TRIPLE_LINE', [...ALL, 'bm']),
  node('cn-langfang-ct', 'NORTH_CHINA', '华北', 'LANGFANG', '廊坊', 'CHINA_TELECOM'),
  node('cn-huhehaote-ix', 'NORTH_CHINA', '华北', 'HUHEHAOTE', '呼和浩特', 'TRIPLE_LINE'),
  node('cn-changchun-cm', 'NORTH_EAST', '东北', 'CHANGCHUN', '长春', 'CHINA_MOBILE'),
  node('cn-changchun-ix', 'NORTH_EAST', '东北', 'CHANGCHUN', '长春', 'TRIPLE_LINE'),
  node('cn-xian-ct', 'NORTH_WEST', '西北', 'XIAN', '西安', 'CHINA_TELECOM'),
];

const ISP_SUFFIX: Readonly<Record<string, string>> = {
  CHINA_MOBILE: 'cm',
  CHINA_UNICOM: 'un',
  CHINA_TELECOM: 'ct',
  TRIPLE_LINE: 'ix',
};

const ISP_LETTER: Readonly<Record<string, string>> = {
  CHINA_MOBILE: 'm',
  CHINA_UNICOM: 'u',
  CHINA_TELECOM: 't',
  TRIPLE_LINE: 'i',
};

/** Lookups over the node list. */
export class Inventory {
  readonly nodes: readonly EdgeNode[];
  readonly #byRegionId: Map<string, EdgeNode>;

  constructor(nodes: readonly EdgeNode[] = DEFAULT_NODES) {
    this.nodes = nodes;
    this.#byRegionId = new Map(nodes.map((n) => [n.regionId, n]));
  }

  byRegionId(regionId: string): EdgeNode | undefined {
    return this.#byRegionId.get(regionId);
  }

  /** The node for (region, city, serviceProvider); region may be omitted. Case-insensitive. */
  find(where: {
    region?: string | undefined;
    city?: string | undefined;
    serviceProvider?: string | undefined;
  }): EdgeNode | undefined {
    const eq = (a: string | undefined, b: string) => a === undefined || a === '' || a.toUpperCase() === b.toUpperCase();
    return this.nodes.find(
      (n) => eq(where.region, n.region) && eq(where.city, n.city) && eq(where.serviceProvider, n.serviceProvider),
    );
  }

  /** Resolves a deployment location given as a regionId or as region/city/serviceProvider. */
  resolve(where: {
    regionId?: string | undefined;
    region?: string | undefined;
    city?: string | undefined;
    serviceProvider?: string | undefined;
  }): EdgeNode | undefined {
    if (where.regionId) return this.byRegionId(where.regionId);
    if (!where.city || !where.serviceProvider) return undefined;
    return this.find(where);
  }

  /** The one-letter ISP mark used inside VM and image IDs (`m`, `u`, `t`, `i`). */
  static ispLetter(serviceProvider: string): string {
    return ISP_LETTER[serviceProvider] ?? 'x';
  }

  /** The regionId suffix of a service provider (`cm`, `un`, `ct`, `ix`). */
  static ispSuffix(serviceProvider: string): string {
    return ISP_SUFFIX[serviceProvider] ?? 'xx';
  }
}
