/**
 * The host side of private networking, shared by all containers: the bridge (hutch0 at
 * 10.88.0.1/16 by default), the sysctls routing needs, and Hutch's iptables chains with the
 * bridge's NAT and forwarding rules. ensureBridge() is idempotent and safe to run from several
 * processes at once (it holds a lock, and tolerates a concurrent creator anyway).
 *
 * Rules (jumps tagged "hutch", bridge rules tagged "hutch-bridge:<bridge>"):
 *   nat    PREROUTING  ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j HUTCH-DNAT
 *   nat    OUTPUT      -m addrtype --dst-type LOCAL -j HUTCH-DNAT
 *   nat    POSTROUTING -j HUTCH-POSTROUTING
 *   filter FORWARD     -j HUTCH-FORWARD            (inserted first)
 *   filter INPUT       -j HUTCH-INPUT              (inserted first)
 *   nat    HUTCH-POSTROUTING -s <subnet> ! -o <bridge> -j MASQUERADE   container egress
 *   nat    HUTCH-POSTROUTING -s 127.0.0.0/8 -o <bridge> -j MASQUERADE  see below
 *   filter HUTCH-FORWARD -i <bridge> -j ACCEPT
 *   filter HUTCH-FORWARD -o <bridge> -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
 *   filter HUTCH-FORWARD -o <bridge> -m conntrack --ctstate DNAT -j ACCEPT  published ports
 *   filter HUTCH-INPUT -i <bridge> -d 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED -j DROP
 * and per published port, HUTCH-DNAT rules tagged "hutch:<containerId>" (./ports.ts).
 *
 * Why the loopback pieces: a host connection to 127.0.0.1:P is DNAT'ed in OUTPUT to the
 * container, so it leaves through the bridge with source 127.0.0.1. The kernel drops such
 * packets as martians unless route_localnet=1 on the bridge, and the container could not
 * answer 127.0.0.1 anyway, hence the MASQUERADE to the bridge address. route_localnet also
 * lets packets *from* the bridge reach 127.0.0.0/8 on the host, which would expose every
 * host service bound to loopback to the containers (CVE-2020-8558); the INPUT rule drops
 * those, except replies of connections the host opened.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import { HutchError, errnoCode } from '../../errors';
import { withFileLock } from './file-lock';
import { HUTCH_CHAINS, deleteRulesWithComment, ensureChain, ensureRule, type IptablesRule } from './iptables';
import { deleteLink } from './links';
import { formatIpv4, formatSubnet, parseIpv4, parseSubnet, subnetContains, subnetsOverlap, lastAddress, type Ipv4Subnet } from './ipv4';
import { runCommand, runCommandChecked, commandFailure } from './system-command';
import type { BridgeConfig } from './types';

export const DEFAULT_BRIDGE_CONFIG: Readonly<BridgeConfig> = {
  name: 'hutch0',
  subnet: '10.88.0.0/16',
  gateway: '10.88.0.1',
  mtu: 0,
};

const JUMP_COMMENT = 'hutch';

/**
 * Serialises changes to the host's network configuration (bridges, sysctls, iptables chains).
 * That state is host-wide, so the lock is too, not per state root. It lives in a directory
 * only root can write: in a world-writable one like /run/lock, any user could hold the lock
 * and block every container start.
 */
export const HOST_NETWORK_LOCK = '/run/hutch/network.lock';

export function bridgeRuleComment(bridge: string): string {
  return `hutch-bridge:${bridge}`;
}

/** Fills in defaults and validates, so the rest of the module gets a usable config. */
export function resolveBridgeConfig(overrides: Partial<BridgeConfig> = {}): BridgeConfig {
  const config: BridgeConfig = { ...DEFAULT_BRIDGE_CONFIG, ...overrides };
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(config.name)) {
    throw new HutchError(
      'invalid-argument',
      `bridge name "${config.name}" is not a valid interface name`,
      'use 1 to 15 letters, digits, "_", "." or "-"',
    );
  }
  const subnet = parseSubnet(config.subnet, 'bridge subnet');
  if (subnet.prefixLength > 30) {
    throw new HutchError('invalid-argument', `bridge subnet ${config.subnet} has no room for containers`, 'use a prefix of /30 or shorter');
  }
  const gateway = parseIpv4(config.gateway, 'bridge gateway');
  if (!subnetContains(subnet, gateway) || gateway === subnet.network || gateway === lastAddress(subnet)) {
    throw new HutchError(
      'invalid-argument',
      `bridge gateway ${config.gateway} is not a host address of ${config.subnet}`,
      `use e.g. ${formatIpv4(subnet.network + 1)}`,
    );
  }
  if (!Number.isInteger(config.mtu) || (config.mtu !== 0 && (config.mtu < 576 || config.mtu > 65535))) {
    throw new HutchError('invalid-argument', `bridge MTU ${config.mtu} is out of range`, 'use 0 (default) or 576 to 65535');
  }
  return { ...config, subnet: formatSubnet(subnet), gateway: formatIpv4(gateway) };
}

