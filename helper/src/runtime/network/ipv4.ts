/**
 * IPv4 addresses and subnets as numbers, for the address pool and for validating what users
 * write. Pure functions; IPv6 is out of scope because containers only get IPv4 (NAT'd).
 */
import { HutchError } from '../../errors';

/** An IPv4 address as an unsigned 32-bit integer (host arithmetic order). */
export type Ipv4Number = number;

export interface Ipv4Subnet {
  /** The network address, e.g. 10.88.0.0. */
  network: Ipv4Number;
  prefixLength: number;
}

const DOTTED_QUAD = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpv4(text: string): boolean {
  return DOTTED_QUAD.test(text);
}

/** Parses a dotted quad; no leading zeros (which some tools read as octal). */
export function parseIpv4(text: string, what: string): Ipv4Number {
  if (!DOTTED_QUAD.test(text)) {
    throw new HutchError('invalid-argument', `${what} "${text}" is not an IPv4 address`, 'write it as a.b.c.d');
  }
  return text.split('.').reduce((value, part) => value * 256 + Number(part), 0);
}

export function formatIpv4(value: Ipv4Number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** The mask of a prefix length as a number (0 for /0). */
function maskOf(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

/** Parses "a.b.c.d/n"; the address must be the network address (no host bits set). */
export function parseSubnet(text: string, what: string): Ipv4Subnet {
  const match = /^([^/]+)\/(\d{1,2})$/.exec(text);
  const prefixLength = match ? Number(match[2]) : NaN;
  if (!match || !(prefixLength >= 0 && prefixLength <= 32)) {
    throw new HutchError('invalid-argument', `${what} "${text}" is not an IPv4 subnet`, 'write it as a.b.c.d/n, e.g. 10.88.0.0/16');
  }
  const network = parseIpv4(match[1] as string, what);
  if ((network & ~maskOf(prefixLength)) >>> 0 !== 0) {
    throw new HutchError(
      'invalid-argument',
      `${what} "${text}" has host bits set`,
      `use the network address ${formatIpv4((network & maskOf(prefixLength)) >>> 0)}/${prefixLength}`,
    );
  }
  return { network, prefixLength };
}

export function formatSubnet(subnet: Ipv4Subnet): string {
  return `${formatIpv4(subnet.network)}/${subnet.prefixLength}`;
}

export function subnetContains(subnet: Ipv4Subnet, address: Ipv4Number): boolean {
  return (address & maskOf(subnet.prefixLength)) >>> 0 === subnet.network;
}

export function subnetsOverlap(a: Ipv4Subnet, b: Ipv4Subnet): boolean {
  const shorter = a.prefixLength <= b.prefixLength ? a : b;
  const longer = shorter === a ? b : a;
  return subnetContains(shorter, longer.network);
}

/** The broadcast address (last address) of a subnet. */
export function lastAddress(subnet: Ipv4Subnet): Ipv4Number {
  return (subnet.network | ~maskOf(subnet.prefixLength)) >>> 0;
}

export function isLoopback(address: Ipv4Number): boolean {
  return address >>> 24 === 127;
}

/** 0.0.0.0: "every local address" when a port is published. */
export const ANY_ADDRESS: Ipv4Number = 0;
