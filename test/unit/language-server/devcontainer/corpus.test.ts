/**
 * Every devcontainer.json of the shared corpus (shared/corpus/devcontainer: devcontainers/cli
 * test configs and devcontainers/templates, with the Dockerfiles and compose files they name)
 * validates without a false error, against the real files, with the corpus folder as the
 * project.
 *
 * Expected findings, and why they are not false:
 * - a file MANIFEST.json lists as not copied because the source repo lacks it (kind compose or
 *   dockerfile) is reported missing: the docker-existing-docker-compose template expects the
 *   user's own ../docker-compose.yml, and without it the config cannot start;
 * - warnings the CLI-side lint gives on real files: trailing commas (3 cli test configs) and
 *   deprecated top-level extensions / settings / devPort (2 cli test configs). In editor mode
 *   (schemaFindings: false) these are VS Code's to report, and nothing but the missing file is.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { checkDevcontainer } from '../../../../language-server/src/devcontainer/index';
import type { Finding } from '../../../../language-server/src/findings';
import { sharedPath } from '../../../support/shared-data';

const CORPUS = process.env.HUTCH_DEVCONTAINER_CORPUS ?? sharedPath('corpus', 'devcontainer');

interface ManifestEntry {
  folder: string;
  config: string;
  notCopied: Array<{ ref: string; kind: string; via: string; reason: string }>;
}

const manifest: ManifestEntry[] = existsSync(join(CORPUS, 'MANIFEST.json')) ? (JSON.parse(readFileSync(join(CORPUS, 'MANIFEST.json'), 'utf8')) as ManifestEntry[]) : [];

function lint(entry: ManifestEntry, schemaFindings: boolean): Finding[] {
  const path = join(CORPUS, entry.folder, entry.config);
  return checkDevcontainer(readFileSync(path, 'utf8'), {
    path,
    schemaFindings,
    readFile: (p) => {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return null;
      }
    },
    exists: existsSync,
  });
}

/** The findings a corpus entry must get: its missing referenced files. */
function expectedErrors(entry: ManifestEntry): string[] {
  return entry.notCopied
    .filter((n) => n.reason === 'not in the source repo' && (n.kind === 'compose' || n.kind === 'dockerfile'))
    .map((n) => (n.kind === 'compose' ? 'devcontainer/compose-file-not-found' : 'devcontainer/dockerfile-not-found'));
}

const EXPECTED_WARNINGS = new Set(['devcontainer/trailing-comma', 'devcontainer/deprecated-property']);

describe('the devcontainer.json corpus', { skip: manifest.length === 0 ? `no corpus at ${CORPUS}` : false }, () => {
  test('the corpus is the one described (60 configs)', () => {
    assert.equal(manifest.length, 60);
  });

  test('no config gets a false error (hutch lint: every finding on)', () => {
    const unexpected: string[] = [];
    let missingReported = 0;
    for (const entry of manifest) {
      const findings = lint(entry, true);
      const errors = findings.filter((f) => f.severity === 'error').map((f) => f.ruleId);
      assert.deepEqual(errors, expectedErrors(entry), `${entry.folder}: ${JSON.stringify(findings.map((f) => f.message))}`);
      missingReported += errors.length;
      for (const f of findings) if (f.severity !== 'error' && !EXPECTED_WARNINGS.has(f.ruleId)) unexpected.push(`${entry.folder}: ${f.ruleId} ${f.message}`);
    }
    assert.deepEqual(unexpected, []);
    assert.equal(missingReported, 1, 'docker-existing-docker-compose: ../docker-compose.yml is missing');
  });

  test('in the editor (schemaFindings: false) only the missing compose file is reported', () => {
    const all = manifest.flatMap((entry) => lint(entry, false).map((f) => `${entry.folder} ${f.ruleId}`));
    assert.deepEqual(all, ['devcontainers+templates__src__docker-existing-docker-compose devcontainer/compose-file-not-found']);
  });

  test('the warnings are the known ones: trailing commas and deprecated top-level VS Code keys', () => {
    const warnings = manifest.flatMap((entry) => lint(entry, true).filter((f) => f.severity !== 'error').map((f) => `${entry.folder.replace(/^devcontainers\+cli__src__test__configs__/, '')} ${f.ruleId}`));
    assert.deepEqual(warnings.sort(), [
      'compose-Dockerfile-alpine devcontainer/deprecated-property',
      'compose-Dockerfile-alpine devcontainer/deprecated-property',
      'compose-Dockerfile-alpine devcontainer/deprecated-property',
      'compose-image-with-mounts devcontainer/trailing-comma',
      'compose-image-without-features devcontainer/deprecated-property',
      'compose-image-without-features devcontainer/deprecated-property',
      'compose-image-without-features devcontainer/trailing-comma',
      'image-with-mounts devcontainer/trailing-comma',
    ]);
  });

  test('the semantic checks did look at the corpus files: a wrong target or service is caught', () => {
    const withTarget = manifest.find((e) => e.folder.endsWith('__dockerfile-with-target'))!;
    const path = join(CORPUS, withTarget.folder, withTarget.config);
    const text = readFileSync(path, 'utf8').replace('"desired-image"', '"desired"');
    const findings = checkDevcontainer(text, { path });
    assert.deepEqual(findings.map((f) => f.ruleId), ['devcontainer/unknown-build-target']);
    assert.match(findings[0]!.message, /"false-start", "desired-image", "false-finish"/);

    const compose = manifest.find((e) => e.folder.endsWith('__compose-with-name'))!;
    const composePath = join(CORPUS, compose.folder, compose.config);
    const renamed = readFileSync(composePath, 'utf8').replace('"service": "app"', '"service": "ap"');
    assert.deepEqual(checkDevcontainer(renamed, { path: composePath }).map((f) => f.ruleId), ['devcontainer/unknown-compose-service']);
  });
});
