/**
 * Address management for private-network containers: which container holds which address of
 * the bridge subnet, and which host ports and host interface go with it. One JSON file,
 * <stateRoot>/network/ipam.json, changed only under an exclusive lock (./file-lock.ts) and
 * replaced atomically (write a temp file, fsync, rename, fsync the directory), so two
 * processes allocating at once never hand out the same address or port, and a crash mid-write
 * leaves the previous version intact.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { HutchError, errnoCode } from '../../errors';
import { withFileLock } from './file-lock';
import { formatIpv4, formatSubnet, lastAddress, parseIpv4, parseSubnet, subnetContains, type Ipv4Subnet } from './ipv4';
import { assertPortsAvailable, type ResolvedPublishedPort } from './ports';
import type { BridgeConfig } from './types';

/** What a private-network container holds while it exists. */
export interface Lease {
  containerId: string;
  address: string;
  prefixLength: number;
  gateway: string;
  hostInterface: string;
  ports: ResolvedPublishedPort[];
}

export interface LeaseRequest {
  containerId: string;
  hostInterface: string;
  ports: readonly ResolvedPublishedPort[];
}

interface StoredLease {
  address: string;
  hostInterface: string;
  ports: ResolvedPublishedPort[];
}

interface IpamFile {
  version: 1;
  subnet: string;
  /** The address handed out last; the next search starts after it (see nextFreeAddress). */
  lastAllocated?: string;
  leases: Record<string, StoredLease>;
}

export class Ipam {
  readonly file: string;
  private readonly lockFile: string;
  private readonly subnet: Ipv4Subnet;
  private readonly gateway: number;

  constructor(stateRoot: string, private readonly bridge: BridgeConfig) {
    this.file = join(stateRoot, 'ipam.json');
    this.lockFile = join(stateRoot, 'ipam.lock');
    this.subnet = parseSubnet(bridge.subnet, 'subnet');
    this.gateway = parseIpv4(bridge.gateway, 'gateway');
  }

  /**
   * Gives containerId an address and reserves its host ports and host interface name. Asking
   * again for the same container returns its existing address (with the new ports), so a
   * retried start does not leak addresses.
   */
  async allocate(request: LeaseRequest): Promise<Lease> {
    return this.update((state) => {
      const others = Object.entries(state.leases).filter(([id]) => id !== request.containerId);
      assertPortsAvailable(request.containerId, request.ports, new Map(others.map(([id, lease]) => [id, lease.ports])));
      const clash = others.find(([, lease]) => lease.hostInterface === request.hostInterface);
      if (clash) {
        throw new HutchError(
          'already-exists',
          `host interface ${request.hostInterface} of container ${request.containerId} is already used by container ${clash[0]}`,
          'the interface name comes from the first characters of the container id; use ids that differ there',
        );
      }
      const existing = state.leases[request.containerId];
      const address = existing?.address ?? this.nextFreeAddress(state);
      state.leases[request.containerId] = { address, hostInterface: request.hostInterface, ports: [...request.ports] };
      if (!existing) state.lastAllocated = address;
      return this.toLease(request.containerId, state.leases[request.containerId] as StoredLease);
    });
  }

  /** Frees the container's address and ports; releasing an unknown container is a no-op. */
  async release(containerId: string): Promise<void> {
    await this.update((state) => {
      delete state.leases[containerId];
    });
  }

  /** Every current lease (a consistent snapshot: the file is only ever replaced whole). */
  async leases(): Promise<Lease[]> {
    const state = await this.read();
    return Object.entries(state.leases).map(([id, lease]) => this.toLease(id, lease));
  }

  async lease(containerId: string): Promise<Lease | undefined> {
    const stored = (await this.read()).leases[containerId];
    return stored ? this.toLease(containerId, stored) : undefined;
  }

  private toLease(containerId: string, stored: StoredLease): Lease {
    return {
      containerId,
      address: stored.address,
      prefixLength: this.subnet.prefixLength,
      gateway: formatIpv4(this.gateway),
      hostInterface: stored.hostInterface,
      ports: stored.ports,
    };
  }

