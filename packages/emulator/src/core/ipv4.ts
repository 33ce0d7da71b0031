import { badRequest } from '../errors.js';

/** IPv4 arithmetic for VPCs, subnets, route rules and app-BLB addresses. */

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

export interface Cidr {
  /** Network address as an unsigned 32-bit number. */
  base: number;
  prefix: number;
  /** Number of addresses in the block. */
  size: number;
}

export function isIpv4(text: string): boolean {
  return IPV4.test(text);
}

/** The address as an unsigned 32-bit number, or undefined when it is not an IPv4 address. */
export function parseIpv4(text: string): number | undefined {
  return isIpv4(text) ? ipToNumber(text) : undefined;
}

export function ipToNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

export function numberToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Parses `a.b.c.d/p`; undefined when it is not an IPv4 CIDR block. Host bits may be set (see `aligned`). */
export function parseCidr(text: string): (Cidr & { aligned: boolean }) | undefined {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(text);
  if (!m || !isIpv4(m[1]!)) return undefined;
  const prefix = Number(m[2]);
  if (prefix > 32) return undefined;
  const ip = ipToNumber(m[1]!);
  const size = 2 ** (32 - prefix);
  const base = ip - (ip % size);
  return { base, prefix, size, aligned: base === ip };
}

/**
 * A CIDR block that must be a network address (no host bits set); 400 otherwise. `field` names
 * the request field in the message.
 */
export function requireCidr(field: string, text: string | undefined): Cidr {
  if (!text) throw badRequest(`Invalid ${field}: an IPv4 CIDR block is required.`);
  const cidr = parseCidr(text);
  if (!cidr) throw badRequest(`Invalid ${field}: ${JSON.stringify(text)} is not an IPv4 CIDR block.`);
  if (!cidr.aligned) {
    throw badRequest(
      `Invalid ${field}: ${text} has host bits set; did you mean ${numberToIp(cidr.base)}/${cidr.prefix}?`,
    );
  }
  return cidr;
}

/** The netmask of a prefix length (`24` → `255.255.255.0`). */
export function netmask(prefix: number): string {
  return numberToIp(prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);
}

export function cidrText(cidr: Cidr): string {
  return `${numberToIp(cidr.base)}/${cidr.prefix}`;
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.base >= outer.base && inner.base + inner.size <= outer.base + outer.size;
}

export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

export function cidrHasIp(cidr: Cidr, ip: string): boolean {
  if (!isIpv4(ip)) return false;
  const n = ipToNumber(ip);
  return n >= cidr.base && n < cidr.base + cidr.size;
}

/**
 * Addresses of a subnet that the platform keeps for itself: the network address, the gateway
 * (first host) and the broadcast address. Blocks of /31 and /32 have no usable address.
 */
export const RESERVED_PER_SUBNET = 3;

/** Usable host addresses of a subnet, lowest first (excludes network, gateway and broadcast). */
export function* hostAddresses(cidr: Cidr): Generator<string> {
  if (cidr.size < 4) return;
  for (let n = cidr.base + 2; n < cidr.base + cidr.size - 1; n++) yield numberToIp(n);
}

export function usableAddressCount(cidr: Cidr): number {
  return Math.max(0, cidr.size - RESERVED_PER_SUBNET);
}
