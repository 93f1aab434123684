import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { labelSchemaRules, type LabelSchema } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/label-schema';
import { EMAIL_LABEL, HASH_LABEL, isRfc3339, RFC3339_LABEL, SEMVER_LABEL, URL_LABEL } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/label-type-checks';
import { parseDockerfile } from '../../../../../../language-server/src/dockerfile/parser';
import { show } from '../../rule-harness';

const SCHEMA: LabelSchema = new Map([
  ['org.opencontainers.image.source', 'url'],
  ['org.opencontainers.image.created', 'rfc3339'],
  ['org.opencontainers.image.revision', 'hash'],
  ['org.opencontainers.image.version', 'semver'],
  ['maintainer', 'email'],
  ['description', 'text'],
] as const);

function lint(text: string, schema: LabelSchema = SCHEMA): string[] {
  const context = { dockerfile: parseDockerfile(text), dockerignore: null, buildArgs: {} };
  return labelSchemaRules(schema).flatMap((rule) => rule.check(context).map((finding) => `${finding.ruleId} ${show(finding)}`));
}

describe('hadolint label-schema rules', () => {
  test('report nothing without a schema', () => {
    assert.deepEqual(labelSchemaRules(new Map()), []);
  });

  test('DL3051 reports an empty schema label on its key', () => {
    assert.deepEqual(lint('FROM debian:12\nLABEL description=""\n'), ['DL3051 1:6-1:17 label `description` is empty.']);
  });

  test('report a value not of its type on the value', () => {
    assert.deepEqual(lint('FROM debian:12\nLABEL org.opencontainers.image.source=github.com/x org.opencontainers.image.version=v1.2\n'), [
      'DL3052 1:38-1:50 Label `org.opencontainers.image.source` is not a valid URL.',
      'DL3056 1:84-1:88 Label `org.opencontainers.image.version` does not conform to semantic versioning.',
    ]);
  });

  test('do not report valid values, or labels outside the schema', () => {
    const text = [
      'FROM debian:12',
      'LABEL org.opencontainers.image.source="https://github.com/x/y" org.opencontainers.image.created=2024-02-29T10:00:00Z',
      'LABEL org.opencontainers.image.revision=0123abc org.opencontainers.image.version=1.2.3-rc.1+b5 maintainer=jo@example.org',
      'LABEL other="" description=anything',
      '',
    ].join('\n');
    assert.deepEqual(lint(text), []);
  });

  test('each check accepts and rejects what its hadolint library does', () => {
    assert.ok(URL_LABEL.isValid('mailto:jo@example.org') && !URL_LABEL.isValid('https://x y') && !URL_LABEL.isValid('/relative'));
    assert.ok(isRfc3339('2024-01-01T00:00:00.5+02:00') && !isRfc3339('2023-02-29T00:00:00Z') && !isRfc3339('2024-01-01'));
    assert.ok(RFC3339_LABEL.isValid('2024-01-01t23:59:60z'));
    assert.ok(HASH_LABEL.isValid('0123456789abcdef0123456789abcdef01234567') && !HASH_LABEL.isValid('0123ABC') && !HASH_LABEL.isValid('0123ab'));
    assert.ok(SEMVER_LABEL.isValid('0.1.0') && !SEMVER_LABEL.isValid('01.1.0') && !SEMVER_LABEL.isValid('1.2'));
    assert.ok(EMAIL_LABEL.isValid('"jo smith"@example.org') && !EMAIL_LABEL.isValid('Jo <jo@example.org>') && !EMAIL_LABEL.isValid('jo@'));
  });
});