/** Jumps from the builtin chains into Hutch's chains; shared by every bridge. */
export function jumpRules(): { rule: IptablesRule; position: 'append' | 'first' }[] {
  const tag = ['-m', 'comment', '--comment', JUMP_COMMENT];
  return [
    {
      rule: {
        table: 'nat',
        chain: 'PREROUTING',
        spec: ['!', '-d', '127.0.0.0/8', '-m', 'addrtype', '--dst-type', 'LOCAL', ...tag, '-j', HUTCH_CHAINS.dnat],
      },
      position: 'append',
    },
    {
      rule: { table: 'nat', chain: 'OUTPUT', spec: ['-m', 'addrtype', '--dst-type', 'LOCAL', ...tag, '-j', HUTCH_CHAINS.dnat] },
      position: 'append',
    },
    { rule: { table: 'nat', chain: 'POSTROUTING', spec: [...tag, '-j', HUTCH_CHAINS.postrouting] }, position: 'append' },
    { rule: { table: 'filter', chain: 'FORWARD', spec: [...tag, '-j', HUTCH_CHAINS.forward] }, position: 'first' },
    { rule: { table: 'filter', chain: 'INPUT', spec: [...tag, '-j', HUTCH_CHAINS.input] }, position: 'first' },
  ];
}

/** The rules of one bridge, in the order they are appended. */
export function bridgeRules(config: BridgeConfig): IptablesRule[] {
  const bridge = config.name;
  const tag = ['-m', 'comment', '--comment', bridgeRuleComment(bridge)];
  return [
    { table: 'nat', chain: HUTCH_CHAINS.postrouting, spec: ['-s', config.subnet, '!', '-o', bridge, ...tag, '-j', 'MASQUERADE'] },
    { table: 'nat', chain: HUTCH_CHAINS.postrouting, spec: ['-s', '127.0.0.0/8', '-o', bridge, ...tag, '-j', 'MASQUERADE'] },
    { table: 'filter', chain: HUTCH_CHAINS.forward, spec: ['-i', bridge, ...tag, '-j', 'ACCEPT'] },
    {
      table: 'filter',
      chain: HUTCH_CHAINS.forward,
      spec: ['-o', bridge, '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', ...tag, '-j', 'ACCEPT'],
    },
    { table: 'filter', chain: HUTCH_CHAINS.forward, spec: ['-o', bridge, '-m', 'conntrack', '--ctstate', 'DNAT', ...tag, '-j', 'ACCEPT'] },
    {
      table: 'filter',
      chain: HUTCH_CHAINS.input,
      spec: ['-i', bridge, '-d', '127.0.0.0/8', '-m', 'conntrack', '!', '--ctstate', 'RELATED,ESTABLISHED', ...tag, '-j', 'DROP'],
    },
  ];
}

interface IpLink {
  ifname: string;
  linkinfo?: { info_kind?: string };
  addr_info?: { family: string; local: string; prefixlen: number }[];
}

interface IpRoute {
  dst: string;
  dev?: string;
}

async function showLink(name: string): Promise<IpLink | undefined> {
  const result = await runCommand('ip', ['-j', '-d', 'address', 'show', 'dev', name]);
  if (result.exitCode !== 0) return undefined; // "Device ... does not exist."
  const links = JSON.parse(result.stdout) as IpLink[];
  return links[0];
}

/**
 * Refuses a subnet that overlaps a route the host already has: the bridge's connected route
 * would capture that traffic and cut the host off from (say) a VPN's 10.0.0.0/8.
 */
async function assertSubnetFree(config: BridgeConfig, subnet: Ipv4Subnet): Promise<void> {
  const routes = JSON.parse(await runCommandChecked('ip', ['-j', '-4', 'route', 'show'])) as IpRoute[];
  for (const route of routes) {
    if (route.dst === 'default' || route.dev === config.name) continue;
    const dst = route.dst.includes('/') ? route.dst : `${route.dst}/32`;
    let routed: Ipv4Subnet;
    try {
      routed = parseSubnet(dst, 'route');
    } catch {
      continue; // not a plain IPv4 destination (e.g. a multicast or unusual route)
    }
    if (subnetsOverlap(subnet, routed)) {
      throw new HutchError(
        'invalid-state',
        `bridge subnet ${config.subnet} overlaps the host's route to ${route.dst}${route.dev ? ` via ${route.dev}` : ''}`,
        'configure Hutch with another bridge subnet',
      );
    }
  }
}

/**
 * Runs an `ip` command whose "already there" answer means another process got there first
 * ("File exists" from `link add`, "Address already assigned" from `address add`).
 */
async function ipTolerantOfExisting(args: readonly string[]): Promise<void> {
  const result = await runCommand('ip', args);
  if (result.exitCode !== 0 && !/File exists|already assigned/.test(result.stderr)) throw commandFailure('ip', args, result);
}

