/** Network modes (issue 2): host, none (own netns, loopback only), private (veth + bridge + NAT). */
export type NetworkMode = 'host' | 'none' | 'private';

export interface PublishedPort {
  /** Host port on 127.0.0.1. */
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp';
  /** Host address to bind, default 127.0.0.1. */
  hostIp?: string;
}

/** Everything decided before the container's process exists (address allocation). */
export interface NetworkPlan {
  mode: NetworkMode;
  /** For private: the container's address, prefix, gateway (dotted quads) and interface names. */
  address?: string;
  prefixLength?: number;
  gateway?: string;
  hostInterface?: string;
  containerInterface?: string;
  bridge?: string;
  ports: PublishedPort[];
  /** /etc/hosts and /etc/resolv.conf content for the container. */
  hosts: string;
  resolvConf: string;
}

/**
 * The host bridge that private containers attach to, fully resolved (see resolveBridgeConfig in
 * ./bridge.ts for the defaults: hutch0, 10.88.0.0/16, gateway 10.88.0.1).
 */
export interface BridgeConfig {
  /** Interface name of the bridge, at most 15 characters. */
  name: string;
  /** The containers' subnet, "a.b.c.d/n". */
  subnet: string;
  /** The bridge's own address inside subnet: the containers' default gateway. */
  gateway: string;
  /** MTU of the veth pairs; 0 means the kernel default (1500). */
  mtu: number;
}
