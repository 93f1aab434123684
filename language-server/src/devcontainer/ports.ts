/**
 * forwardPorts, appPort and customizations.hutch.vm.forwardPorts: each port valid, none twice.
 *
 * What the schema already says is left to it (a forwardPorts number above 65535, a string that is
 * not "host:port"); these checks cover what it cannot: port 0, "db:99999", appPort, whose
 * numbers have no range in the schema and whose strings are Docker `-p` values, and duplicates.
 */
import { isIP } from 'node:net';

import { describePath, elementsOf, valueAt, type DevcontainerDocument, type JsonNode } from './document';
import type { FindingSink } from './rules';

interface PortRange {
  low: number;
  high: number;
}

/** A Docker `-p` value: [ip:][hostPort:]containerPort[/protocol], ports or ranges. */
export interface PublishSpec {
  ip: string | null;
  host: PortRange | null;
  container: PortRange;
  protocol: 'tcp' | 'udp' | 'sctp';
}

/** Parses a `-p` value as Docker does (nat.ParsePortSpec), or says why it is not one. */
export function parsePublishSpec(text: string): PublishSpec | string {
  let rest = text.trim();
  let protocol: PublishSpec['protocol'] = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    const name = rest.slice(slash + 1).toLowerCase();
    if (name !== 'tcp' && name !== 'udp' && name !== 'sctp') return `unknown protocol "${rest.slice(slash + 1)}" (tcp, udp or sctp)`;
    protocol = name;
    rest = rest.slice(0, slash);
  }
  let ip: string | null = null;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0 || rest[close + 1] !== ':') return 'an IPv6 address must be written [address]:hostPort:containerPort';
    ip = rest.slice(1, close);
    if (isIP(ip) !== 6) return `"${ip}" is not an IPv6 address`;
    rest = rest.slice(close + 2);
    if (!rest.includes(':')) return 'an address needs a host port (may be empty) and a container port: [address]:hostPort:containerPort';
  }
  const parts = rest.split(':');
  if (parts.length > 3 || (ip !== null && parts.length !== 2)) return 'expected [ip:][hostPort:]containerPort';
  if (parts.length === 3) {
    ip = parts.shift()!;
    if (ip !== '' && isIP(ip) === 0) return `"${ip}" is not an IP address`;
  }
  const containerText = parts.pop()!;
  const hostText = parts.length > 0 ? parts[0]! : '';
  const container = parseRange(containerText);
  if (typeof container === 'string') return `container port ${container}`;
  let host: PortRange | null = null;
  if (hostText !== '') {
    const parsed = parseRange(hostText);
    if (typeof parsed === 'string') return `host port ${parsed}`;
    host = parsed;
    const containerSize = container.high - container.low;
    if (containerSize > 0 && containerSize !== host.high - host.low) return 'a container port range needs a host port range of the same size';
  }
  return { ip: ip === '' ? null : ip, host, container, protocol };
}

function parseRange(text: string): PortRange | string {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) return text === '' ? 'is missing' : `"${text}" is not a port or a range such as 8000-8010`;
  const low = Number(match[1]);
  const high = match[2] === undefined ? low : Number(match[2]);
  for (const port of [low, high]) if (port < 1 || port > 65535) return `${port} is not between 1 and 65535`;
  if (high < low) return `range ${text} ends before it starts`;
  return { low, high };
}

interface Claim {
  /** What the claim is on: a local port (forwarded or published), or a container port published to a random host port. */
  space: 'local' | 'container';
  range: PortRange;
  protocol: string;
  node: JsonNode;
  by: string;
}

