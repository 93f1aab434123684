import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { goQuoted } from '../../../../language-server/src/dockerfile/rules/go-quote';
import { buildkitDocsUrl, buildkitSlug } from '../../../../language-server/src/dockerfile/rules/rule-definition';

describe('rule definitions', () => {
  test("BuildKit's documentation slugs", () => {
    assert.deepEqual(['JSONArgsRecommended', 'UndefinedVar', 'FromPlatformFlagConstDisallowed', 'ExposeProtoCasing'].map(buildkitSlug), [
      'json-args-recommended',
      'undefined-var',
      'from-platform-flag-const-disallowed',
      'expose-proto-casing',
    ]);
    assert.equal(buildkitDocsUrl('CopyIgnoredFile'), 'https://docs.docker.com/go/dockerfile/rule/copy-ignored-file/');
  });

  test("Go's %q", () => {
    assert.deepEqual([goQuoted('a"b\\c'), goQuoted('tab\there\n'), goQuoted('\x01é')], ['"a\\"b\\\\c"', '"tab\\there\\n"', '"\\x01é"']);
  });
});
