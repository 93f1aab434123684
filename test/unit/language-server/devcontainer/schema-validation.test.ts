/**
 * Syntax and schema validation against the schema that ships inside (validate.ts): each kind
 * of problem fires with its rule id and exact range, stays quiet on valid input, and is left to
 * VS Code when schemaFindings is false.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { check, findingsOf, textAt } from './fixtures';

describe('devcontainer/invalid-json', () => {
  test('a syntax error is reported where it is', () => {
    const text = '{"image": "x" "name": "y"}';
    const [finding, ...rest] = findingsOf(check(text), 'devcontainer/invalid-json');
    assert.equal(rest.length, 0);
    assert.match(finding!.message, /','/);
    assert.deepEqual(finding!.range.start, { line: 0, character: 14 });
  });

  test('comments are JSONC and fine', () => {
    assert.deepEqual(check('// a comment\n{\n  /* block */ "image": "x" // end\n}\n'), []);
  });

  test('an empty file is reported at its start', () => {
    const [finding] = check('');
    assert.equal(finding!.ruleId, 'devcontainer/invalid-json');
    assert.deepEqual(finding!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  });

  test('a byte-order mark is not an error and does not shift positions', () => {
    const text = '\uFEFF{"image": "x", "nmae": "y"}';
    const [finding] = check(text);
    assert.equal(finding!.ruleId, 'devcontainer/unknown-property');
    assert.equal(textAt(text, finding!.range), '"nmae"');
  });
});

describe('devcontainer/trailing-comma', () => {
  test('a comma before } is a warning with a fix that removes it', () => {
    const text = '{\n  "image": "x",\n}';
    const [finding] = check(text);
    assert.equal(finding!.ruleId, 'devcontainer/trailing-comma');
    assert.equal(finding!.severity, 'warning');
    assert.equal(textAt(text, finding!.range), ',');
    assert.deepEqual(finding!.fix!.edits, [{ range: finding!.range, newText: '' }]);
  });

  test('a comma before ] too, but not a comma inside a string or comment', () => {
    const text = '{"image": "x,}", "capAdd": ["SYS_PTRACE",] // ,]\n}';
    const findings = findingsOf(check(text), 'devcontainer/trailing-comma');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.range.start.character, 40);
  });
});

describe('devcontainer/unknown-property', () => {
  test('a misspelt top-level key gets a suggestion and a rename fix', () => {
    const text = '{"image": "x", "postCreateComand": "make"}';
    const [finding] = check(text);
    assert.equal(finding!.ruleId, 'devcontainer/unknown-property');
    assert.equal(finding!.severity, 'warning');
    assert.equal(textAt(text, finding!.range), '"postCreateComand"');
    assert.match(finding!.message, /did you mean "postCreateCommand"/);
    assert.deepEqual(finding!.fix!.edits[0]!.newText, '"postCreateCommand"');
  });

  test('an unknown key inside build is named by its path', () => {
    const text = '{"build": {"dockerfile": "Dockerfile", "taget": "dev"}}';
    const [finding] = findingsOf(check(text), 'devcontainer/unknown-property');
    assert.match(finding!.message, /^build has no property "taget"; did you mean "target"\?/);
  });

  test('appPort, runArgs and workspaceMount do not apply to a compose config', () => {
    const text = '{"dockerComposeFile": "docker-compose.yml", "service": "app", "workspaceFolder": "/w", "appPort": 3000, "runArgs": [], "workspaceMount": ""}';
    const findings = findingsOf(check(text), 'devcontainer/unknown-property');
    assert.deepEqual(findings.map((f) => textAt(text, f.range)), ['"appPort"', '"runArgs"', '"workspaceMount"']);
    assert.match(findings[0]!.message, /does not apply to a Docker Compose config/);
  });

  test('the same keys are fine for an image config', () => {
    assert.deepEqual(check('{"image": "x", "appPort": 3000, "runArgs": ["--init"], "workspaceMount": "source=/a,target=/b,type=bind"}'), []);
  });

  test('top-level context only goes with dockerFile', () => {
    const findings = check('{"image": "x", "context": ".."}');
    assert.match(findingsOf(findings, 'devcontainer/unknown-property')[0]!.message, /older `dockerFile`/);
    assert.deepEqual(check('{"dockerFile": "Dockerfile", "context": "."}'), []);
  });

  test('tool customizations other than hutch are not checked', () => {
    assert.deepEqual(check('{"image": "x", "customizations": {"vscode": {"extensions": ["a.b"], "whatever": 1}, "jetbrains": {"x": 1}}}'), []);
  });
});

describe('devcontainer/invalid-type', () => {
  test('a wrong type is reported on the value', () => {
    const text = '{"image": "x", "init": "yes"}';
    const [finding] = check(text);
    assert.equal(finding!.ruleId, 'devcontainer/invalid-type');
    assert.equal(finding!.message, 'init must be true or false, not a string');
    assert.equal(textAt(text, finding!.range), '"yes"');
  });

  test('alternatives are named together', () => {
    const [finding] = check('{"image": "x", "postCreateCommand": 5}');
    assert.equal(finding!.message, 'postCreateCommand must be a string, an array or an object, not an integer');
  });

  test('array items are checked with their index', () => {
    const [finding] = check('{"image": "x", "capAdd": ["SYS_PTRACE", 7]}');
    assert.equal(finding!.message, 'capAdd[1] must be a string, not an integer');
  });

  test('a config that is not an object', () => {
    const [finding] = check('[]');
    assert.equal(finding!.message, 'The config must be an object, not an array');
  });
});

