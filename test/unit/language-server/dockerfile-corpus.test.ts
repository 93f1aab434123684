/**
 * The real, working Dockerfiles of shared/corpus/dockerfiles (they all build): the engine must
 * find no error in them, unless the finding is justified here. Warnings are BuildKit's own
 * (e.g. LegacyKeyValueFormat on `ENV KEY value`, which `docker build --check` reports too).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { lintDockerfile } from '../../../language-server/src/lint';
import { sharedPath } from '../../support/shared-data';

const CORPUS = sharedPath('corpus', 'dockerfiles');
const present = existsSync(CORPUS);
const skip = !present && process.env.CI !== 'true' ? `no corpus at ${CORPUS}` : false;

/** file -> error findings ("ruleId@line") that are right, with the reason. None so far. */
const JUSTIFIED_ERRORS: Readonly<Record<string, { findings: string[]; reason: string }>> = {};

test('no false error on the real Dockerfiles of the corpus', { skip }, () => {
  assert.ok(present, `the corpus is missing at ${CORPUS} (CI=true makes that a failure)`);
  const files = readdirSync(CORPUS).filter((f) => !/\.(md|json)$/.test(f));
  assert.ok(files.length >= 400, `the corpus has its files (${files.length})`);
  const unexpected: string[] = [];
  for (const file of files) {
    const errors = lintDockerfile(readFileSync(join(CORPUS, file), 'utf8'), { path: file })
      .filter((f) => f.severity === 'error')
      .map((f) => `${f.ruleId}@${f.range.start.line + 1}`);
    const justified = JUSTIFIED_ERRORS[file]?.findings ?? [];
    for (const e of errors) if (!justified.includes(e)) unexpected.push(`${file}: ${e}`);
  }
  assert.deepEqual(unexpected, []);
});
