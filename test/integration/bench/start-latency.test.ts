import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { promises as fs, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { rootfsPrerequisiteError } from '../../support/busybox-rootfs';

// Compiled to out/test/integration/bench/; the script lives in the source tree.
const repo = resolve(__dirname, '..', '..', '..', '..');
const script = join(repo, 'bench', 'start-latency');

function missingPrerequisite(): string | null {
  if (process.getuid?.() !== 0) return 'needs root (runc, cgroups, namespaces)';
  for (const command of ['runc', 'bwrap', 'unshare']) {
    if (spawnSync('sh', ['-c', `command -v ${command}`]).status !== 0) return `${command} is not installed`;
  }
  return rootfsPrerequisiteError();
}

// Fails under CI when a prerequisite is missing (ENVIRONMENT.md), skips loudly elsewhere.
const missing = missingPrerequisite();
const skip = missing !== null && process.env.CI !== 'true' ? `SKIPPED: ${missing}` : false;

/** cgroup directories the bench process `pid` made (hutch-bench-<pid>-runc, -hutch) and left. */
function leftoverCgroups(pid: number): string[] {
  const root = '/sys/fs/cgroup';
  return readdirSync(root).flatMap((hierarchy) =>
    readdirSync(join(root, hierarchy))
      .filter((name) => name.startsWith(`hutch-bench-${pid}-`))
      .map((name) => join(root, hierarchy, name)),
  );
}

describe('bench/start-latency', { skip }, () => {
  test('BENCH_N=2 prints a table on stderr and one JSON result as the last stdout line, leaving nothing behind', { timeout: 180_000 }, async () => {
    // A private TMPDIR shows whether every temp dir the bench made was removed.
    const privateTmp = await fs.mkdtemp(join(tmpdir(), 'hutch-bench-test-'));
    try {
      const child = spawnSync(script, [], {
        env: { ...process.env, BENCH_N: '2', TMPDIR: privateTmp },
        encoding: 'utf8',
        timeout: 170_000,
      });
      assert.equal(child.status, 0, child.stderr);
      assert.match(child.stderr, /median/);
      const lines = child.stdout.trim().split('\n');
      const result = JSON.parse(lines[lines.length - 1]) as {
        work: string;
        unit: string;
        n: number;
        median: Record<string, number>;
        p90: Record<string, number>;
        ratio: Record<string, number>;
      };
      assert.equal(result.work, 'start /bin/true container');
      assert.equal(result.unit, 'ms');
      assert.equal(result.n, 2);
      const expected = process.env.CI === 'true' ? ['hutch', 'hutch-cli', 'runc', 'bwrap', 'unshare'] : ['runc', 'bwrap', 'unshare'];
      for (const tool of expected) {
        assert.ok(result.median[tool] > 0, `median of ${tool} measured`);
        assert.ok(result.p90[tool] >= result.median[tool], `p90 of ${tool} is at least its median`);
      }
      assert.deepEqual(await fs.readdir(privateTmp), []);
      assert.deepEqual(leftoverCgroups(child.pid ?? -1), []);
    } finally {
      await fs.rm(privateTmp, { recursive: true, force: true });
    }
  });

  test('SIGINT stops the bench with status 130 and removes its temp dirs and cgroups', { timeout: 120_000 }, async () => {
    const privateTmp = await fs.mkdtemp(join(tmpdir(), 'hutch-bench-test-'));
    const child = spawn(script, [], {
      env: { ...process.env, BENCH_N: '100000', TMPDIR: privateTmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
      // Interrupt once the bench is past its set-up and into the measured rounds.
      const deadline = Date.now() + 60_000;
      while (!stderr.includes('rootfs:') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 2_000));
      child.kill('SIGINT');
      const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000).unref())]);
      assert.equal(code, 130, stderr);
      assert.deepEqual(await fs.readdir(privateTmp), []);
      assert.deepEqual(leftoverCgroups(child.pid ?? -1), []);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await fs.rm(privateTmp, { recursive: true, force: true });
    }
  });
});
