import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';

import { HutchError } from '../../../helper/src/errors';
import { parseRuleLine } from '../../../helper/src/runtime/network/iptables';
import {
  assertHostPortsFree,
  assertPortsAvailable,
  portRule,
  publishedPortsFromRules,
  resolvePublishedPorts,
  type ResolvedPublishedPort,
} from '../../../helper/src/runtime/network/ports';
import type { PublishedPort } from '../../../helper/src/runtime/network/types';

function isHutchError(code: string, pattern: RegExp) {
  return (error: unknown) => error instanceof HutchError && error.code === code && pattern.test(error.message);
}

const tcp = (hostPort: number, containerPort = 80): PublishedPort => ({ hostPort, containerPort, protocol: 'tcp' });

describe('resolvePublishedPorts', () => {
  test('defaults hostIp to 127.0.0.1', () => {
    assert.deepEqual(resolvePublishedPorts([tcp(8080, 80)]), [
      { hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
    ]);
  });

  test('keeps an explicit hostIp and the protocol', () => {
    assert.deepEqual(resolvePublishedPorts([{ hostPort: 53, containerPort: 5353, protocol: 'udp', hostIp: '0.0.0.0' }]), [
      { hostIp: '0.0.0.0', hostPort: 53, containerPort: 5353, protocol: 'udp' },
    ]);
  });

  const invalid: [string, PublishedPort, RegExp][] = [
    ['host port 0', tcp(0), /ports\[0\]\.hostPort 0 is not a port number/],
    ['host port 65536', tcp(65536), /ports\[0\]\.hostPort 65536/],
    ['a fractional port', tcp(80.5), /ports\[0\]\.hostPort 80\.5/],
    ['a port given as a string', { ...tcp(80), hostPort: '80' as unknown as number }, /ports\[0\]\.hostPort "80"/],
    ['container port 0', tcp(8080, 0), /ports\[0\]\.containerPort 0/],
    ['container port 70000', tcp(8080, 70000), /ports\[0\]\.containerPort 70000/],
    ['protocol sctp', { ...tcp(80), protocol: 'sctp' as 'tcp' }, /ports\[0\]\.protocol "sctp" is not supported/],
    ['a host name as hostIp', { ...tcp(80), hostIp: 'localhost' }, /ports\[0\]\.hostIp "localhost" is not an IPv4 address/],
    ['an IPv6 hostIp', { ...tcp(80), hostIp: '::1' }, /ports\[0\]\.hostIp "::1"/],
    ['an out-of-range octet', { ...tcp(80), hostIp: '256.0.0.1' }, /ports\[0\]\.hostIp "256\.0\.0\.1"/],
    ['a leading-zero octet', { ...tcp(80), hostIp: '127.0.0.01' }, /ports\[0\]\.hostIp "127\.0\.0\.01"/],
  ];
  for (const [name, port, message] of invalid) {
    test(`rejects ${name} as invalid-argument naming the field`, () => {
      assert.throws(() => resolvePublishedPorts([port]), isHutchError('invalid-argument', message));
    });
  }

  test('names the index of the bad entry', () => {
    assert.throws(() => resolvePublishedPorts([tcp(8080), tcp(-1)]), isHutchError('invalid-argument', /ports\[1\]\.hostPort -1/));
  });

  test('the same host port twice is already-exists', () => {
    assert.throws(() => resolvePublishedPorts([tcp(8080, 80), tcp(8080, 81)]), isHutchError('already-exists', /127\.0\.0\.1:8080\/tcp is published twice/));
  });

  test('0.0.0.0 overlaps 127.0.0.1 on the same port', () => {
    assert.throws(
      () => resolvePublishedPorts([tcp(8080), { ...tcp(8080), hostIp: '0.0.0.0' }]),
      isHutchError('already-exists', /0\.0\.0\.0:8080\/tcp/),
    );
  });

  test('tcp and udp on the same number, or two host addresses, do not overlap', () => {
    assert.equal(resolvePublishedPorts([tcp(53), { ...tcp(53), protocol: 'udp' }]).length, 2);
    assert.equal(resolvePublishedPorts([tcp(53), { ...tcp(53), hostIp: '127.0.0.2' }]).length, 2);
  });
});

describe('assertPortsAvailable', () => {
  const mine: ResolvedPublishedPort = { hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' };

  test('a port published by another container is already-exists naming port and container', () => {
    assert.throws(
      () => assertPortsAvailable('new', [mine], new Map([['old', [{ ...mine, containerPort: 3000 }]]])),
      isHutchError('already-exists', /host port 127\.0\.0\.1:8080\/tcp is already published by container old/),
    );
  });

  test('the container\'s own earlier ports do not conflict', () => {
    assertPortsAvailable('same', [mine], new Map([['same', [mine]]]));
  });
});

describe('port rules', () => {
  const port: ResolvedPublishedPort = { hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' };

  test('a published port is a DNAT rule in HUTCH-DNAT tagged hutch:<id>', () => {
    assert.deepEqual(portRule('abc123', '10.88.0.2', port), {
      table: 'nat',
      chain: 'HUTCH-DNAT',
      spec: [
        '-d', '127.0.0.1/32', '-p', 'tcp', '-m', 'tcp', '--dport', '8080',
        '-m', 'comment', '--comment', 'hutch:abc123', '-j', 'DNAT', '--to-destination', '10.88.0.2:80',
      ],
    });
  });

  test('hostIp 0.0.0.0 matches every local address (no -d)', () => {
    assert.equal(portRule('abc', '10.88.0.2', { ...port, hostIp: '0.0.0.0' }).spec.includes('-d'), false);
  });

  test('ports are read back from `iptables -S` lines, by owner', () => {
    const lines = [
      '-A HUTCH-DNAT -d 127.0.0.1/32 -p tcp -m tcp --dport 8080 -m comment --comment "hutch:abc" -j DNAT --to-destination 10.88.0.2:80',
      '-A HUTCH-DNAT -p udp -m udp --dport 53 -m comment --comment "hutch:def" -j DNAT --to-destination 10.88.0.3:5353',
      '-A HUTCH-DNAT -p tcp -m tcp --dport 9 -m comment --comment "someone else" -j DNAT --to-destination 10.0.0.9:9',
    ];
    const rules = lines.map((line) => ({ table: 'nat' as const, chain: 'HUTCH-DNAT', spec: parseRuleLine(line).slice(2) }));
    assert.deepEqual(
      publishedPortsFromRules(rules),
      new Map([
        ['abc', [port]],
        ['def', [{ hostIp: '0.0.0.0', hostPort: 53, containerPort: 5353, protocol: 'udp' }]],
      ]),
    );
  });

  test('parseRuleLine undoes iptables quoting', () => {
    assert.deepEqual(parseRuleLine('-A X -m comment --comment "a \\"b\\" c" -j RETURN'), [
      '-A', 'X', '-m', 'comment', '--comment', 'a "b" c', '-j', 'RETURN',
    ]);
  });
});

describe('assertHostPortsFree', () => {
  const servers: Server[] = [];
  after(() => {
    for (const server of servers) server.close();
  });

  test('a port a host process listens on is already-exists', async () => {
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    assert.ok(address !== null && typeof address === 'object');
    await assert.rejects(
      assertHostPortsFree([{ hostIp: '127.0.0.1', hostPort: address.port, containerPort: 80, protocol: 'tcp' }]),
      isHutchError('already-exists', new RegExp(`127\\.0\\.0\\.1:${address.port}/tcp is already in use`)),
    );
  });

  test('a hostIp that is not an address of this host is invalid-argument', async () => {
    // TEST-NET-3: never a local address. Binding sends nothing on the network.
    await assert.rejects(
      assertHostPortsFree([{ hostIp: '203.0.113.7', hostPort: 8080, containerPort: 80, protocol: 'tcp' }]),
      isHutchError('invalid-argument', /hostIp 203\.0\.113\.7/),
    );
  });

  test('a free port passes, tcp and udp', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    assert.ok(address !== null && typeof address === 'object');
    await assertHostPortsFree([
      { hostIp: '127.0.0.1', hostPort: address.port, containerPort: 80, protocol: 'tcp' },
      { hostIp: '127.0.0.1', hostPort: address.port, containerPort: 80, protocol: 'udp' },
    ]);
  });
});
