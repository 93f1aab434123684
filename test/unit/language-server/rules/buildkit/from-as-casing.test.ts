import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { FROM_AS_CASING } from '../../../../../language-server/src/dockerfile/rules/buildkit/from-as-casing';
import { findings } from '../rule-harness';

describe('FromAsCasing', () => {
  test("reports 'as' after 'FROM', on the AS keyword", () => {
    assert.deepEqual(findings(FROM_AS_CASING, 'FROM scratch as base\n'), ["0:13-0:15 'as' and 'FROM' keywords' casing do not match"]);
  });

  test("reports 'AS' after 'from'", () => {
    assert.deepEqual(findings(FROM_AS_CASING, 'from scratch AS base\n'), ["0:13-0:15 'AS' and 'from' keywords' casing do not match"]);
  });

  test('leaves a mixed-case FROM to ConsistentInstructionCasing', () => {
    assert.deepEqual(findings(FROM_AS_CASING, 'From scratch as base\nfRoM scratch AS b2\n'), []);
  });

  test('does not report matching casing or a FROM without AS', () => {
    assert.deepEqual(findings(FROM_AS_CASING, 'FROM scratch AS a\nfrom scratch as b\nFROM scratch\n'), []);
  });
});