describe('devcontainer/invalid-value', () => {
  test('an enum value outside the set', () => {
    const text = '{"image": "x", "waitFor": "postAttachCommand"}';
    const [finding] = check(text);
    assert.equal(finding!.ruleId, 'devcontainer/invalid-value');
    assert.match(finding!.message, /^waitFor must be one of "initializeCommand", .*not "postAttachCommand"$/);
    assert.equal(textAt(text, finding!.range), '"postAttachCommand"');
  });

  test('shutdownAction depends on the kind of config', () => {
    assert.equal(check('{"image": "x", "shutdownAction": "stopCompose"}')[0]?.ruleId, 'devcontainer/invalid-value');
    assert.deepEqual(check('{"dockerComposeFile": "docker-compose.yml", "service": "app", "workspaceFolder": "/w", "shutdownAction": "stopCompose"}'), []);
  });

  test('a pattern is described in words', () => {
    const [finding] = check('{"image": "x", "hostRequirements": {"memory": "4GB"}}');
    assert.match(finding!.message, /^hostRequirements.memory must be a size in bytes, or with a unit tb, gb, mb or kb, such as 8gb, not "4GB"$/);
  });

  test('numbers out of range', () => {
    assert.match(check('{"image": "x", "forwardPorts": [70000]}')[0]!.message, /at most 65535/);
    assert.match(check('{"image": "x", "hostRequirements": {"cpus": 0}}')[0]!.message, /at least 1/);
  });

  test('valid values pass', () => {
    assert.deepEqual(check('{"image": "x", "waitFor": "postCreateCommand", "userEnvProbe": "none", "hostRequirements": {"cpus": 4, "memory": "8gb", "storage": "32gb", "gpu": "optional"}}'), []);
  });
});

describe('devcontainer/missing-property', () => {
  test('a compose config needs service and workspaceFolder, reported on dockerComposeFile', () => {
    const text = '{"dockerComposeFile": "docker-compose.yml"}';
    const findings = findingsOf(check(text), 'devcontainer/missing-property');
    assert.deepEqual(findings.map((f) => f.message), [
      'A config with dockerComposeFile also needs "service"',
      'A config with dockerComposeFile also needs "workspaceFolder"',
    ]);
    assert.equal(textAt(text, findings[0]!.range), '"dockerComposeFile"');
  });

  test('build needs dockerfile, unless the older dockerFile is used', () => {
    const text = '{"image": "x", "build": {"args": {}}}';
    const [finding] = findingsOf(check(text), 'devcontainer/missing-property');
    assert.equal(finding!.message, 'build needs the property "dockerfile"');
    assert.equal(textAt(text, finding!.range), '"build"');
    assert.deepEqual(check('{"dockerFile": "Dockerfile", "build": {"args": {"VARIANT": "x"}}}'), []);
  });

  test('a mount object needs type and target', () => {
    const findings = findingsOf(check('{"image": "x", "mounts": [{"source": "v"}]}'), 'devcontainer/missing-property');
    assert.deepEqual(findings.map((f) => f.message), ['mounts[0] needs the property "type"', 'mounts[0] needs the property "target"']);
  });
});

describe('devcontainer/deprecated-property and devcontainer/duplicate-key', () => {
  test('top-level VS Code keys are deprecated, not unknown', () => {
    const text = '{"image": "x", "extensions": ["a.b"], "settings": {}, "devPort": 8000}';
    const findings = check(text);
    assert.deepEqual(findings.map((f) => f.ruleId), ['devcontainer/deprecated-property', 'devcontainer/deprecated-property', 'devcontainer/deprecated-property']);
    assert.match(findings[0]!.message, /use customizations.vscode.extensions/);
    assert.equal(textAt(text, findings[0]!.range), '"extensions"');
  });

  test('legacy short Feature ids are deprecated', () => {
    assert.equal(check('{"image": "x", "features": {"maven": {}}}')[0]?.ruleId, 'devcontainer/deprecated-property');
  });

  test('a key set twice is reported on the one that does not count', () => {
    const text = '{"image": "x", "name": "a", "name": "b"}';
    const [finding] = check(text);
    assert.equal(finding!.ruleId, 'devcontainer/duplicate-key');
    assert.equal(finding!.range.start.character, 15);
  });
});

describe('schemaFindings: false (the editor, where VS Code validates against the spec schema)', () => {
  test('syntax and schema problems are left to VS Code', () => {
    const text = '{"image": "x", "nmae": 1, "init": "yes", "waitFor": "x", "extensions": [], "name": "a", "name": "b",}';
    assert.ok(check(text).length >= 6);
    assert.deepEqual(check(text, { schemaFindings: false }), []);
  });

  test('what VS Code cannot see is still reported', () => {
    const text = '{"build": {"dockerfile": "Missing"}, "forwardPorts": [3000, 3000], "customizations": {"hutch": {"vm": {"cpus": 0}}}}';
    const ids = check(text, { schemaFindings: false }).map((f) => f.ruleId);
    assert.deepEqual(ids.sort(), ['devcontainer/dockerfile-not-found', 'devcontainer/duplicate-port', 'devcontainer/invalid-hutch-vm', 'devcontainer/invalid-hutch-vm']);
  });
});
