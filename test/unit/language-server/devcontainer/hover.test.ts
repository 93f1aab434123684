/** Hover on keys, values and variables (hover.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { devcontainerHover } from '../../../../language-server/src/devcontainer/index';
import { cursor, textAt } from './fixtures';

function hover(marked: string): { hover: ReturnType<typeof devcontainerHover>; text: string } {
  const { text, offset } = cursor(marked);
  return { hover: devcontainerHover(text, offset), text };
}

describe('devcontainerHover', () => {
  test('a key shows its documentation over the key', () => {
    const { hover: result, text } = hover('{\n  "postSt|artCommand": "make"\n}');
    assert.match(result!.contents, /^\*\*postStartCommand\*\* · `string \| array \| object`\n\nRuns in the container each time it starts/);
    assert.equal(textAt(text, result!.range), '"postStartCommand"');
    assert.deepEqual(result!.range.start, { line: 1, character: 2 });
  });

  test('nested keys, with defaults and allowed values', () => {
    const { hover: result } = hover('{"customizations": {"hutch": {"vm": {"mach|ine": "q35"}}}}');
    assert.match(result!.contents, /QEMU machine type/);
    assert.match(result!.contents, /Default: `"microvm"`/);
    assert.match(result!.contents, /`"q35"` \(A standard PC/);
  });

  test('the schema of the config\'s kind (shutdownAction with compose)', () => {
    const { hover: result } = hover('{"dockerComposeFile": "x", "shutdownAct|ion": "none"}');
    assert.match(result!.contents, /`"stopCompose"`/);
  });

  test('a value shows what that value means, then the property', () => {
    const { hover: result, text } = hover('{"customizations": {"hutch": {"vm": {"box": "b", "snapshots": {"policy": "after-pro|vision"}}}}}');
    assert.match(result!.contents, /^`"after-provision"`: Also once provisioning has succeeded/);
    assert.match(result!.contents, /\*\*policy\*\*/);
    assert.equal(textAt(text, result!.range), '"after-provision"');
  });

  test('a variable shows its meaning over the reference', () => {
    const { hover: result, text } = hover('{"remoteEnv": {"PATH": "${containerEnv:PA|TH}:/x"}}');
    assert.match(result!.contents, /^\*\*\$\{containerEnv:NAME\}\*\* · variable/);
    assert.equal(textAt(text, result!.range), '${containerEnv:PATH}');
  });

  test('nothing for unknown keys, punctuation, or outside the object', () => {
    assert.equal(hover('{"nope|": 1}').hover, null);
    assert.equal(hover('{"image": "x"|}').hover, null);
    assert.equal(hover('|').hover, null);
  });
});
