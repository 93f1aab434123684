/**
 * Runs the host's network tools (`ip`, `iptables`). Always an argument array through execFile,
 * never a shell string: interface names and addresses end up in argv, and a shell would give
 * them a second meaning.
 */
import { execFile } from 'node:child_process';

import { HutchError, errnoCode } from '../../errors';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const INSTALL_HINTS: Readonly<Record<string, string>> = {
  ip: 'install iproute2',
  iptables: 'install iptables (the nft or legacy backend)',
  flock: 'install util-linux',
};

/**
 * Runs file with args and resolves with its exit code and output, whatever the exit code
 * (callers that probe, like `iptables -C`, need the non-zero ones). Rejects only when the
 * program cannot be run at all.
 */
export function runCommand(file: string, args: readonly string[]): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) {
        resolve({ exitCode: 0, stdout, stderr });
        return;
      }
      if (typeof error.code === 'number') {
        resolve({ exitCode: error.code, stdout, stderr });
        return;
      }
      const missing = errnoCode(error) === 'ENOENT';
      reject(
        new HutchError(
          missing ? 'unsupported' : 'system-failure',
          missing ? `\`${file}\` is not installed (needed for container networking)` : `cannot run ${file}: ${error.message}`,
          INSTALL_HINTS[file] ?? `make sure ${file} is on PATH`,
          { cause: error },
        ),
      );
    });
  });
}

/** Runs a command that must succeed; a failure becomes a HutchError quoting the command. */
export async function runCommandChecked(file: string, args: readonly string[]): Promise<string> {
  const result = await runCommand(file, args);
  if (result.exitCode !== 0) throw commandFailure(file, args, result);
  return result.stdout;
}

export function commandFailure(file: string, args: readonly string[], result: CommandResult): HutchError {
  const detail = result.stderr.trim().split('\n')[0] ?? '';
  const permission = /permission denied|operation not permitted|you must be root/i.test(result.stderr);
  return new HutchError(
    permission ? 'permission-denied' : 'system-failure',
    `\`${[file, ...args].join(' ')}\` failed (exit ${result.exitCode})${detail ? `: ${detail}` : ''}`,
    permission ? 'private networking needs root (CAP_NET_ADMIN)' : undefined,
  );
}
