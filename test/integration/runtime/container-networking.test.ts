/**
 * A container on the private network, end to end through the Runtime API: a server in the
 * container answers on a port published on the host's loopback, the container reaches a server
 * on the host's bridge address, and remove() takes the container's iptables rules and host veth
 * with it.
 *
 * Needs root, ip and iptables (see integration-prerequisites.ts). The container uses the default
 * bridge (hutch0, created by the runtime if missing and left in place, as the runtime does).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer, type AddressInfo } from 'node:net';

import { hostInterfaceName } from '../../../helper/src/runtime/network/index';
import { ContainerFixture, DEFAULT_WAIT_MS, eventually, withTimeout } from '../../support/container-fixture';
import { integrationSkipReason } from '../../support/integration-prerequisites';

const skip = integrationSkipReason('container-networking.test.ts', ['ip', 'iptables']);

/** A TCP port nothing listens on right now (the kernel's pick for port 0). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Connects, reads until the server closes, returns what it said; rejects on refusal. */
function readFromPort(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    let data = '';
    socket.setTimeout(2_000, () => socket.destroy(new Error('timeout')));
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

function hutchRulesFor(id: string): string[] {
  const rules = ['nat', 'filter'].flatMap((table) => execFileSync('iptables', ['-w', '-t', table, '-S'], { encoding: 'utf8' }).split('\n'));
  return rules.filter((rule) => rule.includes(`hutch:${id}`));
}

function linkExists(name: string): boolean {
  try {
    execFileSync('ip', ['link', 'show', 'dev', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('container private network', { skip }, () => {
  let fixture: ContainerFixture;

  before(async () => {
    fixture = await ContainerFixture.create('networking');
  });

  after(async () => {
    await fixture?.dispose();
  });

  test('a server in the container answers on its published port on the host, and remove() takes the rules and veth along', async () => {
    const hostPort = await freePort();
    const { id } = await fixture.startIdle({ network: 'private', ports: [{ hostPort, containerPort: 8080, protocol: 'tcp' }] });
    let removed = false;
    try {
      const info = await fixture.runtime.inspect(id);
      assert.equal(info.network?.mode, 'private');
      assert.ok(linkExists(hostInterfaceName(id)), 'the host end of the veth exists while it runs');
      assert.ok(hutchRulesFor(id).length > 0, 'the published port has its DNAT rule');

      // nc serves one connection; until it listens a connection is refused, so retry.
      const server = await fixture.execDetached(id, ['/bin/nc', '-l', '-p', '8080', '-e', '/bin/echo', 'hello from the container']);
      const reply = await eventually(() => readFromPort('127.0.0.1', hostPort).catch(() => undefined), 5_000, `a reply on 127.0.0.1:${hostPort}`);
      assert.equal(reply, 'hello from the container\n');
      await withTimeout(server.exit, DEFAULT_WAIT_MS, 'nc to end after one connection');

      await fixture.remove(id);
      removed = true;
      assert.deepEqual(hutchRulesFor(id), [], 'no iptables rule tagged with the id is left');
      assert.ok(!linkExists(hostInterfaceName(id)), 'no host veth is left');
    } finally {
      if (!removed) await fixture.remove(id);
    }
  });

  test('the container reaches a server on the host at its bridge gateway address', async () => {
    const { id } = await fixture.startIdle({ network: 'private' });
    const server = createHttpServer((_request, response) => response.end('hello from the host\n'));
    try {
      const gateway = (await fixture.runtime.inspect(id)).network?.gateway;
      assert.ok(gateway, 'a private network has a gateway');
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, gateway, resolve);
      });
      const { port } = server.address() as AddressInfo;
      // No -T: busybox 1.35's wget crashes with it (also in a plain chroot); exec() waits bounded.
      const result = await fixture.exec(id, ['/bin/wget', '-q', '-O', '-', `http://${gateway}:${port}/`]);
      assert.equal(result.status.code, 0, result.stderr);
      assert.equal(result.stdout, 'hello from the host\n');
    } finally {
      server.close();
      await fixture.remove(id);
    }
  });
});
