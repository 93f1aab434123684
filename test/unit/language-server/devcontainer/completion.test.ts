/** Completion of keys, values and variables (completion.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { devcontainerCompletions } from '../../../../language-server/src/devcontainer/index';
import { cursor } from './fixtures';

function complete(marked: string): ReturnType<typeof devcontainerCompletions> {
  const { text, offset } = cursor(marked);
  return devcontainerCompletions(text, offset);
}

function labels(marked: string): string[] {
  return complete(marked).map((c) => c.label);
}

describe('devcontainerCompletions', () => {
  test('top-level keys in an empty object, with their type, documentation and a whole property to insert', () => {
    const items = complete('{|}');
    const image = items.find((c) => c.label === 'image')!;
    assert.equal(image.detail, 'string');
    assert.match(image.documentation, /^\*\*image\*\* · `string`\n\nThe image the container runs/);
    assert.equal(image.insertText, '"image": ""');
    assert.equal(items.find((c) => c.label === 'build')!.insertText, '"build": {}');
    assert.equal(items.find((c) => c.label === 'init')!.insertText, '"init": false');
    assert.ok(!items.some((c) => c.label === 'extensions'), 'deprecated keys are not proposed');
  });

  test('inside a quoted key only the name is inserted, and keys already set are left out', () => {
    const items = complete('{"image": "x", "na|"}');
    assert.equal(items.find((c) => c.label === 'name')!.insertText, 'name');
    assert.ok(!items.some((c) => c.label === 'image'));
  });

  test('with a container source set, the other sources and keys of other kinds are left out', () => {
    const compose = labels('{"dockerComposeFile": "c.yml", |}');
    assert.ok(compose.includes('service') && compose.includes('runServices'));
    for (const absent of ['image', 'build', 'dockerFile', 'appPort', 'runArgs', 'workspaceMount']) assert.ok(!compose.includes(absent), absent);
    const image = labels('{"image": "x", |}');
    assert.ok(image.includes('appPort') && !image.includes('service') && !image.includes('build'));
  });

  test('nested keys: build, customizations.hutch.vm', () => {
    assert.deepEqual(labels('{"build": {"dockerfile": "D", |}}'), ['context', 'target', 'args', 'cacheFrom', 'options']);
    const vm = labels('{"customizations": {"hutch": {"vm": {|}}}}');
    assert.deepEqual(vm, ['box', 'cpus', 'memory', 'disk', 'machine', 'accelerator', 'kernel', 'syncedFolders', 'forwardPorts', 'provision', 'snapshots']);
    assert.deepEqual(labels('{"customizations": {|}}'), ['hutch', 'vscode', 'codespaces']);
  });

  test('enum values, quoted or bare, and booleans', () => {
    assert.deepEqual(labels('{"waitFor": |}'), ['"initializeCommand"', '"onCreateCommand"', '"updateContentCommand"', '"postCreateCommand"', '"postStartCommand"']);
    assert.deepEqual(labels('{"waitFor": "|"}'), ['initializeCommand', 'onCreateCommand', 'updateContentCommand', 'postCreateCommand', 'postStartCommand']);
    assert.deepEqual(labels('{"image": "x", "shutdownAction": "|"}'), ['none', 'stopContainer']);
    assert.deepEqual(labels('{"dockerComposeFile": "x", "shutdownAction": "|"}'), ['none', 'stopCompose']);
    assert.deepEqual(labels('{"init": |}'), ['true', 'false']);
    assert.deepEqual(labels('{"hostRequirements": {"gpu": |}}'), ['true', 'false', '"optional"']);
    const run = complete('{"customizations": {"hutch": {"vm": {"provision": [{"run": "|"}]}}}}');
    assert.deepEqual(run.map((c) => c.label), ['once', 'always', 'never']);
    assert.match(run[1]!.documentation, /every boot/);
  });

  test('variables after ${ in a string', () => {
    const items = complete('{"workspaceFolder": "/w/${localW|"}');
    assert.deepEqual(items.map((c) => c.label), ['${localWorkspaceFolder}', '${localWorkspaceFolderBasename}']);
    assert.equal(items[0]!.insertText, 'localWorkspaceFolder}');
    assert.equal(complete('{"remoteEnv": {"P": "${|"}}').find((c) => c.label === '${containerEnv:NAME}')!.insertText, 'containerEnv:');
  });

  test('nothing to propose in free text or unknown places', () => {
    assert.deepEqual(complete('{"name": "my |"}'), []);
    assert.deepEqual(complete('{"nope": {|}}'), []);
  });
});
