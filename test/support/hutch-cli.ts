/**
 * Runs the real `hutch` CLI (bin/hutch, which loads the dist/ bundle) as a separate process, the
 * way a user does, with a bounded wait. Needs `npm run build` to have made dist/hutch.js.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { packageRoot } from '../../helper/src/runtime/native-addon';

export const HUTCH_BIN = join(packageRoot(), 'bin', 'hutch');
const CLI_TIMEOUT_MS = 30_000;

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `hutch ARGS` to its end (killed after 30 s) and returns its status and output. */
export function hutch(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [HUTCH_BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: CLI_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  if (result.error) throw result.error;
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** Describes a CLI result for assertion messages. */
export function described(result: CliResult): string {
  return `status ${result.status}${result.signal ? ` (${result.signal})` : ''}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;
}

export interface RunningCli {
  child: ChildProcess;
  /** Resolves when stderr contains `text` (rejects after timeoutMs or if the CLI exits first). */
  stderrContains(text: string, timeoutMs: number): Promise<void>;
  /** Sends SIGKILL to this CLI process (by its pid) and waits for it to be gone. */
  kill(): Promise<void>;
}

/** Starts `hutch ARGS` in the background, for tests that interrupt it. */
export function startHutch(args: readonly string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  return startNode([HUTCH_BIN, ...args], env, `hutch ${args.join(' ')}`);
}

/** Starts `node ARGV` in the background (a CLI, or a script given with -e), for tests that
 * interrupt it; label names it in errors. */
export function startNode(argv: readonly string[], env: NodeJS.ProcessEnv, label: string): RunningCli {
  const child = spawn(process.execPath, [...argv], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    stderrContains: (text, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`${label}: no "${text}" on stderr within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
        const onData = (): void => {
          if (stderr.includes(text)) finish();
        };
        const onExit = (code: number | null): void => finish(new Error(`${label} exited (${code}) before printing "${text}": ${stderr}`));
        function finish(error?: Error): void {
          clearTimeout(timer);
          child.stderr?.off('data', onData);
          child.off('exit', onExit);
          if (error) reject(error);
          else resolve();
        }
        child.stderr?.on('data', onData);
        child.once('exit', onExit);
        onData();
      }),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      // A process it left behind may hold copies of its pipes: do not wait on them.
      child.stdout?.destroy();
      child.stderr?.destroy();
    },
  };
}
