/**
 * The README's commands, run as a newcomer would: the quick start, then the CLI tour block,
 * line by line and as written (only the state root is a temporary one, so the test does not
 * touch the machine's containers).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

const repo = join(__dirname, '..', '..', '..');
const needsRoot = process.getuid?.() !== 0;
const skip = needsRoot && process.env.CI !== 'true' ? 'needs root (sudo npm test)' : false;

/** The commands of a marked shell block of the README (`<!-- name:start -->` ... `<!-- name:end -->`). */
function tourLines(name = 'tour'): string[] {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const start = readme.indexOf(`<!-- ${name}:start -->`);
  const end = readme.indexOf(`<!-- ${name}:end -->`);
  assert.ok(start >= 0 && end > start, `README has a ${name} block`);
  const block = readme.slice(start, end);
  const body = block.slice(block.indexOf('```sh') + 5, block.lastIndexOf('```'));
  return body
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));
}

describe('README: hutch lint', () => {
  test('the lint examples run as written in a small project and find nothing in clean files', () => {
    const project = mkdtempSync(join(tmpdir(), 'hutch-readme-lint-'));
    try {
      mkdirSync(join(project, '.devcontainer'));
      writeFileSync(join(project, 'Dockerfile'), 'FROM debian:bookworm-slim AS base\nRUN echo hello\nCMD ["/bin/sh"]\n');
      writeFileSync(join(project, '.devcontainer', 'devcontainer.json'), '{\n  "name": "example",\n  "build": { "dockerfile": "../Dockerfile", "target": "base" }\n}\n');
      for (const line of tourLines('lint')) {
        const args = line.split(/\s+/);
        assert.equal(args[0], 'bin/hutch');
        const r = spawnSync(process.execPath, [join(repo, 'bin', 'hutch'), ...args.slice(1)], { cwd: project, encoding: 'utf8', timeout: 60_000 });
        assert.equal(r.status, 0, `${line}: ${r.stdout}${r.stderr}`);
      }
      const sarif = spawnSync(process.execPath, [join(repo, 'bin', 'hutch'), 'lint', '--format', 'sarif', 'Dockerfile'], { cwd: project, encoding: 'utf8' });
      assert.equal((JSON.parse(sarif.stdout) as { version: string }).version, '2.1.0');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});

describe('README', { skip }, () => {
  let stateRoot = '';
  const env = (): NodeJS.ProcessEnv => ({ ...process.env, HUTCH_STATE_ROOT: stateRoot });

  before(() => {
    if (needsRoot) throw new Error('the README tests need root (CI=true makes a missing prerequisite a failure)');
    stateRoot = mkdtempSync(join(tmpdir(), 'hutch-readme-'));
  });

  after(() => {
    // Whatever a failed line left running goes; then the state root.
    spawnSync(join(repo, 'bin', 'hutch'), ['rm', '-f', 'web'], { env: env(), encoding: 'utf8' });
    rmSync(stateRoot, { recursive: true, force: true });
  });

  test('the quick start runs a container and prints what isolates it', () => {
    const r = spawnSync('bash', [join(repo, 'examples', 'quickstart.sh')], { cwd: repo, env: env(), encoding: 'utf8', timeout: 600_000 });
    assert.equal(r.status, 0, `quickstart failed:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /Hello from quickstart, a Hutch container\./);
    assert.match(r.stdout, /PID 1 is hutch-init/);
    assert.match(r.stdout, /My address: 10\.88\.[0-9]+\.[0-9]+\/16/);
    assert.match(r.stdout, /CapEff:\s+00000000a80425fb, Seccomp:\s+2/);
    assert.match(r.stdout, /Memory limit: 268435456 bytes/);
    assert.match(r.stdout, /unshare: blocked by seccomp/);
  });

  test('every line of the CLI tour succeeds, in order', () => {
    const lines = tourLines();
    assert.ok(lines.length >= 10, 'the tour has its commands');
    // As root, `sudo` is just the command (CI machines may not have sudo installed).
    const prelude = 'set -e; cd "$1"; sudo() { "$@"; }\n';
    // Each line is announced with a marker, so a failure names the line.
    const traced = prelude + lines.map((l, i) => `echo "@@line ${i}"; ${l}`).join('\n') + '\n';
    const r = spawnSync('bash', ['-c', traced, 'tour', repo], { env: env(), encoding: 'utf8', timeout: 120_000 });
    const failedAt = [...r.stdout.matchAll(/@@line (\d+)/g)].pop()?.[1];
    assert.equal(r.status, 0, `tour line failed: ${failedAt !== undefined ? lines[Number(failedAt)] : '?'}\n${r.stdout}\n${r.stderr}`);
    const out = r.stdout;
    assert.match(out, /^hello$/m, 'run --rm echo');
    assert.match(out, /web\s+running/, 'ps lists the detached container');
    assert.match(out, /hi from [0-9a-f]{12}/, 'exec with an environment variable');
    assert.match(out, /"status":"stopped"/, 'ps -a --json after stop');
  });
});
