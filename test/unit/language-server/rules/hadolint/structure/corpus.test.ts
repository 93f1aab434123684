import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseDockerfile } from '../../../../../../language-server/src/dockerfile/parser';
import { HADOLINT_STRUCTURE_RULES } from '../../../../../../language-server/src/dockerfile/rules/hadolint/structure/index';
import { show } from '../../rule-harness';
import { sharedPath } from '../../../../../support/shared-data';

const CORPUS = sharedPath('corpus', 'dockerfiles');
const present = existsSync(CORPUS);

describe('hadolint structure rules on the shared corpus', { skip: !present && process.env.CI !== 'true' ? `no corpus at ${CORPUS}` : false }, () => {
  test('report no error on any corpus Dockerfile (the official images build)', () => {
    const files = readdirSync(CORPUS).filter((name) => !['README.md', 'LICENSES.md', 'MANIFEST.json'].includes(name));
    assert.ok(files.length > 0, `no Dockerfiles in ${CORPUS}`);
    const errors: string[] = [];
    for (const name of files) {
      const context = { dockerfile: parseDockerfile(readFileSync(join(CORPUS, name), 'utf8')), dockerignore: null, buildArgs: {} };
      for (const rule of HADOLINT_STRUCTURE_RULES) {
        for (const finding of rule.check(context)) if (finding.severity === 'error') errors.push(`${name}: ${finding.ruleId} ${show(finding)}`);
      }
    }
    assert.deepEqual(errors, []);
  });
});
