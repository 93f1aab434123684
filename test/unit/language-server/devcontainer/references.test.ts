/**
 * Files a devcontainer.json names (references.ts): paths relative to the devcontainer.json,
 * build.target against the Dockerfile's stages, build.args against its ARGs, service and
 * runServices against the compose files.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { check, DEFAULT_FILES, findingsOf, textAt } from './fixtures';

describe('devcontainer/dockerfile-not-found', () => {
  test('a missing build.dockerfile is reported on its value, with the path looked at', () => {
    const text = '{"build": {"dockerfile": "Dockerfile.dev"}}';
    const [finding, ...rest] = check(text);
    assert.equal(rest.length, 0);
    assert.equal(finding!.ruleId, 'devcontainer/dockerfile-not-found');
    assert.equal(textAt(text, finding!.range), '"Dockerfile.dev"');
    assert.match(finding!.message, /\/project\/\.devcontainer\/Dockerfile\.dev/);
  });

  test('the older dockerFile, and paths relative to the devcontainer.json', () => {
    assert.equal(check('{"dockerFile": "../Dockerfile"}')[0]?.ruleId, 'devcontainer/dockerfile-not-found');
    const files = { ...DEFAULT_FILES, '/project/Dockerfile': 'FROM x' };
    assert.deepEqual(check('{"dockerFile": "../Dockerfile"}', { files }), []);
  });

  test('${localWorkspaceFolder} is resolved; other variables are not guessed', () => {
    assert.deepEqual(check('{"build": {"dockerfile": "${localWorkspaceFolder}/.devcontainer/Dockerfile"}}'), []);
    assert.equal(check('{"build": {"dockerfile": "${localWorkspaceFolder}/Nope"}}')[0]?.ruleId, 'devcontainer/dockerfile-not-found');
    assert.deepEqual(findingsOf(check('{"build": {"dockerfile": "${localEnv:DF}"}}'), 'devcontainer/dockerfile-not-found'), []);
  });

  test('an unsaved document (a URI, not a path) is not looked up', () => {
    assert.deepEqual(check('{"build": {"dockerfile": "Nope"}}', { path: 'untitled:Untitled-1' }), []);
  });
});

describe('devcontainer/context-not-found', () => {
  test('a missing context is reported; "." and ".." that exist are fine', () => {
    const text = '{"build": {"dockerfile": "Dockerfile", "context": "../app"}}';
    const [finding] = check(text);
    assert.equal(finding!.ruleId, 'devcontainer/context-not-found');
    assert.equal(textAt(text, finding!.range), '"../app"');
    assert.deepEqual(check('{"build": {"dockerfile": "Dockerfile", "context": ".."}}'), []);
  });
});

describe('devcontainer/compose-file-not-found', () => {
  test('each missing file of the list is reported', () => {
    const text = '{"dockerComposeFile": ["../docker-compose.yml", "docker-compose.yml", "extra.yml"], "service": "app", "workspaceFolder": "/w"}';
    const findings = check(text);
    assert.deepEqual(findings.map((f) => [f.ruleId, textAt(text, f.range)]), [
      ['devcontainer/compose-file-not-found', '"../docker-compose.yml"'],
      ['devcontainer/compose-file-not-found', '"extra.yml"'],
    ]);
  });
});

describe('devcontainer/unknown-build-target', () => {
  test('a target that is no stage, with the stages listed and the nearest proposed', () => {
    const text = '{"build": {"dockerfile": "Dockerfile", "target": "bas"}}';
    const [finding] = check(text);
    assert.equal(finding!.ruleId, 'devcontainer/unknown-build-target');
    assert.equal(textAt(text, finding!.range), '"bas"');
    assert.match(finding!.message, /its stages are "base", "Dev"; did you mean "base"\?/);
    assert.equal(finding!.fix!.edits[0]!.newText, '"base"');
  });

  test('stage names compare case-insensitively, as BuildKit does', () => {
    assert.deepEqual(check('{"build": {"dockerfile": "Dockerfile", "target": "dev"}}'), []);
  });

  test('a Dockerfile without named stages', () => {
    const files = { ...DEFAULT_FILES, '/project/.devcontainer/Dockerfile': 'FROM debian\n' };
    assert.match(check('{"build": {"dockerfile": "Dockerfile", "target": "dev"}}', { files })[0]!.message, /names no stage/);
  });

  test('not checked when the Dockerfile is missing (that is reported instead)', () => {
    const ids = check('{"build": {"dockerfile": "Nope", "target": "dev"}}').map((f) => f.ruleId);
    assert.deepEqual(ids, ['devcontainer/dockerfile-not-found']);
  });
});

describe('devcontainer/unused-build-arg', () => {
  test('an arg no ARG declares, reported on its key', () => {
    const text = '{"build": {"dockerfile": "Dockerfile", "args": {"VARIANT": "x", "USERNAME": "me", "USER_NAME": "me", "http_proxy": "p", "BUILDKIT_INLINE_CACHE": "1"}}}';
    const findings = check(text);
    assert.deepEqual(findings.map((f) => [f.ruleId, textAt(text, f.range)]), [['devcontainer/unused-build-arg', '"USER_NAME"']]);
    assert.match(findings[0]!.message, /did you mean "USERNAME"\?/);
  });
});

describe('devcontainer/unknown-compose-service', () => {
  test('service and runServices must be services of the compose files', () => {
    const text = '{"dockerComposeFile": "docker-compose.yml", "service": "ap", "runServices": ["db", "cache"], "workspaceFolder": "/w"}';
    const findings = check(text);
    assert.deepEqual(findings.map((f) => [f.ruleId, textAt(text, f.range)]), [
      ['devcontainer/unknown-compose-service', '"ap"'],
      ['devcontainer/unknown-compose-service', '"cache"'],
    ]);
    assert.match(findings[0]!.message, /services: "app", "db"\); did you mean "app"\?/);
  });

  test('services from every compose file count', () => {
    const files = { ...DEFAULT_FILES, '/project/.devcontainer/extra.yml': 'services:\n  cache:\n    image: redis\n' };
    assert.deepEqual(check('{"dockerComposeFile": ["docker-compose.yml", "extra.yml"], "service": "cache", "workspaceFolder": "/w"}', { files }), []);
  });

  test('not checked when a file is missing, unparsable or includes others', () => {
    const base = '"service": "nope", "workspaceFolder": "/w"';
    assert.deepEqual(findingsOf(check(`{"dockerComposeFile": ["docker-compose.yml", "missing.yml"], ${base}}`), 'devcontainer/unknown-compose-service'), []);
    const broken = { ...DEFAULT_FILES, '/project/.devcontainer/docker-compose.yml': 'services: [\n' };
    assert.deepEqual(check(`{"dockerComposeFile": "docker-compose.yml", ${base}}`, { files: broken }), []);
    const including = { ...DEFAULT_FILES, '/project/.devcontainer/docker-compose.yml': 'include:\n  - other.yml\nservices:\n  app: {}\n' };
    assert.deepEqual(check(`{"dockerComposeFile": "docker-compose.yml", ${base}}`, { files: including }), []);
  });

  test('compose-only YAML tags (!reset) do not stop the check', () => {
    const files = { ...DEFAULT_FILES, '/project/.devcontainer/docker-compose.yml': 'services:\n  app:\n    ports: !reset []\n' };
    assert.equal(check('{"dockerComposeFile": "docker-compose.yml", "service": "web", "workspaceFolder": "/w"}', { files }).length, 1);
  });
});
