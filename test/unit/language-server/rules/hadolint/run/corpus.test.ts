/**
 * The RUN rules over the real Dockerfiles of shared/corpus/dockerfiles (they all build): no
 * error (DL3004 `sudo` is hadolint's only error here), and the warnings per rule printed, so a
 * change in what the rules find shows up in the test output.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { parseDockerfile } from '../../../../../../language-server/src/dockerfile/parser';
import { HADOLINT_RUN_RULES } from '../../../../../../language-server/src/dockerfile/rules/hadolint/run/index';
import { sharedPath } from '../../../../../support/shared-data';

const CORPUS = sharedPath('corpus', 'dockerfiles');
const present = existsSync(CORPUS);
const skip = !present && process.env.CI !== 'true' ? `no corpus at ${CORPUS}` : false;

test('every RUN rule is a hadolint rule with its wiki page, once', () => {
  const ids = HADOLINT_RUN_RULES.map((rule) => rule.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const rule of HADOLINT_RUN_RULES) {
    assert.match(rule.id, /^DL\d{4}$/);
    assert.equal(rule.source, 'hadolint');
    assert.equal(rule.docsUrl, `https://github.com/hadolint/hadolint/wiki/${rule.id}`);
  }
});

test('no RUN rule reports an error on the real Dockerfiles of the corpus', { skip }, (t) => {
  assert.ok(present, `the corpus is missing at ${CORPUS} (CI=true makes that a failure)`);
  const files = readdirSync(CORPUS).filter((f) => !/\.(md|json)$/.test(f));
  const errors: string[] = [];
  const counts = new Map<string, number>();
  for (const file of files) {
    const dockerfile = parseDockerfile(readFileSync(join(CORPUS, file), 'utf8'));
    for (const rule of HADOLINT_RUN_RULES) {
      for (const finding of rule.check({ dockerfile, dockerignore: null, buildArgs: {} })) {
        if (finding.severity === 'error') errors.push(`${file}: ${finding.ruleId}@${finding.range.start.line + 1}`);
        else counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
      }
    }
  }
  t.diagnostic(`findings per rule over ${files.length} files: ${[...counts].sort().map(([id, n]) => `${id}=${n}`).join(' ')}`);
  assert.deepEqual(errors, []);
});
