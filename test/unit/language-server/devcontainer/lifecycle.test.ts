/** Lifecycle commands well-formed (lifecycle.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { check, textAt } from './fixtures';

describe('devcontainer/invalid-lifecycle-command', () => {
  test('an empty string, an empty array, an empty program, an empty parallel entry', () => {
    const text = '{"image": "x", "postCreateCommand": " ", "postStartCommand": [], "postAttachCommand": ["", "x"], "onCreateCommand": {"a": "make", "b": ""}}';
    const findings = check(text);
    assert.deepEqual(findings.map((f) => [f.ruleId, textAt(text, f.range)]), [
      ['devcontainer/invalid-lifecycle-command', '" "'],
      ['devcontainer/invalid-lifecycle-command', '[]'],
      ['devcontainer/invalid-lifecycle-command', '""'],
      ['devcontainer/invalid-lifecycle-command', '""'],
    ]);
    assert.equal(findings[3]!.message, 'onCreateCommand.b is an empty command: give a command or remove it');
  });

  test('well-formed commands of every form pass', () => {
    const text =
      '{"image": "x", "initializeCommand": "echo hi", "onCreateCommand": ["npm", "ci"], "updateContentCommand": {"a": "make", "b": ["make", "docs"]},' +
      ' "postCreateCommand": ["/bin/bash", "-c", "a && b | c"], "postStartCommand": "a && b"}';
    assert.deepEqual(check(text), []);
  });
});

describe('devcontainer/exec-form-shell-syntax', () => {
  test('a one-element array holding a command line, with a fix to the string form', () => {
    const text = '{"image": "x", "postCreateCommand": ["npm install"]}';
    const [finding] = check(text);
    assert.equal(finding!.ruleId, 'devcontainer/exec-form-shell-syntax');
    assert.equal(textAt(text, finding!.range), '"npm install"');
    assert.equal(finding!.fix!.edits[0]!.newText, '"npm install"');
    assert.equal(textAt(text, finding!.fix!.edits[0]!.range), '["npm install"]');
  });

  test('shell operators passed as arguments', () => {
    const text = '{"image": "x", "postCreateCommand": {"setup": ["npm", "ci", "&&", "npm", "test", ">", "log"]}}';
    const findings = check(text);
    assert.deepEqual(findings.map((f) => textAt(text, f.range)), ['"&&"', '">"']);
    assert.match(findings[0]!.message, /^postCreateCommand.setup\[2\]: "&&" is passed to npm as an argument/);
  });
});
