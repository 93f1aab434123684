/** The rule registry: ids, sources, severities and documentation links. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { BUILDKIT_RULES, DOCKERFILE_RULES, DOCS_BASE, HUTCH_RULES } from '../../../../language-server/src/dockerfile/rules/index';

describe('DOCKERFILE_RULES', () => {
  test('every id is unique', () => {
    const ids = DOCKERFILE_RULES.map((r) => r.id);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
  });

  test("has every BuildKit check by BuildKit's name (InvalidBaseImagePlatform needs a registry)", () => {
    assert.deepEqual(
      BUILDKIT_RULES.map((r) => r.id).sort(),
      [
        'ConsistentInstructionCasing',
        'CopyIgnoredFile',
        'DuplicateStageName',
        'ExposeInvalidFormat',
        'ExposeProtoCasing',
        'FromAsCasing',
        'FromPlatformFlagConstDisallowed',
        'InvalidDefaultArgInFrom',
        'InvalidDefinitionDescription',
        'JSONArgsRecommended',
        'LegacyKeyValueFormat',
        'MaintainerDeprecated',
        'MultipleInstructionsDisallowed',
        'NoEmptyContinuation',
        'RedundantTargetPlatform',
        'ReservedStageName',
        'SecretsUsedInArgOrEnv',
        'StageNameCasing',
        'UndefinedArgInFrom',
        'UndefinedVar',
        'WorkdirRelativePath',
      ],
    );
  });

  test('BuildKit checks are warnings from source buildkit, documented at docs.docker.com; only InvalidDefinitionDescription is opt-in', () => {
    for (const rule of BUILDKIT_RULES) {
      assert.equal(rule.source, 'buildkit', rule.id);
      assert.equal(rule.defaultSeverity, 'warning', rule.id);
      assert.match(rule.docsUrl, /^https:\/\/docs\.docker\.com\/go\/dockerfile\/rule\/[a-z-]+\/$/, rule.id);
    }
    assert.deepEqual(BUILDKIT_RULES.filter((r) => r.optIn).map((r) => r.id), ['InvalidDefinitionDescription']);
    // hadolint's "Ignore"-severity rules are opt-in too.
    assert.deepEqual(DOCKERFILE_RULES.filter((r) => r.optIn && r.source !== 'hadolint').map((r) => r.id), ['InvalidDefinitionDescription']);
  });

  test("Hutch's rules are kebab-case errors documented at an anchor of docs/rules.md", () => {
    for (const rule of HUTCH_RULES) {
      assert.match(rule.id, /^[a-z]+(?:-[a-z]+)*$/, rule.id);
      assert.equal(rule.source, 'hutch', rule.id);
      assert.equal(rule.defaultSeverity, 'error', rule.id);
      assert.equal(rule.docsUrl, `${DOCS_BASE}#${rule.id}`, rule.id);
      assert.ok(rule.description.length > 0, rule.id);
    }
  });
});
