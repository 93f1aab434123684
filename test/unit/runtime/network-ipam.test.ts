import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { HutchError } from '../../../helper/src/errors';
import { Ipam } from '../../../helper/src/runtime/network/ipam';
import type { ResolvedPublishedPort } from '../../../helper/src/runtime/network/ports';
import type { BridgeConfig } from '../../../helper/src/runtime/network/types';

const execFileAsync = promisify(execFile);

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function stateRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'hutch-ipam-'));
  roots.push(root);
  return root;
}

/** A /29: 8 addresses, minus network, broadcast and gateway = 5 for containers. */
const SMALL: BridgeConfig = { name: 'hutch-t', subnet: '10.99.0.0/29', gateway: '10.99.0.1', mtu: 0 };
const LARGE: BridgeConfig = { name: 'hutch-t', subnet: '10.99.0.0/16', gateway: '10.99.0.1', mtu: 0 };

function port(hostPort: number, protocol: 'tcp' | 'udp' = 'tcp'): ResolvedPublishedPort {
  return { hostIp: '127.0.0.1', hostPort, containerPort: 80, protocol };
}

function request(containerId: string, ports: ResolvedPublishedPort[] = []) {
  return { containerId, hostInterface: `hv${containerId.slice(0, 10)}`, ports };
}

function isHutchError(code: string, pattern: RegExp) {
  return (error: unknown) => error instanceof HutchError && error.code === code && pattern.test(error.message);
}

