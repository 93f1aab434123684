/**
 * Moving a task into a cgroup takes the kernel's global cgroup_threadgroup_rwsem for writing.
 * In its default mode that waits for an RCU grace period: 10-30 ms per container start here,
 * more than everything else together. The "favordynmods" option of a cgroup2 mount switches
 * the semaphore to a mode where migrations are cheap and fork/exit pay a little more
 * (Documentation/admin-guide/cgroup-v2.rst). It is a property of the kernel, not of one
 * hierarchy, so on a hybrid host the controller-less cgroup2 mount carries it for all.
 *
 * Hutch enables it once, like an engine tuning its host, unless HUTCH_CGROUP_FAVOR_DYNMODS=0.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { parseMountinfo } from './mountinfo';

export type FavorDynmodsResult = 'already' | 'enabled' | 'disabled-by-setting' | 'no-cgroup2-mount' | 'failed';

let done: FavorDynmodsResult | null = null;

export function ensureFavorDynmods(env: NodeJS.ProcessEnv = process.env, mountinfoPath = '/proc/self/mountinfo'): FavorDynmodsResult {
  if (done !== null) return done;
  if (env.HUTCH_CGROUP_FAVOR_DYNMODS === '0') return (done = 'disabled-by-setting');
  const mount = parseMountinfo(readFileSync(mountinfoPath, 'utf8')).find((m) => m.fsType === 'cgroup2');
  if (!mount) return (done = 'no-cgroup2-mount');
  if (mount.superOptions.includes('favordynmods')) return (done = 'already');
  try {
    execFileSync('mount', ['-o', 'remount,favordynmods', mount.mountPoint], { stdio: 'ignore', timeout: 10_000 });
    return (done = 'enabled');
  } catch {
    // An older kernel (before 6.0) lacks the option: containers still start, only slower.
    return (done = 'failed');
  }
}
