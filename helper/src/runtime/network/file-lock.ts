/**
 * An exclusive lock between Hutch processes, held for the duration of a callback.
 *
 * It is a flock(2) lock on an open file description that this process keeps open. Node has no
 * flock binding, so the util-linux `flock` tool takes it on our descriptor, passed as its fd 3:
 * a flock lock belongs to the open file description, not to the process that asked, so it
 * stays held after the tool exits, for as long as our descriptor is open. The kernel drops it
 * when the descriptor is closed, including when a Hutch process dies, so a crash can never
 * leave a stale lock behind. (An O_EXCL lock file would need stale-lock detection by pid,
 * which races when two waiters break the same stale lock and is fooled by pid reuse.)
 */
import { spawn } from 'node:child_process';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

import { HutchError, errnoCode } from '../../errors';

/** flock's exit status when the timeout expires (chosen with --conflict-exit-code). */
const TIMED_OUT = 75;

export interface FileLockOptions {
  /** Give up after this long (default 30 s): a holder that takes longer is stuck. */
  timeoutMs?: number;
}

export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  await mkdir(dirname(lockPath), { recursive: true, mode: 0o700 });
  // Each call opens its own description, so two callers in the same process exclude each
  // other too (flock locks conflict between descriptions, not between processes).
  const handle = await open(lockPath, 'a', 0o600);
  try {
    await lockDescriptor(handle.fd, lockPath, timeoutMs);
    return await fn();
  } finally {
    await handle.close();
  }
}

function lockDescriptor(fd: number, lockPath: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'flock',
      ['--exclusive', '--timeout', String(timeoutMs / 1000), '--conflict-exit-code', String(TIMED_OUT), '3'],
      { stdio: ['ignore', 'ignore', 'pipe', fd] },
    );
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (error) => {
      const missing = errnoCode(error) === 'ENOENT';
      reject(
        new HutchError(
          missing ? 'unsupported' : 'system-failure',
          missing ? '`flock` is not installed (needed to lock Hutch network state)' : `cannot run flock: ${error.message}`,
          'install util-linux',
          { cause: error },
        ),
      );
    });
    child.on('close', (code) => {
      if (code === 0) {
        resolve();
      } else if (code === TIMED_OUT) {
        reject(
          new HutchError(
            'invalid-state',
            `timed out after ${timeoutMs} ms waiting for the lock ${lockPath}`,
            `another Hutch process is holding it; \`fuser -v ${lockPath}\` shows which`,
          ),
        );
      } else {
        reject(new HutchError('system-failure', `cannot lock ${lockPath}: flock exited ${code}: ${stderr.trim()}`));
      }
    });
  });
}
