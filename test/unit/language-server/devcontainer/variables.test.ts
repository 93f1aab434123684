/** ${...} variables (variables.ts), as the devcontainers CLI resolves them. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { check, textAt } from './fixtures';

describe('devcontainer/unknown-variable', () => {
  test('a misspelt variable is reported on the reference, with the right name', () => {
    const text = '{"image": "x", "workspaceFolder": "/workspaces/${localWorkspaceFolderBaseName}"}';
    const [finding, ...rest] = check(text);
    assert.equal(rest.length, 0);
    assert.equal(finding!.ruleId, 'devcontainer/unknown-variable');
    assert.equal(textAt(text, finding!.range), '${localWorkspaceFolderBaseName}');
    assert.match(finding!.message, /did you mean \$\{localWorkspaceFolderBasename\}\?/);
  });

  test('an environment-variable-like name outside a shell points to localEnv and containerEnv', () => {
    const text = '{"image": "x", "containerEnv": {"PATH": "${PATH}:/opt/bin"}}';
    const [finding] = check(text);
    assert.match(finding!.message, /\$\{localEnv:PATH\} \(host\) or \$\{containerEnv:PATH\} \(container\)/);
    assert.equal(textAt(text, finding!.range), '${PATH}');
  });

  test('in a shell command only near-misses of devcontainer variables are reported', () => {
    const text = '{"image": "x", "postCreateCommand": "echo ${HOME} ${ENV} ${name:-x} ${containerWorkspaceFoler}"}';
    const findings = check(text);
    assert.deepEqual(findings.map((f) => textAt(text, f.range)), ['${containerWorkspaceFoler}']);
  });

  test('$${...} is an escaped dollar, and other tools\' customizations are theirs', () => {
    assert.deepEqual(check('{"image": "x", "containerEnv": {"F": "[$${severity}]"}, "customizations": {"vscode": {"settings": {"p": "${workspaceFolder}/x"}}}}'), []);
  });

  test('every spec variable, the CLI\'s additions and template options are known', () => {
    const text =
      '{"image": "x${templateOption:variant}", "workspaceFolder": "/w/${localWorkspaceFolderBasename}", "mounts": ["source=${localWorkspaceFolder},target=${containerWorkspaceFolder},type=bind"],' +
      ' "containerEnv": {"A": "${localEnv:A}", "B": "${localEnv:B:default}", "C": "${env:C}", "D": "${devcontainerId}", "E": "${containerWorkspaceFolderBasename}", "F": "${localHomeFolder}"},' +
      ' "remoteEnv": {"PATH": "${containerEnv:PATH}:/x"}, "postCreateCommand": "echo ${containerEnv:HOME}"}';
    assert.deepEqual(check(text), []);
  });

  test('escaped characters inside a string keep the range exact', () => {
    const text = '{"image": "x", "name": "a\\"b ${locaEnv:X}"}';
    const [finding] = check(text);
    assert.equal(textAt(text, finding!.range), '${locaEnv:X}');
  });
});

describe('devcontainer/invalid-variable', () => {
  test('${localEnv} without a name (the devcontainers CLI refuses the config)', () => {
    const text = '{"image": "x", "containerEnv": {"A": "${localEnv}", "B": "${containerEnv:}"}}';
    const findings = check(text).filter((f) => f.ruleId === 'devcontainer/invalid-variable');
    assert.deepEqual(findings.map((f) => textAt(text, f.range)), ['${localEnv}', '${containerEnv:}']);
    assert.equal(findings[0]!.severity, 'error');
  });

  test('a default value with a colon is cut at it', () => {
    const [finding] = check('{"image": "x", "containerEnv": {"URL": "${localEnv:URL:http://localhost}"}}');
    assert.equal(finding!.ruleId, 'devcontainer/invalid-variable');
    assert.match(finding!.message, /so it is "http"/);
  });

  test('arguments to a variable that takes none, and a missing closing brace', () => {
    const text = '{"image": "x", "name": "${devcontainerId:x}", "workspaceFolder": "/w/${localWorkspaceFolderBasename"}';
    const findings = check(text);
    assert.deepEqual(findings.map((f) => [f.ruleId, textAt(text, f.range)]), [
      ['devcontainer/invalid-variable', '${devcontainerId:x}'],
      ['devcontainer/invalid-variable', '${localWorkspaceFolderBasename'],
    ]);
  });
});

describe('devcontainer/variable-not-available', () => {
  test('${containerEnv:...} before the container exists', () => {
    const text = '{"image": "x", "containerEnv": {"P": "${containerEnv:PATH}"}, "initializeCommand": "echo ${containerEnv:HOME}"}';
    const findings = check(text);
    assert.deepEqual(findings.map((f) => [f.ruleId, textAt(text, f.range)]), [
      ['devcontainer/variable-not-available', '${containerEnv:PATH}'],
      ['devcontainer/variable-not-available', '${containerEnv:HOME}'],
    ]);
  });
});