describe('Ipam', () => {
  test('hands out distinct addresses after the gateway, with the subnet prefix and gateway', async () => {
    const ipam = new Ipam(stateRoot(), SMALL);
    const a = await ipam.allocate(request('aaaa'));
    const b = await ipam.allocate(request('bbbb'));
    assert.equal(a.address, '10.99.0.2');
    assert.equal(b.address, '10.99.0.3');
    assert.equal(a.prefixLength, 29);
    assert.equal(a.gateway, '10.99.0.1');
    assert.equal(a.hostInterface, 'hvaaaa');
  });

  test('persists leases in <leaseRoot>/ipam.json, visible to a new instance', async () => {
    const root = stateRoot();
    await new Ipam(root, SMALL).allocate(request('aaaa', [port(8080)]));
    const stored = JSON.parse(readFileSync(join(root, 'ipam.json'), 'utf8'));
    assert.equal(stored.leases.aaaa.address, '10.99.0.2');
    const lease = await new Ipam(root, SMALL).lease('aaaa');
    assert.deepEqual(lease?.ports, [port(8080)]);
    // No temp files left behind by the atomic write.
    assert.deepEqual(readdirSync(root).filter((name) => name.endsWith('.tmp')), []);
  });

  test('allocating again for the same container returns its address and updates its ports', async () => {
    const ipam = new Ipam(stateRoot(), SMALL);
    const first = await ipam.allocate(request('aaaa', [port(8080)]));
    const again = await ipam.allocate(request('aaaa', [port(9090)]));
    assert.equal(again.address, first.address);
    assert.deepEqual(again.ports, [port(9090)]);
    assert.equal((await ipam.leases()).length, 1);
  });

  test('release frees the address; the next allocation moves on before reusing it', async () => {
    const ipam = new Ipam(stateRoot(), SMALL);
    await ipam.allocate(request('aaaa'));
    await ipam.allocate(request('bbbb'));
    await ipam.release('aaaa');
    assert.equal(await ipam.lease('aaaa'), undefined);
    assert.equal((await ipam.allocate(request('cccc'))).address, '10.99.0.4');
    // Releasing what is not leased is a no-op.
    await ipam.release('aaaa');
    await ipam.release('never-allocated');
  });

  test('wraps around to freed addresses when the end of the subnet is reached', async () => {
    const ipam = new Ipam(stateRoot(), SMALL);
    for (const id of ['c1', 'c2', 'c3', 'c4', 'c5']) await ipam.allocate(request(id));
    await ipam.release('c2'); // 10.99.0.3
    assert.equal((await ipam.allocate(request('c6'))).address, '10.99.0.3');
  });

  test('an exhausted subnet is an invalid-state error naming the subnet', async () => {
    const ipam = new Ipam(stateRoot(), SMALL);
    const addresses = [];
    for (const id of ['c1', 'c2', 'c3', 'c4', 'c5']) addresses.push((await ipam.allocate(request(id))).address);
    assert.deepEqual(addresses, ['10.99.0.2', '10.99.0.3', '10.99.0.4', '10.99.0.5', '10.99.0.6']);
    await assert.rejects(ipam.allocate(request('c6')), isHutchError('invalid-state', /no free address left in 10\.99\.0\.0\/29/));
    // A failed allocation leaves the file as it was.
    assert.equal((await ipam.leases()).length, 5);
  });

  test('a host port leased by another container is already-exists, naming port and owner', async () => {
    const ipam = new Ipam(stateRoot(), SMALL);
    await ipam.allocate(request('aaaa', [port(8080)]));
    await assert.rejects(
      ipam.allocate(request('bbbb', [port(8080)])),
      isHutchError('already-exists', /127\.0\.0\.1:8080\/tcp .*container aaaa/),
    );
    // Another protocol on the same number is a different port.
    await ipam.allocate(request('bbbb', [port(8080, 'udp')]));
  });

  test('two containers whose host interface names collide are refused', async () => {
    const ipam = new Ipam(stateRoot(), SMALL);
    await ipam.allocate({ containerId: 'project-a-dev', hostInterface: 'hvproject-a-', ports: [] });
    await assert.rejects(
      ipam.allocate({ containerId: 'project-a-test', hostInterface: 'hvproject-a-', ports: [] }),
      isHutchError('already-exists', /hvproject-a- .*project-a-dev/),
    );
  });

  test('a corrupt ipam.json is an invalid-state error naming the file', async () => {
    const root = stateRoot();
    mkdirSync(join(root, 'network'));
    writeFileSync(join(root, 'ipam.json'), '{"version": 1, "subnet": ');
    await assert.rejects(new Ipam(root, SMALL).allocate(request('aaaa')), isHutchError('invalid-state', /ipam\.json is corrupt/));
  });

  test('changing the subnet while addresses are leased is refused', async () => {
    const root = stateRoot();
    await new Ipam(root, SMALL).allocate(request('aaaa'));
    const moved: BridgeConfig = { ...SMALL, subnet: '10.98.0.0/24', gateway: '10.98.0.1' };
    await assert.rejects(new Ipam(root, moved).allocate(request('bbbb')), isHutchError('invalid-state', /10\.99\.0\.0\/29/));
    await new Ipam(root, SMALL).release('aaaa');
    assert.equal((await new Ipam(root, moved).allocate(request('bbbb'))).address, '10.98.0.2');
  });

  test('concurrent allocations in one process never share an address', async () => {
    const ipam = new Ipam(stateRoot(), LARGE);
    const ids = Array.from({ length: 20 }, (_, i) => `p${i}-same-process`);
    const leases = await Promise.all(ids.map((id) => ipam.allocate(request(id))));
    assert.equal(new Set(leases.map((lease) => lease.address)).size, ids.length);
    assert.equal((await ipam.leases()).length, ids.length);
  });

  test('two processes allocating at once never get the same address', async () => {
    const root = stateRoot();
    const modulePath = require.resolve('../../../helper/src/runtime/network/ipam');
    const perProcess = 15;
    // Each child allocates as fast as it can; both start before either finishes.
    const child = (name: string) =>
      execFileAsync(process.execPath, [
        '-e',
        `const { Ipam } = require(${JSON.stringify(modulePath)});
         const ipam = new Ipam(${JSON.stringify(root)}, ${JSON.stringify(LARGE)});
         (async () => {
           const out = [];
           for (let i = 0; i < ${perProcess}; i++) {
             const id = '${name}-' + i;
             out.push((await ipam.allocate({ containerId: id, hostInterface: 'hv' + id, ports: [] })).address);
           }
           process.stdout.write(JSON.stringify(out));
         })().catch((error) => { console.error(error); process.exit(1); });`,
      ]);
    const [first, second] = await Promise.all([child('one'), child('two')]);
    const addresses = [...JSON.parse(first.stdout), ...JSON.parse(second.stdout)] as string[];
    assert.equal(addresses.length, 2 * perProcess);
    assert.equal(new Set(addresses).size, addresses.length, `duplicates in ${addresses.join(' ')}`);
    // And no update was lost: every lease is in the file.
    assert.equal((await new Ipam(root, LARGE).leases()).length, 2 * perProcess);
  });
});
