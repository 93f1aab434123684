import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { INVALID_HEALTHCHECK, parseGoDuration } from '../../../../../language-server/src/dockerfile/rules/hutch/invalid-healthcheck';
import { findings, messages } from '../rule-harness';

describe('invalid-healthcheck', () => {
  test('reports unknown types, NONE with arguments and CMD without a command', () => {
    assert.deepEqual(messages(INVALID_HEALTHCHECK, 'FROM scratch\nHEALTHCHECK RUN x\nHEALTHCHECK NONE x\nHEALTHCHECK CMD\n'), [
      'Unknown type "RUN" in HEALTHCHECK (try CMD)',
      'HEALTHCHECK NONE takes no arguments',
      'Missing command after HEALTHCHECK CMD',
    ]);
  });

  test('reports bad durations and retries', () => {
    assert.deepEqual(messages(INVALID_HEALTHCHECK, 'FROM scratch\nHEALTHCHECK --interval=5 --timeout=10us --retries=-1 --start-period=x CMD true\n'), [
      'time: invalid duration "5"',
      'Interval "timeout" cannot be less than 1ms',
      '--retries cannot be negative (-1)',
      'time: invalid duration "x"',
    ]);
  });

  test('on the instruction', () => {
    assert.deepEqual(findings(INVALID_HEALTHCHECK, 'FROM scratch\nHEALTHCHECK CMD\n'), ['1:0-1:15 Missing command after HEALTHCHECK CMD']);
  });

  test('accepts a valid healthcheck', () => {
    assert.deepEqual(messages(INVALID_HEALTHCHECK, 'FROM scratch\nHEALTHCHECK --interval=1m30s --timeout=0 --retries=3 CMD ["curl", "-f", "x"]\nHEALTHCHECK NONE\n'), []);
  });

  test('parses Go durations', () => {
    assert.deepEqual(['1h2m3.5s', '300ms', '0', '-1.5h', '1', '', 's', '2d'].map(parseGoDuration), [3723.5e9, 300e6, 0, -5400e9, null, null, null, null]);
  });
});
