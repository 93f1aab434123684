/** bench/lint runs as documented and ends with its JSON line (small sizes: this is not a timing). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const repo = join(__dirname, '..', '..', '..', '..');

test('bench/lint prints medians and the dockerfile-utils/hutch ratio as its last line', () => {
  const r = spawnSync(join(repo, 'bench', 'lint'), [], {
    env: { ...process.env, BENCH_N: '1', BENCH_SIZES: '500' },
    encoding: 'utf8',
    timeout: 300_000,
  });
  assert.equal(r.status, 0, r.stderr);
  const last = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as {
    unit: string;
    files: number;
    median: Record<string, number>;
    ratio: Record<string, number>;
    synthetic: Record<string, Record<string, number>>;
  };
  assert.equal(last.unit, 'ms');
  assert.ok(last.files > 100, 'the corpus was linted');
  assert.ok(last.median.hutch > 0 && last.median['dockerfile-utils'] > 0);
  assert.ok(last.ratio['dockerfile-utils/hutch'] > 0);
  assert.ok(Object.keys(last.synthetic).length === 1);
});
