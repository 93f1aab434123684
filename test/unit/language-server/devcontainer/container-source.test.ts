/**
 * What the container is made from (checks.ts): one of image, a Dockerfile and Docker Compose;
 * a VM needs none.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { check, findingsOf, textAt } from './fixtures';

describe('devcontainer/conflicting-keys', () => {
  test('image with build.dockerfile is reported on image, which is ignored', () => {
    const text = '{"image": "x", "build": {"dockerfile": "Dockerfile"}}';
    const findings = check(text);
    assert.deepEqual(findings.map((f) => f.ruleId), ['devcontainer/conflicting-keys']);
    assert.equal(textAt(text, findings[0]!.range), '"image"');
    assert.match(findings[0]!.message, /^image conflicts with build.dockerfile: .*build.dockerfile is used and image ignored$/);
  });

  test('dockerComposeFile wins over image and dockerFile, each reported', () => {
    const text = '{"dockerComposeFile": "docker-compose.yml", "service": "app", "workspaceFolder": "/w", "image": "x", "dockerFile": "Dockerfile"}';
    const findings = findingsOf(check(text), 'devcontainer/conflicting-keys');
    assert.deepEqual(findings.map((f) => textAt(text, f.range)), ['"image"', '"dockerFile"']);
  });

  test('build without a dockerfile does nothing in a compose config', () => {
    const text = '{"dockerComposeFile": "docker-compose.yml", "service": "app", "workspaceFolder": "/w", "build": {"args": {}}}';
    const [finding, ...rest] = findingsOf(check(text), 'devcontainer/conflicting-keys');
    assert.equal(rest.length, 0);
    assert.equal(textAt(text, finding!.range), '"build"');
  });

  test('one source is fine, and the older dockerFile with build options is one source', () => {
    assert.deepEqual(findingsOf(check('{"image": "x"}'), 'devcontainer/conflicting-keys'), []);
    assert.deepEqual(findingsOf(check('{"dockerFile": "Dockerfile", "build": {"target": "base"}}'), 'devcontainer/conflicting-keys'), []);
  });

  test('is reported in the editor too: VS Code only says "matches multiple schemas"', () => {
    assert.equal(check('{"image": "x", "build": {"dockerfile": "Dockerfile"}}', { schemaFindings: false }).length, 1);
  });
});

describe('devcontainer/missing-image-source', () => {
  test('a config with nothing to run is reported at its first character', () => {
    const [finding] = check('{"name": "x"}');
    assert.equal(finding!.ruleId, 'devcontainer/missing-image-source');
    assert.deepEqual(finding!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
  });

  test('a Hutch VM needs no image', () => {
    assert.deepEqual(check('{"customizations": {"hutch": {"vm": {"box": "debian-12"}}}}'), []);
  });
});
