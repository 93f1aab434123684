/** docs/rules.md is generated from the rule definitions and must match them. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const repo = join(__dirname, '..', '..', '..', '..');

test('docs/rules.md lists exactly the rules the code defines', () => {
  const r = spawnSync(process.execPath, [join(repo, 'scripts', 'rules-doc.mjs'), '--check'], { cwd: repo, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
