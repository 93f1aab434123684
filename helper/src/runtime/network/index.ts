/**
 * Container networking, in three steps around the container's process:
 *   plan()    before it exists: validate ports, lease an address, render /etc/hosts and
 *             /etc/resolv.conf; the result is a complete NetworkPlan.
 *   attach()  once it exists, on the host: bridge, veth pair into its namespace, port rules.
 *             The container side (lo up, address on eth0, default route) is done by the
 *             runtime's cloned child with hutch_nl_loopback_up/hutch_nl_configure (netlink.h).
 *   release() after it is gone: rules, host veth, lease. Needs only the container id and
 *             plan, so it also cleans up after a crash or a half-done attach; running it twice
 *             is harmless.
 *
 * Modes: host (the host's namespace: nothing to do), none (own namespace, loopback only),
 * private (own namespace on the hutch0 bridge, NAT'ed, ports published on the host).
 */
import { join } from 'node:path';

import { HutchError } from '../../errors';
import { DEFAULT_BRIDGE_CONFIG, ensureBridge, removeBridge, resolveBridgeConfig } from './bridge';
import { Ipam } from './ipam';
import { assertCommentSafe } from './iptables';
import { createVeth, deleteLink } from './links';
import {
  addPortRules,
  assertHostPortsFree,
  assertPortsAvailable,
  containerRuleComment,
  publishedPortsInKernel,
  removeAllFor,
  resolvePublishedPorts,
} from './ports';
import { assertValidHostname, containerHosts, containerResolvConf, readHostResolvConf } from './resolv';
import type { BridgeConfig, NetworkMode, NetworkPlan, PublishedPort } from './types';

export type { BridgeConfig, NetworkMode, NetworkPlan, PublishedPort } from './types';

/** Where address leases live, one folder per bridge. */
export const HOST_LEASE_ROOT = '/run/hutch/leases';
export { DEFAULT_BRIDGE_CONFIG };

/** The container's end of the veth pair, as the container sees it. */
export const CONTAINER_INTERFACE = 'eth0';

const NETWORK_MODES: readonly NetworkMode[] = ['host', 'none', 'private'];

/**
 * The host end of a container's veth pair: "hv" and the first 10 characters of its id, so
 * `ip link` can be matched to containers (interface names are limited to 15 characters).
 */
export function hostInterfaceName(containerId: string): string {
  return `hv${containerId.slice(0, 10)}`;
}

function assertValidContainerId(containerId: string): void {
  // The id becomes part of an interface name, a file's content and an iptables comment.
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(containerId)) {
    throw new HutchError(
      'invalid-argument',
      `container id ${JSON.stringify(containerId)} is not valid for networking`,
      'ids are 1 to 128 letters, digits, "_", "." or "-", starting with a letter or digit',
    );
  }
  assertCommentSafe(containerRuleComment(containerId));
}

export class NetworkManager {
  readonly bridge: BridgeConfig;
  private readonly ipam: Ipam;

  /**
   * bridge overrides the default bridge (hutch0, 10.88.0.0/16). Addresses belong to the
   * bridge, which every Hutch state root on the host shares, so the leases are host-wide too
   * (leaseRoot/<bridge>/ipam.json; a test may give its own leaseRoot with its own bridge). They
   * live in /run: cleared at boot, when the containers holding them are gone as well.
   */
  constructor(bridge: Partial<BridgeConfig> = {}, leaseRoot: string = HOST_LEASE_ROOT) {
    this.bridge = resolveBridgeConfig(bridge);
    this.ipam = new Ipam(join(leaseRoot, this.bridge.name), this.bridge);
  }