async function ensureLink(config: BridgeConfig, subnet: Ipv4Subnet): Promise<void> {
  let link = await showLink(config.name);
  if (link === undefined) {
    await assertSubnetFree(config, subnet);
    await ipTolerantOfExisting(['link', 'add', config.name, 'type', 'bridge']);
    link = await showLink(config.name);
  }
  if (link?.linkinfo?.info_kind !== 'bridge') {
    throw new HutchError(
      'invalid-state',
      `interface ${config.name} exists but is not a bridge`,
      'rename or remove it, or configure Hutch with another bridge name',
    );
  }
  const hasGateway = (link.addr_info ?? []).some(
    (address) => address.family === 'inet' && address.local === config.gateway && address.prefixlen === subnet.prefixLength,
  );
  if (!hasGateway) {
    await ipTolerantOfExisting(['address', 'add', `${config.gateway}/${subnet.prefixLength}`, 'dev', config.name]);
  }
  await runCommandChecked('ip', ['link', 'set', config.name, 'up']);
}

/** Writes a sysctl through /proc/sys unless it already has the value. */
async function ensureSysctl(path: string, value: string): Promise<void> {
  const file = `/proc/sys/${path}`;
  try {
    if ((await readFile(file, 'utf8')).trim() === value) return;
    await writeFile(file, value);
  } catch (error) {
    const denied = errnoCode(error) === 'EACCES' || errnoCode(error) === 'EROFS' || errnoCode(error) === 'EPERM';
    throw new HutchError(
      denied ? 'permission-denied' : 'system-failure',
      `cannot set ${path.replace(/\//g, '.')}=${value}: ${error instanceof Error ? error.message : String(error)}`,
      denied ? 'private networking needs root and a writable /proc/sys' : undefined,
      { cause: error },
    );
  }
}

/**
 * Makes the bridge, its address, the sysctls and the iptables rules exist. lockFile
 * (HOST_NETWORK_LOCK unless a test says otherwise) serialises concurrent callers, so no rule
 * is added twice.
 */
export async function ensureBridge(config: BridgeConfig, lockFile: string = HOST_NETWORK_LOCK): Promise<void> {
  const subnet = parseSubnet(config.subnet, 'bridge subnet');
  // Checking every rule runs iptables a dozen times (tens of ms); a container start must not
  // pay that each time. Once set up in this boot (the marker lives in /run, a tmpfs, like the
  // rules themselves) and while the bridge exists, it is trusted. After a firewall flush,
  // remove the marker (or reboot) and the next start puts everything back.
  const marker = `${dirname(lockFile)}/bridge-${config.name}.ready`;
  const bootId = readBootId();
  if (readyBridges.has(config.name) && existsSync(`/sys/class/net/${config.name}`)) return;
  if (bootId !== null && existsSync(`/sys/class/net/${config.name}`) && readMarker(marker) === `${bootId} ${config.subnet}`) {
    readyBridges.add(config.name);
    return;
  }
  await withFileLock(lockFile, async () => {
    await ensureLink(config, subnet);
    // Containers' traffic to the outside is routed by the host. This is host-wide and stays
    // on when Hutch's containers are gone: other software may rely on it by then.
    await ensureSysctl('net/ipv4/ip_forward', '1');
    await ensureSysctl(`net/ipv4/conf/${config.name}/route_localnet`, '1');
    for (const table of ['nat', 'filter'] as const) {
      const chains = table === 'nat' ? [HUTCH_CHAINS.dnat, HUTCH_CHAINS.postrouting] : [HUTCH_CHAINS.forward, HUTCH_CHAINS.input];
      for (const chain of chains) await ensureChain(table, chain);
    }
    for (const rule of bridgeRules(config)) await ensureRule(rule);
    // Jumps last: Hutch's chains are complete before any packet is sent into them.
    for (const { rule, position } of jumpRules()) await ensureRule(rule, position);
    if (bootId !== null) writeFileSync(marker, `${bootId} ${config.subnet}`, { mode: 0o600 });
  });
  readyBridges.add(config.name);
}

/** Bridges this process has set up (or found set up) already. */
const readyBridges = new Set<string>();

function readBootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

function readMarker(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * Removes one bridge and its rules (not the shared chains and jumps, which other bridges may
 * use; empty chains are harmless). Containers still attached lose their network.
 */
export async function removeBridge(config: BridgeConfig, lockFile: string = HOST_NETWORK_LOCK): Promise<void> {
  readyBridges.delete(config.name);
  rmSync(`${dirname(lockFile)}/bridge-${config.name}.ready`, { force: true });
  await withFileLock(lockFile, async () => {
    const comment = bridgeRuleComment(config.name);
    await deleteRulesWithComment('nat', HUTCH_CHAINS.postrouting, comment);
    await deleteRulesWithComment('filter', HUTCH_CHAINS.forward, comment);
    await deleteRulesWithComment('filter', HUTCH_CHAINS.input, comment);
    const link = await showLink(config.name);
    if (link?.linkinfo?.info_kind === 'bridge') deleteLink(config.name);
  });
}