export function checkPorts(document: DevcontainerDocument, sink: FindingSink): void {
  const root = document.root;
  const claims: Claim[] = [];

  // forwardPorts: numbers forward to the same local port; "host:port" forwards another host's port.
  const forwarded = new Map<string, JsonNode>();
  elementsOf(valueAt(root, 'forwardPorts')).forEach((element, index) => {
    const where = describePath(['forwardPorts', index]);
    let key: string | undefined;
    let localPort: number | undefined;
    if (element.type === 'number' && Number.isInteger(element.value) && element.value >= 0 && element.value <= 65535) {
      if (element.value === 0) {
        sink.report('devcontainer/invalid-port', { ...spanOf(element), message: `${where}: port 0 cannot be forwarded; give a port from 1 to 65535` });
        return;
      }
      key = `localhost:${element.value}`;
      localPort = element.value;
    } else if (element.type === 'string') {
      const match = /^([a-z0-9-]+):(\d{1,5})$/.exec(String(element.value));
      if (!match) return; // the schema reports it
      const port = Number(match[2]);
      if (port < 1 || port > 65535) {
        sink.report('devcontainer/invalid-port', { ...spanOf(element), message: `${where}: ${port} is not a port from 1 to 65535` });
        return;
      }
      key = `${match[1]}:${port}`;
      if (match[1] === 'localhost') localPort = port;
    }
    if (key === undefined) return;
    const earlier = forwarded.get(key);
    if (earlier) {
      sink.report('devcontainer/duplicate-port', { ...spanOf(element), message: `${where}: ${key.replace(/^localhost:/, 'port ')} is already forwarded at ${positionText(document, earlier)}` });
      return;
    }
    forwarded.set(key, element);
    if (localPort !== undefined) claims.push({ space: 'local', range: { low: localPort, high: localPort }, protocol: 'tcp', node: element, by: 'forwardPorts' });
  });

  // appPort: a number is published on 127.0.0.1 at the same port; a string is a `-p` value.
  const appPort = valueAt(root, 'appPort');
  const appPorts = appPort?.type === 'array' ? elementsOf(appPort).map((node, index) => ({ node, path: ['appPort', index] as Array<string | number> })) : appPort ? [{ node: appPort, path: ['appPort'] as Array<string | number> }] : [];
  const published: Claim[] = [];
  for (const { node, path } of appPorts) {
    const where = describePath(path);
    if (node.type === 'number') {
      const port = node.value as number;
      if (!Number.isInteger(port)) continue; // the schema reports it
      if (port < 1 || port > 65535) {
        sink.report('devcontainer/invalid-port', { ...spanOf(node), message: `${where}: ${port} is not a port from 1 to 65535` });
        continue;
      }
      published.push({ space: 'local', range: { low: port, high: port }, protocol: 'tcp', node, by: 'appPort' });
    } else if (node.type === 'string') {
      const spec = parsePublishSpec(String(node.value));
      if (typeof spec === 'string') {
        sink.report('devcontainer/invalid-port', { ...spanOf(node), message: `${where}: ${JSON.stringify(node.value)} is not a Docker port mapping: ${spec}` });
        continue;
      }
      published.push(
        spec.host
          ? { space: 'local', range: spec.host, protocol: spec.protocol, node, by: 'appPort' }
          : { space: 'container', range: spec.container, protocol: spec.protocol, node, by: 'appPort' },
      );
    }
  }
  reportOverlaps(document, published, sink, 'published');
  for (const claim of published) {
    if (claim.space !== 'local' || claim.protocol !== 'tcp') continue;
    const clash = claims.find((c) => c.by === 'forwardPorts' && overlaps(c.range, claim.range));
    if (clash) {
      sink.report('devcontainer/duplicate-port', {
        ...spanOf(clash.node),
        message: `forwardPorts: port ${clash.range.low} is also published by appPort (${positionText(document, claim.node)}); the forward will get another local port`,
      });
    }
  }

  // customizations.hutch.vm.forwardPorts: host ports bound when the VM boots.
  const vmForwards: Claim[] = [];
  elementsOf(valueAt(root, 'customizations', 'hutch', 'vm', 'forwardPorts')).forEach((element) => {
    let host: unknown;
    let protocol: unknown = 'tcp';
    if (element.type === 'number') host = element.value;
    else if (element.type === 'object') {
      host = valueAt(element, 'host')?.value ?? valueAt(element, 'guest')?.value;
      protocol = valueAt(element, 'protocol')?.value ?? 'tcp';
    }
    if (typeof host !== 'number' || !Number.isInteger(host) || host < 1 || host > 65535 || typeof protocol !== 'string') return; // the schema reports it
    vmForwards.push({ space: 'local', range: { low: host, high: host }, protocol, node: element, by: 'customizations.hutch.vm.forwardPorts' });
  });
  reportOverlaps(document, vmForwards, sink, 'forwarded from the host');
}

function reportOverlaps(document: DevcontainerDocument, claims: readonly Claim[], sink: FindingSink, verb: string): void {
  claims.forEach((claim, index) => {
    const earlier = claims.slice(0, index).find((c) => c.space === claim.space && c.protocol === claim.protocol && overlaps(c.range, claim.range));
    if (!earlier) return;
    const what = claim.space === 'local' ? `host port ${describeRange(overlap(claim.range, earlier.range))}` : `container port ${describeRange(overlap(claim.range, earlier.range))}`;
    sink.report('devcontainer/duplicate-port', {
      ...spanOf(claim.node),
      message: `${claim.by}: ${what}/${claim.protocol} is already ${verb} at ${positionText(document, earlier.node)}`,
    });
  });
}

function overlaps(a: PortRange, b: PortRange): boolean {
  return a.low <= b.high && b.low <= a.high;
}

function overlap(a: PortRange, b: PortRange): PortRange {
  return { low: Math.max(a.low, b.low), high: Math.min(a.high, b.high) };
}

function describeRange(range: PortRange): string {
  return range.low === range.high ? String(range.low) : `${range.low}-${range.high}`;
}

function positionText(document: DevcontainerDocument, node: JsonNode): string {
  const position = document.lines.position(node.offset);
  return `line ${position.line + 1}`;
}

function spanOf(node: JsonNode): { offset: number; length: number } {
  return { offset: node.offset, length: node.length };
}
