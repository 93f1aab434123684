/**
 * DEVCONTAINER_RULES and docs/devcontainer-checks.md agree: every rule has a section with an
 * example, and each example, checked, fires its rule (so the docs stay true).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { DEVCONTAINER_DOCS, DEVCONTAINER_RULES } from '../../../../language-server/src/devcontainer/index';
import { SCHEMA_RULES } from '../../../../language-server/src/devcontainer/rules';
import { check } from './fixtures';

// From out/test/unit/language-server/devcontainer (compiled) or the source folder alike.
const REPO = resolve(__dirname, __dirname.includes(`${join('out', 'test')}`) ? '../../../../..' : '../../../..');
const DOCS = readFileSync(join(REPO, 'docs', 'devcontainer-checks.md'), 'utf8');

/** The first jsonc example after each rule's anchor. */
function examples(): Map<string, string> {
  const found = new Map<string, string>();
  const sections = DOCS.split(/^#### /m).slice(1);
  for (const section of sections) {
    const id = /<a id="([^"]+)"><\/a>/.exec(section)?.[1];
    const example = /```jsonc\n([\s\S]*?)```/.exec(section)?.[1];
    if (id && example) found.set(id, example);
  }
  return found;
}

describe('DEVCONTAINER_RULES', () => {
  test('ids are unique, in the devcontainer family, and point to their section of the docs', () => {
    const ids = DEVCONTAINER_RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const rule of DEVCONTAINER_RULES) {
      assert.match(rule.id, /^devcontainer\/[a-z]+(-[a-z]+)*$/);
      assert.equal(rule.source, 'devcontainer');
      assert.equal(rule.docsUrl, `${DEVCONTAINER_DOCS}#${rule.id}`);
      assert.ok(DOCS.includes(`<a id="${rule.id}"></a>`), `${rule.id} has a section`);
    }
  });

  test('the ids the issue names exist', () => {
    for (const id of ['unknown-property', 'dockerfile-not-found', 'unknown-build-target', 'duplicate-port', 'unknown-variable', 'conflicting-keys', 'invalid-hutch-vm']) {
      assert.ok(DEVCONTAINER_RULES.some((r) => r.id === `devcontainer/${id}`), id);
    }
  });

  test('the docs list exactly the schema rules as left to VS Code', () => {
    const section = DOCS.slice(DOCS.indexOf('**Decision.**'), DOCS.indexOf('Everything else is still reported'));
    const listed = [...section.matchAll(/`([a-z-]+)`/g)].map((m) => `devcontainer/${m[1]}`).filter((id) => DEVCONTAINER_RULES.some((r) => r.id === id));
    assert.deepEqual(listed.sort(), SCHEMA_RULES.map((r) => r.id).sort());
  });

  test('every documented example fires its rule', () => {
    const found = examples();
    for (const rule of DEVCONTAINER_RULES) {
      const example = found.get(rule.id);
      assert.ok(example, `${rule.id} has an example`);
      const ids = check(example).map((f) => f.ruleId);
      assert.ok(ids.includes(rule.id), `${rule.id}: its example gives ${JSON.stringify(ids)}`);
    }
  });
});
