// `npm test`: every tier that exists, in order (unit, then integration, which needs root), in
// one `node --test` run so there is one summary of passed/failed at the end. Under CI=true a
// missing prerequisite fails the run; elsewhere integration is skipped with a loud message.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function testFiles(dir) {
  let found = [];
  let entries = [];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return found;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found = found.concat(testFiles(path));
    else if (name.endsWith('.test.js')) found.push(path);
  }
  return found;
}

const ci = process.env.CI === 'true';
const only = process.argv[2]; // optional tier: unit | integration
const tiers = [];
if (!only || only === 'unit') tiers.push(...testFiles('out/test/unit'));
if (!only || only === 'integration') {
  if (process.getuid() === 0) tiers.push(...testFiles('out/test/integration'));
  else if (ci) {
    console.error('npm test: integration tests need root (CI=true makes this a failure)');
    process.exit(1);
  } else {
    console.error('\n*** npm test: NOT running integration tests: they need root (sudo npm test) ***\n');
  }
}
if (tiers.length === 0) {
  console.error('npm test: no test files found under out/test (did the build run?)');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...tiers], { stdio: 'inherit' });
process.exit(result.status ?? 1);
