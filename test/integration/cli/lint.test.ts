/**
 * `hutch lint` as a user runs it (bin/hutch, the dist/ bundle, a separate process): text,
 * JSON and SARIF 2.1.0 output, the --severity threshold and its exit statuses (0 nothing at or
 * above it, 1 something, 2 usage, 3 a missing path, 5 a broken config), a folder with
 * Dockerfiles and a devcontainer.json, .hadolint.yaml, --ignore and stdin. Needs
 * `npm run build`; no root.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { described, hutch, HUTCH_BIN, type CliResult } from '../../support/hutch-cli';

/** Two BuildKit warnings no other family repeats: StageNameCasing (line 1, column 21) and
 * ExposeProtoCasing (line 2). (MAINTAINER would also raise hadolint's DL4000.) */
const WARNINGS = 'FROM alpine:3.20 AS Build\nEXPOSE 80/TCP\n';
const CLEAN = 'FROM alpine:3.20 AS build\nRUN echo hi\n';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function expectStatus(result: CliResult, status: number, what: string): void {
  assert.equal(result.status, status, `${what}: ${described(result)}`);
}

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string; shortDescription: { text: string }; helpUri: string; defaultConfiguration: { level: string } }> } };
    results: Array<{
      ruleId: string;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }>;
    }>;
  }>;
}

