/**
 * Network interfaces through the native rtnetlink client (helper/native/netlink.c), with its
 * errno-carrying errors turned into HutchErrors.
 */
import { HutchError } from '../../errors';
import { loadNativeAddon } from '../native-addon';

interface NetlinkAddon {
  vethCreate(hostName: string, peerName: string, netnsPid: number, bridge: string | null, mtu: number): void;
  linkDelete(name: string): void;
  configureInNetns(netnsPath: string, ifname: string | null, address: string, prefixLength: number, gateway: string | null): void;
}

function netlinkAddon(): NetlinkAddon {
  const { vethCreate, linkDelete, configureInNetns } = loadNativeAddon();
  if (typeof vethCreate !== 'function' || typeof linkDelete !== 'function' || typeof configureInNetns !== 'function') {
    throw new HutchError(
      'system-failure',
      'the native addon has no vethCreate/linkDelete/configureInNetns',
      'rebuild it with `npm run install`',
    );
  }
  return {
    vethCreate: (...args) => void vethCreate(...args),
    linkDelete: (name) => void linkDelete(name),
    configureInNetns: (...args) => void configureInNetns(...args),
  };
}

/** The errno name the native side attaches to its errors (e.g. "EEXIST"). */
function nativeCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function toHutchError(error: unknown, hints: Readonly<Record<string, string>> = {}): HutchError {
  const message = error instanceof Error ? error.message : String(error);
  const code = nativeCode(error);
  switch (code) {
    case 'EEXIST':
      return new HutchError('already-exists', message, hints[code], { cause: error });
    case 'EPERM':
    case 'EACCES':
      return new HutchError('permission-denied', message, 'private networking needs root (CAP_NET_ADMIN)', { cause: error });
    case 'ESRCH':
      return new HutchError('not-found', message, hints[code] ?? 'the container process has already exited', { cause: error });
    default:
      return new HutchError('system-failure', message, code === undefined ? undefined : hints[code], { cause: error });
  }
}

/**
 * Creates a veth pair: hostName on the host, enslaved to bridge and up; peerName inside the
 * network namespace of netnsPid. Deleting either end later removes both, and the pair also
 * disappears by itself when the container's namespace dies.
 */
export function createVeth(hostName: string, peerName: string, netnsPid: number, bridge: string | null, mtu: number): void {
  try {
    netlinkAddon().vethCreate(hostName, peerName, netnsPid, bridge, mtu);
  } catch (error) {
    throw toHutchError(error, {
      EEXIST: `an interface named ${hostName} is left over; \`ip link del ${hostName}\` if no container uses it`,
      ESRCH: `container process ${netnsPid} has already exited`,
      ...(bridge === null ? {} : { ENODEV: `bridge ${bridge} is missing; it is created when a private container starts` }),
    });
  }
}

/** Deletes an interface of the host; a missing one is not an error. */
export function deleteLink(name: string): void {
  try {
    netlinkAddon().linkDelete(name);
  } catch (error) {
    throw toHutchError(error);
  }
}

/**
 * FOR TESTS: does what the container's cloned child does before exec (loopback up, and when
 * ifname is given: address, link up, default route), inside the namespace at netnsPath.
 */
export function configureInNetns(
  netnsPath: string,
  ifname: string | null,
  address: string,
  prefixLength: number,
  gateway: string | null,
): void {
  try {
    netlinkAddon().configureInNetns(netnsPath, ifname, address, prefixLength, gateway);
  } catch (error) {
    throw toHutchError(error);
  }
}
