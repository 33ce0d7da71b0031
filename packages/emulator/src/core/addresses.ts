/**
 * Address allocation: the private IPv4 addresses in use in an account (VM instances' primary and
 * secondary IPs, app-BLB addresses), free addresses of a block, and made-up public addresses.
 * Records are read by kind, so every group allocates from the same picture. The store indexes
 * the holders by address and by subnet, so asking whether an address is taken costs the same
 * however many records the account holds.
 */
import { EmulatorError, limitExceeded } from '../errors.js';
import { defineIndex, type StoredRecord, type Transaction } from '../store.js';
import type { HandlerContext } from './handler.js';
import { cidrHasIp, hostAddresses, ipToNumber, isIpv4, numberToIp, parseCidr } from './ipv4.js';

/** The fields of the records that hold private addresses. */
interface AddressHolder extends StoredRecord {
  subnetId?: unknown;
  internalIp?: unknown;
  privateIps?: unknown;
  address?: unknown;
}

/** Every address a record holds: a VM instance's internal and secondary IPs, an app BLB's address. */
function addressesOf(record: AddressHolder): string[] {
  const secondary = Array.isArray(record.privateIps) ? (record.privateIps as unknown[]) : [];
  return [record.internalIp, ...secondary, record.address].filter(
    (ip): ip is string => typeof ip === 'string' && ip !== '',
  );
}

/** The kinds whose records hold private addresses. */
const HOLDER_KINDS = ['vmInstance', 'appBlb'] as const;

/** Per holder kind: its records by each address they hold. */
const BY_ADDRESS = HOLDER_KINDS.map((kind) => defineIndex<AddressHolder>(kind, 'address', addressesOf));

/** Per holder kind: its records by subnet. */
const BY_SUBNET = HOLDER_KINDS.map((kind) =>
  defineIndex<AddressHolder>(kind, 'subnetId', (r) => (typeof r.subnetId === 'string' ? r.subnetId : undefined)),
);

/** A set of addresses to allocate from: what `allocateIp` reads and adds to. */
export interface TakenIps {
  has(ip: string): boolean;
  add(ip: string): unknown;
}

/**
 * Every private IP in use in the account (instances' primary and secondary IPs, app BLB
 * addresses), plus the addresses added to it: those picked in this request before their records
 * are stored. Reads the store's address indexes, so it costs nothing to make.
 */
export function usedIps(state: Transaction): TakenIps {
  const picked = new Set<string>();
  return {
    has: (ip) => picked.has(ip) || BY_ADDRESS.some((index) => state.count(index, ip) > 0),
    add: (ip) => picked.add(ip),
  };
}

/**
 * IP addresses in use inside a subnet: VM instances' internal IPs and secondary private IPs, and
 * app BLB addresses.
 */
export function subnetUsedIps(state: Transaction, subnet: { subnetId: string; cidr: string }): Set<string> {
  const cidr = parseCidr(subnet.cidr);
  const used = new Set<string>();
  if (!cidr) return used;
  for (const index of BY_SUBNET) {
    for (const record of state.lookup(index, subnet.subnetId)) {
      for (const ip of addressesOf(record)) if (cidrHasIp(cidr, ip)) used.add(ip);
    }
  }
  return used;
}

/** The CIDR private IPs of an instance come from: its subnet's, or the classic /24 around it. */
export function privateCidr(state: Transaction, instance: { subnetId: string; internalIp: string }): string {
  if (instance.subnetId) {
    const subnet = state.get('subnet', instance.subnetId);
    if (subnet && typeof subnet.cidr === 'string' && parseCidr(subnet.cidr)) return subnet.cidr;
  }
  const base = ipToNumber(isIpv4(instance.internalIp) ? instance.internalIp : '10.0.0.0');
  return `${numberToIp(base - (base % 256))}/24`;
}

/** A random free address of `cidr` (not the network, gateway (.1) or broadcast address), or 413. */
export function allocateIp(ctx: HandlerContext, cidr: string, taken: TakenIps = usedIps(ctx.state)): string {
  const range = parseCidr(cidr);
  if (!range || range.size < 4) throw limitExceeded(`No free private IP address in ${cidr}.`);
  const hosts = range.size - 3;
  const start = Math.floor(ctx.ids.random() * hosts);
  for (let k = 0; k < hosts; k++) {
    const ip = numberToIp(range.base + 2 + ((start + k) % hosts));
    if (!taken.has(ip)) {
      taken.add(ip);
      return ip;
    }
  }
  throw limitExceeded(`No free private IP address in ${cidr}.`);
}

/** The lowest free address of a subnet, or 409. */
export function lowestFreeAddress(state: Transaction, subnet: { subnetId: string; cidr: string }): string {
  const cidr = parseCidr(subnet.cidr);
  const used = subnetUsedIps(state, subnet);
  if (cidr) {
    for (const ip of hostAddresses(cidr)) if (!used.has(ip)) return ip;
  }
  throw new EmulatorError(409, 'OperationDenied', `The subnet ${subnet.subnetId} has no free IP address.`);
}

/** First octet of public addresses per carrier (only for realistic-looking values). */
export const PUBLIC_FIRST_OCTET: Readonly<Record<string, number>> = {
  CHINA_MOBILE: 112,
  CHINA_UNICOM: 123,
  CHINA_TELECOM: 180,
  TRIPLE_LINE: 36,
};

/** A made-up public IPv6 address. */
export function randomIpv6(ctx: HandlerContext): string {
  const group = () => Math.floor(ctx.ids.random() * 0xffff).toString(16);
  return `240e:${group()}:${group()}:${group()}::${group()}`;
}
