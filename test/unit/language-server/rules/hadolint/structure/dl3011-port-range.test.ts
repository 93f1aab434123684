import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DL3011 } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/dl3011-port-range';
import { findings } from '../../rule-harness';

describe('DL3011 port range', () => {
  test('reports a port above 65535 on the port', () => {
    assert.deepEqual(findings(DL3011, 'FROM debian:12\nEXPOSE 80 70000/tcp\n'), ['1:10-1:19 Valid UNIX ports range from 0 to 65535']);
  });

  test('reports a range whose end is above 65535', () => {
    assert.deepEqual(findings(DL3011, 'FROM debian:12\nEXPOSE 8000-65536\n'), ['1:7-1:17 Valid UNIX ports range from 0 to 65535']);
  });

  test('does not report valid ports, ranges or variables', () => {
    assert.deepEqual(findings(DL3011, 'FROM debian:12\nEXPOSE 0 65535/udp 8000-8080 $PORT\n'), []);
  });
});