  async plan(containerId: string, mode: NetworkMode, ports: PublishedPort[], hostname: string): Promise<NetworkPlan> {
    assertValidContainerId(containerId);
    assertValidHostname(hostname);
    if (!NETWORK_MODES.includes(mode)) {
      throw new HutchError('invalid-argument', `network mode ${JSON.stringify(mode)} is not supported`, 'use host, none or private');
    }
    const resolvConf = containerResolvConf(mode, await readHostResolvConf());
    if (mode !== 'private') {
      if (ports.length > 0) {
        throw new HutchError(
          'invalid-argument',
          `ports cannot be published with network mode ${mode}`,
          mode === 'host' ? 'in host mode the container listens on the host directly' : 'use network mode private',
        );
      }
      return { mode, ports: [], hosts: containerHosts(hostname, undefined), resolvConf };
    }

    const resolved = resolvePublishedPorts(ports);
    if (resolved.length > 0) {
      // The kernel's rules catch ports held by containers this state root does not know about
      // (another state root, or records lost in a crash); the lease file, checked again under
      // its lock, is what keeps two concurrent plans apart. (Listing the rules runs iptables:
      // only worth it when there is something to publish.)
      assertPortsAvailable(containerId, resolved, await publishedPortsInKernel());
      await assertHostPortsFree(resolved);
    }
    const lease = await this.ipam.allocate({ containerId, hostInterface: hostInterfaceName(containerId), ports: resolved });
    return {
      mode,
      address: lease.address,
      prefixLength: lease.prefixLength,
      gateway: lease.gateway,
      hostInterface: lease.hostInterface,
      containerInterface: CONTAINER_INTERFACE,
      bridge: this.bridge.name,
      ports: lease.ports,
      hosts: containerHosts(hostname, lease.address),
      resolvConf,
    };
  }

  /**
   * Wires the container's namespace (that of containerPid) to the bridge and publishes its
   * ports. On failure, undoes what it did before rethrowing; the lease stays for release().
   */
  async attach(containerId: string, plan: NetworkPlan, containerPid: number): Promise<void> {
    assertValidContainerId(containerId);
    if (plan.mode !== 'private') return;
    const { address, hostInterface } = requirePrivatePlan(containerId, plan);
    try {
      await ensureBridge(this.bridge);
      createVeth(hostInterface, plan.containerInterface ?? CONTAINER_INTERFACE, containerPid, this.bridge.name, this.bridge.mtu);
      if (plan.ports.length > 0) await addPortRules(containerId, address, resolvePublishedPorts(plan.ports));
    } catch (error) {
      await this.undoAttach(containerId, hostInterface).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Removes the container's port rules and host veth and frees its address. With
   * containerGone (its processes have all ended) the host veth is left to the kernel: the
   * pair is destroyed with the container's network namespace, in the background, while
   * deleting it here would block for tens of ms waiting for the kernel to unregister it.
   */
  async release(containerId: string, plan: NetworkPlan, options: { containerGone?: boolean } = {}): Promise<void> {
    assertValidContainerId(containerId);
    if (plan.mode !== 'private') return; // no lease, link or rule exists for host and none
    const hostInterface = plan.hostInterface ?? hostInterfaceName(containerId);
    if (plan.ports.length > 0) await removeAllFor(containerId);
    if (!options.containerGone) await this.deleteOwnLink(containerId, hostInterface);
    await this.ipam.release(containerId);
  }

  /**
   * Deletes the bridge and its rules (for tests and uninstall). Containers still attached lose
   * their network; their leases are not touched.
   */
  async removeBridge(): Promise<void> {
    await removeBridge(this.bridge);
  }

  private async undoAttach(containerId: string, hostInterface: string): Promise<void> {
    await removeAllFor(containerId);
    await this.deleteOwnLink(containerId, hostInterface);
  }

  private async deleteOwnLink(containerId: string, hostInterface: string): Promise<void> {
    // Usually already gone: the pair dies with the container's namespace. The lease check
    // guards against deleting an interface of the same name that another container now owns.
    const owner = (await this.ipam.leases()).find((lease) => lease.hostInterface === hostInterface);
    if (owner === undefined || owner.containerId === containerId) deleteLink(hostInterface);
  }
}

function requirePrivatePlan(containerId: string, plan: NetworkPlan): { address: string; hostInterface: string } {
  if (plan.address === undefined || plan.hostInterface === undefined) {
    throw new HutchError(
      'invalid-state',
      `the network plan of container ${containerId} has no address or host interface`,
      'plans for private networking come from NetworkManager.plan()',
    );
  }
  return { address: plan.address, hostInterface: plan.hostInterface };
}
