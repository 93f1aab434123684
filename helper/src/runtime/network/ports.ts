/**
 * Published ports: host hostIp:hostPort -> container address:containerPort, done with kernel
 * DNAT so a port keeps working after the Hutch process that started the container exits.
 *
 * Rules live in HUTCH-DNAT (nat), which bridge.ts jumps to from OUTPUT (locally-originated
 * connections, the usual case for 127.0.0.1) and from PREROUTING for non-loopback destinations
 * only: a packet arriving from outside with a 127.0.0.0/8 destination must never be DNAT'ed
 * into a container (CVE-2020-8558 in kube-proxy was exactly that, with route_localnet=1).
 */
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';

import { HutchError, errnoCode } from '../../errors';
import { HUTCH_CHAINS, deleteRulesWithComment, ensureRule, listRules, ruleComment, type IptablesRule } from './iptables';
import { ANY_ADDRESS, formatIpv4, parseIpv4 } from './ipv4';
import type { PublishedPort } from './types';

/** A published port with every field decided (hostIp defaulted). */
export type ResolvedPublishedPort = Required<PublishedPort>;

export const DEFAULT_HOST_IP = '127.0.0.1';

/** The comment that tags a container's rules. */
export function containerRuleComment(containerId: string): string {
  return `hutch:${containerId}`;
}

function describe(port: ResolvedPublishedPort): string {
  return `${port.hostIp}:${port.hostPort}/${port.protocol}`;
}

function checkPortNumber(value: unknown, what: string, index: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw new HutchError(
      'invalid-argument',
      `ports[${index}].${what} ${JSON.stringify(value)} is not a port number`,
      'use an integer from 1 to 65535',
    );
  }
  return value;
}

/**
 * Validates ports and fills in defaults. Throws HutchError 'invalid-argument' naming the bad
 * entry, or 'already-exists' if two entries claim the same host port.
 */
export function resolvePublishedPorts(ports: readonly PublishedPort[]): ResolvedPublishedPort[] {
  const resolved = ports.map((port, index): ResolvedPublishedPort => {
    const hostPort = checkPortNumber(port.hostPort, 'hostPort', index);
    const containerPort = checkPortNumber(port.containerPort, 'containerPort', index);
    if (port.protocol !== 'tcp' && port.protocol !== 'udp') {
      throw new HutchError(
        'invalid-argument',
        `ports[${index}].protocol ${JSON.stringify(port.protocol)} is not supported`,
        'use "tcp" or "udp"',
      );
    }
    const hostIp = port.hostIp ?? DEFAULT_HOST_IP;
    // Canonical form, so "127.0.0.1" and a differently-written equal address compare equal.
    const hostAddress = parseIpv4(hostIp, `ports[${index}].hostIp`);
    return { hostIp: formatIpv4(hostAddress), hostPort, containerPort, protocol: port.protocol };
  });
  resolved.forEach((port, index) => {
    const earlier = resolved.slice(0, index).find((other) => portsOverlap(port, other));
    if (earlier) {
      throw new HutchError(
        'already-exists',
        `host port ${describe(port)} is published twice (also as ${describe(earlier)})`,
        'publish each host port once',
      );
    }
  });
  return resolved;
}

/** Whether two published ports would catch the same packets (0.0.0.0 overlaps every address). */
export function portsOverlap(a: ResolvedPublishedPort, b: ResolvedPublishedPort): boolean {
  const any = formatIpv4(ANY_ADDRESS);
  return (
    a.protocol === b.protocol &&
    a.hostPort === b.hostPort &&
    (a.hostIp === b.hostIp || a.hostIp === any || b.hostIp === any)
  );
}

/**
 * Throws 'already-exists' if one of ports is already published by another container.
 * publishedBy maps container ids to their ports (the lease file, or the kernel's rules).
 */
export function assertPortsAvailable(
  containerId: string,
  ports: readonly ResolvedPublishedPort[],
  publishedBy: ReadonlyMap<string, readonly ResolvedPublishedPort[]>,
): void {
  for (const port of ports) {
    for (const [owner, taken] of publishedBy) {
      if (owner === containerId) continue;
      const clash = taken.find((other) => portsOverlap(port, other));
      if (clash) {
        throw new HutchError(
          'already-exists',
          `host port ${describe(port)} is already published by container ${owner}`,
          `pick another host port, or remove container ${owner}`,
        );
      }
    }
  }
}

