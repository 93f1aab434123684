/** mounts and workspaceMount strings are --mount values (mounts.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { parseMountString } from '../../../../language-server/src/devcontainer/mounts';
import { check, textAt } from './fixtures';

describe('devcontainer/invalid-mount', () => {
  test('a -v style value, a bind without source, an unknown type, no target', () => {
    const text =
      '{"image": "x", "mounts": ["/var/run/docker.sock:/var/run/docker.sock", "type=bind,target=/x", "type=nfs,target=/y", "source=cache,type=volume"]}';
    const findings = check(text);
    assert.deepEqual(findings.map((f) => f.ruleId), Array(4).fill('devcontainer/invalid-mount'));
    assert.equal(textAt(text, findings[0]!.range), '"/var/run/docker.sock:/var/run/docker.sock"');
    assert.match(findings[0]!.message, /source=\/var\/run\/docker.sock,target=\/var\/run\/docker.sock,type=bind/);
    assert.match(findings[1]!.message, /needs source=/);
    assert.match(findings[2]!.message, /type=nfs/);
    assert.match(findings[3]!.message, /has no target/);
  });

  test('valid mounts, objects, variables and an empty workspaceMount pass', () => {
    const text =
      '{"image": "x", "workspaceMount": "", "mounts": ["source=${localEnv:HOME}/.ssh,target=/root/.ssh,type=bind,readonly", ' +
      '"type=tmpfs,destination=/tmp", "source=vol-${devcontainerId},target=/data", {"type": "volume", "target": "/v"}]}';
    assert.deepEqual(check(text), []);
  });

  test('workspaceMount is a --mount value too', () => {
    assert.equal(check('{"image": "x", "workspaceMount": "type=bind,source=/a"}')[0]?.ruleId, 'devcontainer/invalid-mount');
  });

  test('parseMountString keeps quoted commas', () => {
    const fields = parseMountString('type=volume,target=/a,"volume-opt=o=a,b"');
    assert.ok(typeof fields !== 'string');
    assert.equal(fields.get('volume-opt'), 'o=a,b');
  });
});
