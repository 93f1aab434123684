/** .hadolint.yaml's label-schema switches on hadolint's label rules for the labels it names. */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { lintDockerfile } from '../../../language-server/src/lint';
import { parseLintConfig } from '../../../language-server/src/lint-config';

const dockerfile = 'FROM debian:12\nLABEL version="one" maintainer="not-an-email" other="x"\n';

test('label-schema checks each named label against its type, on the value', () => {
  const config = parseLintConfig('label-schema:\n  version: semver\n  maintainer: email\n', '/p/.hadolint.yaml');
  const findings = lintDockerfile(dockerfile, { config }).filter((f) => f.source === 'hadolint');
  assert.deepEqual(
    findings.map((f) => [f.ruleId, f.range.start.line, f.range.start.character]),
    [
      ['DL3056', 1, 14],
      ['DL3058', 1, 31],
    ],
  );
});

test('without a label-schema no label rule runs', () => {
  assert.deepEqual(lintDockerfile(dockerfile).filter((f) => /^DL305/.test(f.ruleId)), []);
});

test('an unknown label type is an error naming the file and line', () => {
  assert.throws(() => parseLintConfig('label-schema:\n  version: bogus\n', '/p/.hadolint.yaml'), /\/p\/\.hadolint\.yaml:2: label type "bogus"/);
});