  /**
   * The first free address after the last one handed out, wrapping around. Not simply the
   * lowest free one: an address released a moment ago may still sit in peers' ARP caches and
   * in conntrack entries, which a new container would inherit.
   */
  private nextFreeAddress(state: IpamFile): string {
    const first = this.subnet.network + 1;
    const last = lastAddress(this.subnet) - 1; // the broadcast address is never a host's
    const count = last - first + 1;
    const taken = new Set(Object.values(state.leases).map((lease) => lease.address));
    taken.add(formatIpv4(this.gateway));
    const previous = state.lastAllocated === undefined ? undefined : parseIpv4(state.lastAllocated, 'lastAllocated');
    const start = previous !== undefined && previous >= first && previous <= last ? previous + 1 - first : 0;
    for (let step = 0; step < count; step++) {
      const candidate = formatIpv4(first + ((start + step) % count));
      if (!taken.has(candidate)) return candidate;
    }
    throw new HutchError(
      'invalid-state',
      `no free address left in ${formatSubnet(this.subnet)}: all ${Math.max(count - 1, 0)} container addresses are in use`,
      'remove containers you no longer need, or configure a larger subnet',
    );
  }

  private async update<T>(change: (state: IpamFile) => T): Promise<T> {
    return withFileLock(this.lockFile, async () => {
      const state = await this.read();
      const result = change(state);
      await this.write(state);
      return result;
    });
  }

  private async read(): Promise<IpamFile> {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return this.emptyState();
      throw new HutchError('system-failure', `cannot read ${this.file}: ${String(error)}`, undefined, { cause: error });
    }
    const state = parseIpamFile(text, this.file);
    if (state.subnet === formatSubnet(this.subnet)) return state;
    if (Object.keys(state.leases).length > 0) {
      throw new HutchError(
        'invalid-state',
        `${this.file} holds addresses in ${state.subnet}, but the bridge subnet is now ${this.bridge.subnet}`,
        `remove the containers using ${state.subnet} first, or go back to that subnet`,
      );
    }
    return this.emptyState();
  }

  private emptyState(): IpamFile {
    return { version: 1, subnet: formatSubnet(this.subnet), leases: {} };
  }

  private async write(state: IpamFile): Promise<void> {
    const directory = join(this.file, '..');
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    // The rename is the atomic step: readers see the old file or the new one. No fsync: leases
    // belong to running containers, and a power loss ends those too (the next boot starts from
    // whatever was last flushed, and stale leases are released with their containers).
    try {
      writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
      renameSync(temporary, this.file);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw new HutchError('system-failure', `cannot write ${this.file}: ${String(error)}`, undefined, { cause: error });
    }
  }
}

/** Parses ipam.json, rejecting anything that is not a file this module wrote. */
function parseIpamFile(text: string, path: string): IpamFile {
  const corrupt = (why: string) =>
    new HutchError(
      'invalid-state',
      `${path} is corrupt: ${why}`,
      'if no container is running, delete it; otherwise restore it from the running containers',
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw corrupt(error instanceof Error ? error.message : String(error));
  }
  if (typeof value !== 'object' || value === null) throw corrupt('not an object');
  const state = value as Partial<IpamFile>;
  if (state.version !== 1) throw corrupt(`unknown version ${JSON.stringify(state.version)}`);
  if (typeof state.subnet !== 'string') throw corrupt('no subnet');
  const subnet = parseSubnet(state.subnet, `${path} subnet`);
  if (typeof state.leases !== 'object' || state.leases === null) throw corrupt('no leases');
  for (const [id, lease] of Object.entries(state.leases)) {
    if (
      typeof lease !== 'object' ||
      lease === null ||
      typeof lease.address !== 'string' ||
      !subnetContains(subnet, parseIpv4(lease.address, `${path} lease ${id}`)) ||
      typeof lease.hostInterface !== 'string' ||
      !Array.isArray(lease.ports)
    ) {
      throw corrupt(`lease of ${id} is malformed`);
    }
  }
  return state as IpamFile;
}
