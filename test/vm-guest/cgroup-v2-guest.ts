/**
 * Runs inside the QEMU guest of test/integration/vm/cgroup-v2.test.ts, where /sys/fs/cgroup is
 * a pure cgroup v2 hierarchy (as on current distributions), so the v2 driver meets a real
 * kernel. Prints one line "HUTCH-VM-RESULT <json>" with what it observed; the host test asserts.
 */
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { probeCgroupDriver } from '../../helper/src/runtime/cgroups';
import { Runtime } from '../../helper/src/runtime/runtime';

const MiB = 1024 * 1024;

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    return `unreadable: ${(error as Error).message}`;
  }
}

async function main(): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  const driver = await probeCgroupDriver();
  result.driverVersion = driver.version;
  result.kernel = read('/proc/sys/kernel/osrelease');

  const stateRoot = mkdtempSync('/tmp/hutch-vm-');
  const runtime = new Runtime({ stateRoot });
  const rootfs = '/rootfs';
  const out = join(stateRoot, 'out');

  async function exec(id: string, command: string[]): Promise<{ code: number; stdout: string; pid: number }> {
    const fd = openSync(out, 'w+');
    try {
      const started = await runtime.exec(id, command, { stdio: [-1, fd, fd] });
      const status = started.exit ? await started.exit : { code: -1 };
      return { code: status.code, stdout: readFileSync(out, 'utf8'), pid: started.pid };
    } finally {
      closeSync(fd);
    }
  }

  const container = await runtime.run(
    { rootfs, command: [], network: 'none', resources: { memoryBytes: 32 * MiB, pidsLimit: 16, cpus: 0.5, cpusetCpus: '0' } },
    { detach: true, stdio: 'null' },
  );
  const info = await runtime.inspect(container.id);
  const dir = join('/sys/fs/cgroup', info.cgroupPath ?? '');
  result.cgroupPath = info.cgroupPath;
  result.limits = {
    memoryMax: read(join(dir, 'memory.max')),
    pidsMax: read(join(dir, 'pids.max')),
    cpuMax: read(join(dir, 'cpu.max')),
    cpusetCpus: read(join(dir, 'cpuset.cpus')),
  };
  result.initCgroup = read(`/proc/${info.pid}/cgroup`);

  // exec joins the same cgroup; inside, the cgroup namespace makes it the root.
  const inside = await exec(container.id, ['/bin/cat', '/proc/self/cgroup']);
  result.execCgroupInside = inside.stdout.trim();
  const mounts = await exec(container.id, ['/bin/sh', '-c', 'grep " /sys/fs/cgroup " /proc/self/mountinfo']);
  result.cgroupMountInside = mounts.stdout.trim();

  // Memory: a single 64 MiB allocation in a 32 MiB cgroup is OOM-killed inside.
  const oomBefore = Number(/oom_kill (\d+)/.exec(read(join(dir, 'memory.events')))?.[1] ?? 0);
  const hog = await exec(container.id, ['/bin/sh', '-c', 'dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null; echo status=$?']);
  result.hog = hog.stdout.trim();
  result.oomKills = Number(/oom_kill (\d+)/.exec(read(join(dir, 'memory.events')))?.[1] ?? 0) - oomBefore;

  // Pids: forks beyond the limit fail (busybox sh gives up at the first refused fork), and the
  // count never passes it: read from outside while the sleeps are alive.
  const fd = openSync(out, 'w+');
  const bomb = await runtime.exec(container.id, ['/bin/sh', '-c', 'i=0; while [ $i -lt 40 ]; do sleep 3 & i=$((i+1)); done; wait'], { stdio: [-1, fd, fd] });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  result.pidsCurrent = Number(read(join(dir, 'pids.current')));
  result.pidsEventsMax = Number(/max (\d+)/.exec(read(join(dir, 'pids.events')))?.[1] ?? 0);
  if (bomb.exit) await bomb.exit;
  closeSync(fd);

  await runtime.remove(container.id, { force: true });
  await runtime.drain();
  result.cgroupRemoved = !existsSync(dir);
  result.favordynmods = /favordynmods/.test(read('/proc/self/mountinfo'));
  runtime.close();
  rmSync(stateRoot, { recursive: true, force: true });
  return result;
}

main().then(
  (result) => {
    process.stdout.write(`HUTCH-VM-RESULT ${JSON.stringify(result)}\n`);
  },
  (error: unknown) => {
    process.stdout.write(`HUTCH-VM-RESULT ${JSON.stringify({ error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) })}\n`);
  },
);
