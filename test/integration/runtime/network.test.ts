/**
 * Private networking against the real kernel: a veth pair into a network namespace the test
 * owns, the container-side netlink calls run inside it, a published port reached from the host
 * through kernel DNAT, the gateway reached from the container, egress through MASQUERADE to a
 * second namespace standing in for "the outside", and release() leaving nothing behind.
 *
 * Needs root, `ip` and `iptables`; skipped elsewhere. Nothing leaves this machine: the only
 * addresses used are the test's own bridge subnet (10.234.N.0/24) and a /30 towards a second
 * namespace the test creates (198.18.N.0/30, the benchmarking range). The bridge is the test's
 * own (hutcht<random>), never hutch0, so it cannot disturb real containers or other test runs.
 * Everything created is removed in `after`, also when a test fails.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { NetworkManager, type NetworkPlan } from '../../../helper/src/runtime/network/index';
import { configureInNetns } from '../../../helper/src/runtime/network/links';

const execFileAsync = promisify(execFile);

function prerequisiteProblem(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root';
  for (const tool of ['ip', 'iptables']) {
    if (spawnSync(tool, ['-V']).error !== undefined) return `needs ${tool}`;
  }
  return undefined;
}

const suffix = randomBytes(3).toString('hex');
const containerId = `nettest${suffix}0000`;
const containerNs = `hutch-test-${suffix}`;
const outsideNs = `hutch-test-${suffix}-out`;
const outsideHostIf = `hto${suffix}`;
const octet = randomInt(0, 256);
const bridgeConfig = { name: `hutcht${suffix}`, subnet: `10.234.${octet}.0/24`, gateway: `10.234.${octet}.1` };
const outsideHostAddress = `198.18.${octet}.1`;
const outsideAddress = `198.18.${octet}.2`;
const CONTAINER_PORT = 8080;
const OUTSIDE_PORT = 9090;
const REPLY = 'hutch-test-reply';

/** Prints "listening" once ready, then answers each connection with who it saw. */
const SERVER = `
const net = require('net');
const server = net.createServer((c) => c.end('${REPLY} ' + c.remoteAddress + '\\n'));
server.listen(Number(process.argv[1]), '0.0.0.0', () => console.log('listening'));
`;

/** Connects to argv[1]:argv[2] and prints what the server said. */
const CLIENT = `
const socket = require('net').connect(Number(process.argv[2]), process.argv[1]);
let data = '';
socket.on('data', (chunk) => (data += chunk));
socket.on('end', () => process.stdout.write(data));
socket.on('error', (error) => { console.error(error.message); process.exit(1); });
socket.setTimeout(5000, () => { console.error('timeout'); process.exit(2); });
`;

const started: ChildProcess[] = [];