describe('hutch lint', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hutch-lint-cli-'));
    // A repository root, so no .hadolint.yaml above the temp folder is picked up.
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'Dockerfile'), WARNINGS);
    mkdirSync(join(dir, 'clean'));
    writeFileSync(join(dir, 'clean', 'Dockerfile'), CLEAN);
    mkdirSync(join(dir, 'tree', 'services', 'api'), { recursive: true });
    mkdirSync(join(dir, 'tree', 'node_modules', 'dep'), { recursive: true });
    writeFileSync(join(dir, 'tree', 'Dockerfile'), CLEAN);
    writeFileSync(join(dir, 'tree', 'services', 'api', 'api.Dockerfile'), WARNINGS);
    writeFileSync(join(dir, 'tree', 'node_modules', 'dep', 'Dockerfile'), WARNINGS);
    mkdirSync(join(dir, 'tree', '.devcontainer'));
    writeFileSync(join(dir, 'tree', '.devcontainer', 'devcontainer.json'), '{\n  // the Dockerfile is not there\n  "build": { "dockerfile": "missing.Dockerfile" }\n}\n');
    mkdirSync(join(dir, 'configured'));
    writeFileSync(join(dir, 'configured', 'Dockerfile'), WARNINGS);
    writeFileSync(join(dir, 'configured', '.hadolint.yaml'), 'ignored: [ExposeProtoCasing]\noverride:\n  info: [StageNameCasing]\nfailure-threshold: warning\n');
    mkdirSync(join(dir, 'broken'));
    writeFileSync(join(dir, 'broken', 'Dockerfile'), CLEAN);
    writeFileSync(join(dir, 'broken', '.hadolint.yaml'), 'ignored: [DL3008\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('`hutch lint --help` prints its usage and options, exit 0', () => {
    const result = hutch(['lint', '--help']);
    expectStatus(result, 0, 'lint --help');
    assert.match(result.stdout, /Usage: hutch lint/);
    for (const option of ['--format', '--severity', '--ignore', '--config']) assert.match(result.stdout, new RegExp(option));
  });

  test('text output is file:line:col id severity: message, and warnings fail at the default threshold (exit 1)', () => {
    const result = hutch(['lint', join(dir, 'Dockerfile')]);
    expectStatus(result, 1, 'lint Dockerfile');
    const file = escape(join(dir, 'Dockerfile'));
    assert.match(result.stdout, new RegExp(`^${file}:1:21 StageNameCasing warning: .*Build`, 'm'));
    assert.match(result.stdout, new RegExp(`^${file}:2:\\d+ ExposeProtoCasing warning: `, 'm'));
    assert.match(result.stdout, /2 problems \(2 warnings\) in 1 file/);
  });

  test('a clean file prints nothing and exits 0', () => {
    const result = hutch(['lint', join(dir, 'clean', 'Dockerfile')]);
    expectStatus(result, 0, 'lint clean');
    assert.equal(result.stdout, '');
  });

  test('--severity error: warnings are still shown but do not fail (exit 0); --severity warning fails (exit 1)', () => {
    const relaxed = hutch(['lint', '--severity', 'error', join(dir, 'Dockerfile')]);
    expectStatus(relaxed, 0, 'lint --severity error');
    assert.match(relaxed.stdout, /StageNameCasing/);
    assert.match(relaxed.stdout, /0 at or above the failure threshold/);
    expectStatus(hutch(['lint', '--severity=warning', join(dir, 'Dockerfile')]), 1, 'lint --severity=warning');
    expectStatus(hutch(['lint', '--severity', 'none', join(dir, 'Dockerfile')]), 0, 'lint --severity none');
  });

  test('--format json lists every finding with 1-based positions', () => {
    const result = hutch(['lint', '--format', 'json', join(dir, 'Dockerfile')]);
    expectStatus(result, 1, 'lint --format json');
    const report = JSON.parse(result.stdout) as { files: string[]; failed: boolean; findings: Array<Record<string, unknown>> };
    assert.equal(report.failed, true);
    assert.deepEqual(report.files, [join(dir, 'Dockerfile')]);
    const casing = report.findings.find((f) => f.ruleId === 'StageNameCasing');
    assert.deepEqual(
      { line: casing?.line, column: casing?.column, severity: casing?.severity, source: casing?.source },
      { line: 1, column: 21, severity: 'warning', source: 'buildkit' },
    );
    assert.match(String(casing?.docsUrl), /^https:\/\//);
    // --json (every command's flag) means the same.
    assert.deepEqual(JSON.parse(hutch(['lint', '--json', join(dir, 'Dockerfile')]).stdout), report);
  });

  test('--format sarif is a SARIF 2.1.0 log with rules, levels, relative uris and 1-based regions', () => {
    const result = hutch(['lint', '--format', 'sarif', join(dir, 'Dockerfile')], {});
    expectStatus(result, 1, 'lint --format sarif');
    const log = JSON.parse(result.stdout) as SarifLog;
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.ok(run);
    assert.equal(run.tool.driver.name, 'hutch');
    const rule = run.tool.driver.rules.find((r) => r.id === 'StageNameCasing');
    assert.ok(rule, 'the rule is described');
    assert.equal(rule.defaultConfiguration.level, 'warning');
    assert.match(rule.helpUri, /^https:\/\//);
    assert.ok(rule.shortDescription.text.length > 0);
    const casing = run.results.find((r) => r.ruleId === 'StageNameCasing');
    assert.ok(casing);
    assert.equal(casing.level, 'warning');
    assert.match(casing.message.text, /Build/);
    const location = casing.locations[0]?.physicalLocation;
    assert.equal(location?.region.startLine, 1);
    assert.equal(location?.region.startColumn, 21);
    assert.equal(location?.region.endLine, 1);
    assert.equal(location?.region.endColumn, 26);
    // An absolute path outside the working directory keeps a file: uri.
    assert.match(location?.artifactLocation.uri ?? '', /^file:\/\/.*\/Dockerfile$/);
  });

  test('SARIF uris are relative to the working directory', () => {
    const result = hutchIn(dir, ['lint', '--format', 'sarif', 'Dockerfile']);
    const log = JSON.parse(result.stdout) as SarifLog;
    assert.equal(log.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri, 'Dockerfile');
  });

  test('a folder: every Dockerfile and devcontainer.json in it, node_modules skipped, paths relative to the working directory', () => {
    const result = hutchIn(dir, ['lint', 'tree']);
    expectStatus(result, 1, 'lint tree');
    assert.match(result.stdout, new RegExp(`^${escape(join('tree', 'services', 'api', 'api.Dockerfile'))}:1:21 StageNameCasing warning: `, 'm'));
    assert.match(result.stdout, new RegExp(`^${escape(join('tree', '.devcontainer', 'devcontainer.json'))}:3:28 devcontainer/dockerfile-not-found error: `, 'm'));
    assert.doesNotMatch(result.stdout, /node_modules/);
    assert.match(result.stdout, /in 2 files;/);
    const json = JSON.parse(hutchIn(dir, ['lint', '--format', 'json', 'tree']).stdout) as { files: string[] };
    assert.deepEqual(json.files, [join('tree', '.devcontainer', 'devcontainer.json'), join('tree', 'Dockerfile'), join('tree', 'services', 'api', 'api.Dockerfile')]);
  });

  test('.hadolint.yaml next to the file: ignored, override and failure-threshold', () => {
    const result = hutch(['lint', join(dir, 'configured', 'Dockerfile')]);
    expectStatus(result, 0, 'lint configured');
    assert.match(result.stdout, /StageNameCasing info: /);
    assert.doesNotMatch(result.stdout, /ExposeProtoCasing/);
    // --severity on the command line wins over failure-threshold.
    expectStatus(hutch(['lint', '--severity', 'info', join(dir, 'configured', 'Dockerfile')]), 1, 'lint --severity info configured');
  });

  test('--ignore drops a rule', () => {
    const result = hutch(['lint', '--ignore', 'StageNameCasing', '--ignore', 'ExposeProtoCasing', join(dir, 'Dockerfile')]);
    expectStatus(result, 0, 'lint --ignore');
    assert.equal(result.stdout, '');
  });

  test('a Dockerfile on stdin with `-`', () => {
    const result = hutchIn(dir, ['lint', '-'], WARNINGS);
    expectStatus(result, 1, 'lint -');
    assert.match(result.stdout, /^-:1:21 StageNameCasing/m);
  });

  test('errors: usage (2), a missing path (3), a broken .hadolint.yaml names file and line (5)', () => {
    const badFormat = hutch(['lint', '--format', 'xml', join(dir, 'Dockerfile')]);
    expectStatus(badFormat, 2, 'lint --format xml');
    assert.match(badFormat.stderr, /format "xml" is not one of text, json, sarif/);
    expectStatus(hutch(['lint', '--severity', 'loud', join(dir, 'Dockerfile')]), 2, 'lint --severity loud');
    expectStatus(hutch(['lint', '--bogus']), 2, 'lint --bogus');
    const missing = hutch(['lint', join(dir, 'nope')]);
    expectStatus(missing, 3, 'lint nope');
    assert.match(missing.stderr, /does not exist/);
    const broken = hutch(['lint', join(dir, 'broken', 'Dockerfile')]);
    expectStatus(broken, 5, 'lint broken config');
    assert.match(broken.stderr, new RegExp(`${escape(join(dir, 'broken', '.hadolint.yaml'))}:\\d+: invalid YAML`));
  });
});

/** `hutch ARGS` run in cwd (relative paths), with optional stdin. */
function hutchIn(cwd: string, args: readonly string[], input?: string): CliResult {
  const result = spawnSync(process.execPath, [HUTCH_BIN, ...args], { cwd, encoding: 'utf8', input: input ?? '', timeout: 30_000, killSignal: 'SIGKILL' });
  if (result.error) throw result.error;
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}