/** The DNAT rule of one published port (see the module comment for where it is jumped to). */
export function portRule(containerId: string, containerAddress: string, port: ResolvedPublishedPort): IptablesRule {
  const destination = port.hostIp === formatIpv4(ANY_ADDRESS) ? [] : ['-d', `${port.hostIp}/32`];
  return {
    table: 'nat',
    chain: HUTCH_CHAINS.dnat,
    spec: [
      ...destination,
      '-p', port.protocol,
      '-m', port.protocol,
      '--dport', String(port.hostPort),
      '-m', 'comment',
      '--comment', containerRuleComment(containerId),
      '-j', 'DNAT',
      '--to-destination', `${containerAddress}:${port.containerPort}`,
    ],
  };
}

/**
 * Reads back the ports that DNAT rules in HUTCH-DNAT publish, by owning container: the
 * kernel's view, which also covers rules left by a container whose records are gone.
 */
export function publishedPortsFromRules(rules: readonly IptablesRule[]): Map<string, ResolvedPublishedPort[]> {
  const byOwner = new Map<string, ResolvedPublishedPort[]>();
  for (const { spec } of rules) {
    const comment = ruleComment(spec);
    if (comment === undefined || !comment.startsWith('hutch:')) continue;
    const value = (flag: string) => {
      const at = spec.indexOf(flag);
      return at >= 0 ? spec[at + 1] : undefined;
    };
    const protocol = value('-p');
    const hostPort = Number(value('--dport'));
    const target = /:(\d+)$/.exec(value('--to-destination') ?? '');
    if ((protocol !== 'tcp' && protocol !== 'udp') || !Number.isInteger(hostPort) || !target) continue;
    const owner = comment.slice('hutch:'.length);
    const port: ResolvedPublishedPort = {
      hostIp: (value('-d') ?? formatIpv4(ANY_ADDRESS)).replace(/\/32$/, ''),
      hostPort,
      containerPort: Number(target[1]),
      protocol,
    };
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), port]);
  }
  return byOwner;
}

export async function publishedPortsInKernel(): Promise<Map<string, ResolvedPublishedPort[]>> {
  return publishedPortsFromRules(await listRules('nat', HUTCH_CHAINS.dnat));
}

/**
 * Checks that nothing on the host listens on the ports: OUTPUT DNAT would silently steal
 * local connections from that listener, which is worse than refusing to publish.
 */
export async function assertHostPortsFree(ports: readonly ResolvedPublishedPort[]): Promise<void> {
  for (const port of ports) {
    const error = await probeBind(port);
    if (error === undefined) continue;
    const code = errnoCode(error);
    if (code === 'EADDRINUSE') {
      throw new HutchError(
        'already-exists',
        `host port ${describe(port)} is already in use by a process on the host`,
        'stop that process or pick another host port',
      );
    }
    if (code === 'EADDRNOTAVAIL') {
      throw new HutchError(
        'invalid-argument',
        `hostIp ${port.hostIp} of port ${port.hostPort} is not an address of this host`,
        `use ${DEFAULT_HOST_IP} or an address shown by \`ip addr\``,
      );
    }
    // Other failures (EACCES for low ports as non-root...) say nothing about conflicts; the
    // DNAT rule does not need the bind, so they do not block publishing.
  }
}

function probeBind(port: ResolvedPublishedPort): Promise<Error | undefined> {
  return new Promise((resolve) => {
    if (port.protocol === 'udp') {
      const socket = createSocket({ type: 'udp4', reuseAddr: false });
      socket.once('error', (error) => {
        socket.close();
        resolve(error);
      });
      socket.bind({ port: port.hostPort, address: port.hostIp, exclusive: true }, () => socket.close(() => resolve(undefined)));
      return;
    }
    const server = createServer();
    server.once('error', (error) => resolve(error));
    server.listen({ port: port.hostPort, host: port.hostIp, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

export async function addPortRules(
  containerId: string,
  containerAddress: string,
  ports: readonly ResolvedPublishedPort[],
): Promise<void> {
  for (const port of ports) await ensureRule(portRule(containerId, containerAddress, port));
}

/**
 * Removes every DNAT rule tagged hutch:<containerId>. Needs nothing but the id, so it also
 * cleans up after a crash; removing twice is a no-op. Returns how many rules went.
 */
export async function removeAllFor(containerId: string): Promise<number> {
  return deleteRulesWithComment('nat', HUTCH_CHAINS.dnat, containerRuleComment(containerId));
}

