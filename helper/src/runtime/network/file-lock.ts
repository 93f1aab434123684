/**
 * An exclusive lock between Hutch processes, held for the duration of a callback.
 *
 * It is a flock(2) lock on an open file description that this call opens and keeps until the
 * callback ends. The kernel drops it when the descriptor is closed, including when a Hutch
 * process dies, so a crash can never leave a stale lock behind. (An O_EXCL lock file would
 * need stale-lock detection by pid, which races when two waiters break the same stale lock and
 * is fooled by pid reuse.) The addon tries the lock without blocking, so a wait never stalls
 * the event loop; retries back off up to 20 ms.
 */
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

import { HutchError, errnoCode } from '../../errors';
import { loadNativeAddon } from '../native-addon';

interface LockApi {
  tryLock(fd: number, exclusive: boolean): boolean;
}

export interface FileLockOptions {
  /** Give up after this long (default 30 s): a holder that takes longer is stuck. */
  timeoutMs?: number;
}

export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  let handle;
  try {
    await mkdir(dirname(lockPath), { recursive: true, mode: 0o700 });
    // Each call opens its own description, so two callers in the same process exclude each
    // other too (flock locks conflict between descriptions, not between processes).
    handle = await open(lockPath, 'a', 0o600);
  } catch (error) {
    const denied = errnoCode(error) === 'EACCES' || errnoCode(error) === 'EPERM' || errnoCode(error) === 'EROFS';
    throw new HutchError(
      denied ? 'permission-denied' : 'system-failure',
      `cannot open the lock file ${lockPath}: ${error instanceof Error ? error.message : String(error)}`,
      denied ? 'run Hutch as a user who can write there (private networking needs root)' : undefined,
      { cause: error },
    );
  }
  try {
    await lockDescriptor(handle.fd, lockPath, timeoutMs);
    return await fn();
  } finally {
    await handle.close();
  }
}

async function lockDescriptor(fd: number, lockPath: string, timeoutMs: number): Promise<void> {
  const native = loadNativeAddon() as unknown as LockApi;
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    if (native.tryLock(fd, true)) return;
    if (Date.now() >= deadline) {
      throw new HutchError(
        'invalid-state',
        `timed out after ${timeoutMs} ms waiting for the lock ${lockPath}`,
        `another Hutch process is holding it; \`fuser -v ${lockPath}\` shows which`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(1 + attempt, 20)));
  }
}
