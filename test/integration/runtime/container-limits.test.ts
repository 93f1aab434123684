/**
 * Resource limits a container's spec sets are enforced by the kernel: a fork bomb stops at the
 * pids limit and an allocation past the memory limit is OOM-killed, while the container's init
 * and this (host) process live on. Checked through the Runtime API with a busybox rootfs.
 *
 * Needs root (see integration-prerequisites.ts); containers are removed and the host checked
 * for leftovers in `after`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { processStartTime } from '../../../helper/src/runtime/state';
import { ContainerFixture } from '../../support/container-fixture';
import { integrationSkipReason } from '../../support/integration-prerequisites';

const skip = integrationSkipReason('container-limits.test.ts');
const MiB = 1024 * 1024;

/** The directory of a container's cgroup for a v1 controller, or its v2 directory. */
function controllerDirectory(cgroupPath: string, controller: string): string {
  const v1 = join('/sys/fs/cgroup', controller, cgroupPath);
  return existsSync(v1) ? v1 : join('/sys/fs/cgroup', cgroupPath);
}

function keyedCounters(text: string): Map<string, number> {
  return new Map(text.trim().split('\n').map((line) => {
    const [key = '', value = '0'] = line.split(/\s+/);
    return [key, Number(value)];
  }));
}

function hostCanFork(): boolean {
  return spawnSync('/bin/true').status === 0;
}

describe('container resource limits', { skip }, () => {
  let fixture: ContainerFixture;

  before(async () => {
    fixture = await ContainerFixture.create('limits');
  });

  after(async () => {
    await fixture?.dispose();
  });

  test('a fork bomb stops at pids limit 20: forks fail inside, the cgroup never holds more than 20, the host is fine', async () => {
    const { id, pid } = await fixture.startIdle({ resources: { pidsLimit: 20 } });
    try {
      const { cgroupPath } = await fixture.runtime.inspect(id);
      assert.ok(cgroupPath, 'a running container has a cgroup');
      const pidsDir = controllerDirectory(cgroupPath, 'pids');
      assert.equal(readFileSync(join(pidsDir, 'pids.max'), 'utf8').trim(), '20');

      // busybox sh gives up at the first failed fork (status 2); the sleeps it started live on.
      const bomb = await fixture.exec(id, ['/bin/sh', '-c', 'i=0; while [ $i -lt 60 ]; do sleep 5 & i=$((i+1)); done; wait']);
      assert.match(bomb.stderr, /can't fork: Resource temporarily unavailable/);
      assert.equal(bomb.status.code, 2, 'the shell reports the failed fork and stops');

      const current = Number(readFileSync(join(pidsDir, 'pids.current'), 'utf8'));
      assert.ok(current <= 20, `pids.current ${current} <= 20 while the sleeps run`);
      assert.ok(current >= 15, `the bomb did fill the cgroup (pids.current ${current})`);
      const events = join(pidsDir, 'pids.events');
      if (existsSync(events)) assert.ok((keyedCounters(readFileSync(events, 'utf8')).get('max') ?? 0) > 0, 'pids.events counts refused forks');

      assert.ok(hostCanFork(), 'the host can still start processes');
      assert.equal((await fixture.runtime.inspect(id)).status, 'running');
      assert.equal(processStartTime(pid), (await fixture.runtime.inspect(id)).pidStartTime, 'the container init lives on');
    } finally {
      await fixture.remove(id);
    }
  });

  test('an allocation past memoryBytes 32 MiB is OOM-killed (status 137), the init and the host live on', async () => {
    const { id, pid } = await fixture.startIdle({ resources: { memoryBytes: 32 * MiB } });
    try {
      const { cgroupPath, pidStartTime } = await fixture.runtime.inspect(id);
      assert.ok(cgroupPath, 'a running container has a cgroup');
      const memoryDir = controllerDirectory(cgroupPath, 'memory');
      const v1 = existsSync(join(memoryDir, 'memory.oom_control'));
      const oomKills = (): number =>
        v1
          ? keyedCounters(readFileSync(join(memoryDir, 'memory.oom_control'), 'utf8')).get('oom_kill') ?? 0
          : keyedCounters(readFileSync(join(memoryDir, 'memory.events'), 'utf8')).get('oom_kill') ?? 0;
      const before = oomKills();

      // dd reads into one 64 MiB buffer: a single allocator, so the OOM killer's victim is
      // unambiguous (a pipeline keeps charging pipe buffers while the first victim dies, and a
      // second OOM could take the shell).
      const hog = await fixture.exec(id, ['/bin/sh', '-c', 'dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null; echo "status=$?"']);
      assert.equal(hog.status.code, 0, hog.stderr);
      assert.match(hog.stdout, /^status=137$/m, 'dd was killed by SIGKILL');
      assert.ok(oomKills() > before, `the cgroup counted an OOM kill (${before} -> ${oomKills()})`);

      assert.equal(processStartTime(pid), pidStartTime, 'the container init lives on');
      const alive = await fixture.exec(id, ['/bin/echo', 'still here']);
      assert.equal(alive.stdout, 'still here\n');
      assert.ok(hostCanFork(), 'the host process lives on and can start processes');
    } finally {
      await fixture.remove(id);
    }
  });
});