function startInNetns(netns: string, args: string[]): ChildProcess {
  const child = spawn('ip', ['netns', 'exec', netns, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  return child;
}

/** Ends a process this test started, by its pid, and waits for it. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

function waitForLine(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no "${line}" within 10 s: ${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(line)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before "${line}": ${output}`));
    });
  });
}

async function run(file: string, args: string[]): Promise<string> {
  return (await execFileAsync(file, args, { timeout: 15_000 })).stdout;
}

/** Runs a command for cleanup, where "already gone" is fine. */
function runQuietly(file: string, args: string[]): Promise<void> {
  return new Promise((resolve) => execFile(file, args, () => resolve()));
}

async function linkExists(name: string): Promise<boolean> {
  return (await execFileAsync('ip', ['link', 'show', 'dev', name]).then(() => true, () => false));
}

async function allRules(): Promise<string> {
  return (await run('iptables', ['-w', '-t', 'nat', '-S'])) + (await run('iptables', ['-w', '-t', 'filter', '-S']));
}

function requestFrom(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    let data = '';
    socket.setTimeout(5000, () => socket.destroy(new Error(`no answer from ${host}:${port} within 5 s`)));
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

async function freeHostPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('private networking (root, real kernel)', { skip: prerequisiteProblem() }, () => {
  const stateRoot = mkdtempSync(join(tmpdir(), 'hutch-net-'));
  // Leases live host-wide in /run by default; the test keeps its own beside its state.
  const manager = new NetworkManager(bridgeConfig, join(stateRoot, 'leases'));
  let holder: ChildProcess | undefined;
  let plan: NetworkPlan | undefined;
  let hostPort = 0;

  before(async () => {
    await run('ip', ['netns', 'add', containerNs]);
    // The "container": a process whose network namespace the veth peer is created in.
    holder = startInNetns(containerNs, ['sleep', '600']);
    // The "outside world": a namespace reachable from the host over a /30, with no route back
    // to the bridge subnet, so only MASQUERADE'd traffic from the container can get answers.
    await run('ip', ['netns', 'add', outsideNs]);
    await run('ip', ['link', 'add', outsideHostIf, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', outsideNs]);
    await run('ip', ['address', 'add', `${outsideHostAddress}/30`, 'dev', outsideHostIf]);
    await run('ip', ['link', 'set', outsideHostIf, 'up']);
    await run('ip', ['netns', 'exec', outsideNs, 'ip', 'address', 'add', `${outsideAddress}/30`, 'dev', 'eth0']);
    await run('ip', ['netns', 'exec', outsideNs, 'ip', 'link', 'set', 'eth0', 'up']);
    await run('ip', ['netns', 'exec', outsideNs, 'ip', 'link', 'set', 'lo', 'up']);
    hostPort = await freeHostPort();
  });

  after(async () => {
    for (const child of started) await stop(child);
    if (plan !== undefined) await manager.release(containerId, plan).catch(() => undefined);
    await manager.removeBridge().catch(() => undefined);
    await runQuietly('ip', ['link', 'del', outsideHostIf]);
    await runQuietly('ip', ['netns', 'del', containerNs]);
    await runQuietly('ip', ['netns', 'del', outsideNs]);
    rmSync(stateRoot, { recursive: true, force: true });
  });

  test('plan leases an address in the bridge subnet and renders hosts', async () => {
    plan = await manager.plan(containerId, 'private', [{ hostPort, containerPort: CONTAINER_PORT, protocol: 'tcp' }], 'nettest');
    assert.equal(plan.address, `10.234.${octet}.2`);
    assert.equal(plan.gateway, bridgeConfig.gateway);
    assert.equal(plan.prefixLength, 24);
    assert.equal(plan.hostInterface, `hv${containerId.slice(0, 10)}`);
    assert.match(plan.hosts, new RegExp(`^10\\.234\\.${octet}\\.2\\tnettest$`, 'm'));
    assert.deepEqual(plan.ports, [{ hostIp: '127.0.0.1', hostPort, containerPort: CONTAINER_PORT, protocol: 'tcp' }]);
  });

  test('attach + the container-side netlink calls give the container a working eth0', async () => {
    assert.ok(plan && holder?.pid);
    await manager.attach(containerId, plan, holder.pid);
    configureInNetns(`/run/netns/${containerNs}`, 'eth0', plan.address as string, plan.prefixLength as number, plan.gateway as string);

    const addresses = await run('ip', ['netns', 'exec', containerNs, 'ip', '-4', '-o', 'address', 'show']);
    assert.match(addresses, /\blo\s+inet 127\.0\.0\.1\/8/);
    assert.match(addresses, new RegExp(`\\beth0\\s+inet 10\\.234\\.${octet}\\.2/24`));
    const routes = await run('ip', ['netns', 'exec', containerNs, 'ip', '-4', 'route', 'show', 'default']);
    assert.match(routes, new RegExp(`default via 10\\.234\\.${octet}\\.1 dev eth0`));
    const hostSide = await run('ip', ['-d', 'link', 'show', 'dev', plan.hostInterface as string]);
    assert.match(hostSide, new RegExp(`master ${bridgeConfig.name}`));
    assert.match(hostSide, /state UP|LOWER_UP/);
    assert.match(await allRules(), new RegExp(`--comment "?hutch:${containerId}"? -j DNAT --to-destination 10\\.234\\.${octet}\\.2:${CONTAINER_PORT}`));
  });

  test('a connection to host 127.0.0.1:<hostPort> reaches the server in the container', async () => {
    const server = startInNetns(containerNs, [process.execPath, '-e', SERVER, String(CONTAINER_PORT)]);
    await waitForLine(server, 'listening');
    const reply = await requestFrom('127.0.0.1', hostPort);
    // The server sees the bridge address: loopback sources are MASQUERADE'd onto the bridge.
    assert.equal(reply.trim(), `${REPLY} ${bridgeConfig.gateway}`);
    // Kernel NAT, no userland proxy: nothing on the host listens on the port, so it keeps
    // working whatever happens to the process that published it.
    assert.equal((await run('ss', ['-H', '-l', '-t', '-n', 'sport', '=', `:${hostPort}`])).trim(), '');
  });

  test('the container reaches its gateway (the host, on the bridge address)', async () => {
    const hostServer: Server = createServer((socket) => socket.end(`${REPLY} ${socket.remoteAddress}\n`));
    await new Promise<void>((resolve) => hostServer.listen(0, bridgeConfig.gateway, resolve));
    try {
      const { port } = hostServer.address() as AddressInfo;
      const reply = await run('ip', ['netns', 'exec', containerNs, process.execPath, '-e', CLIENT, bridgeConfig.gateway, String(port)]);
      assert.equal(reply.trim(), `${REPLY} ${plan?.address}`);
    } finally {
      hostServer.close();
    }
  });

  test('the container reaches the outside, MASQUERADE\'d to the host\'s address', async () => {
    const outside = startInNetns(outsideNs, [process.execPath, '-e', SERVER, String(OUTSIDE_PORT)]);
    await waitForLine(outside, 'listening');
    const reply = await run('ip', ['netns', 'exec', containerNs, process.execPath, '-e', CLIENT, outsideAddress, String(OUTSIDE_PORT)]);
    assert.equal(reply.trim(), `${REPLY} ${outsideHostAddress}`);
  });

  test('a second container cannot publish the same host port', async () => {
    await assert.rejects(
      manager.plan(`other${suffix}`, 'private', [{ hostPort, containerPort: 80, protocol: 'tcp' }], 'other'),
      (error: unknown) => error instanceof Error && /already published by container/.test(error.message),
    );
  });

  test('the container cannot reach host services bound to 127.0.0.1 (route_localnet hardening)', async () => {
    // route_localnet=1 on the bridge makes the host accept 127.0.0.0/8 destinations arriving
    // from it (CVE-2020-8558). A container root can route 127.0.0.1 out of eth0 by removing its
    // own loopback addresses; HUTCH-INPUT must drop what arrives. UDP, so that arrival alone is
    // observable (without the DROP rule this datagram is delivered).
    const received: string[] = [];
    const socket = createSocket('udp4');
    socket.on('message', (message) => received.push(message.toString()));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    try {
      await run('ip', ['netns', 'exec', containerNs, 'ip', 'address', 'flush', 'dev', 'lo']);
      const route = await run('ip', ['netns', 'exec', containerNs, 'ip', 'route', 'get', '127.0.0.1']);
      assert.match(route, /via .* dev eth0/, 'the probe must leave through eth0 to mean anything');
      const sender = `const s = require('dgram').createSocket('udp4');
        s.send('probe', Number(process.argv[1]), '127.0.0.1', (error) => { if (error) throw error; s.close(); });`;
      await run('ip', ['netns', 'exec', containerNs, process.execPath, '-e', sender, String((socket.address() as AddressInfo).port)]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.deepEqual(received, []);
    } finally {
      socket.close();
    }
  });

  test('release removes the veth, every hutch:<id> rule and the lease; twice is harmless', async () => {
    assert.ok(plan);
    await manager.release(containerId, plan);
    await manager.release(containerId, plan);
    assert.equal(await linkExists(plan.hostInterface as string), false);
    assert.doesNotMatch(await allRules(), new RegExp(`hutch:${containerId}`));
    const ipam = JSON.parse(readFileSync(join(stateRoot, 'leases', bridgeConfig.name, 'ipam.json'), 'utf8'));
    assert.deepEqual(Object.keys(ipam.leases), []);
    // The container's end went with the pair.
    const inside = await run('ip', ['netns', 'exec', containerNs, 'ip', '-o', 'link', 'show']);
    assert.doesNotMatch(inside, /eth0/);
  });

  test('teardown ends the processes by pid, deletes the namespaces and the test bridge', async () => {
    for (const child of started) await stop(child);
    for (const child of started) assert.ok(child.exitCode !== null || child.signalCode !== null, `pid ${child.pid} still running`);
    await run('ip', ['netns', 'del', containerNs]);
    await run('ip', ['netns', 'del', outsideNs]);
    const namespaces = await run('ip', ['netns', 'list']);
    assert.doesNotMatch(namespaces, new RegExp(`hutch-test-${suffix}`));
    await manager.removeBridge();
    assert.equal(await linkExists(bridgeConfig.name), false);
    assert.equal(await linkExists(outsideHostIf), false); // went with the outside namespace
    assert.doesNotMatch(await allRules(), new RegExp(`hutch-bridge:${bridgeConfig.name}`));
  });
});
