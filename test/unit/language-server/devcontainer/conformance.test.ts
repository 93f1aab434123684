/**
 * Hutch's schema and the spec's base schema (devContainer.base.schema.json, draft 2019-09, a
 * reference copy in shared/reference/devcontainer-schema) agree on accept / reject for
 * the top-level keys of every corpus config, and of variants of each made to exercise the
 * top level: an unknown key, a wrong type, keys that only apply to one kind of config, two
 * container sources, a bad value in a nested object.
 *
 * "Hutch accepts" means checkDevcontainer reports nothing from its schema rules that rejects
 * (unknown-property, invalid-type, invalid-value, missing-property) and no conflicting-keys
 * (the spec's schema expresses "one source" with oneOf; Hutch with that check). Trailing commas,
 * duplicate keys and deprecations are not rejections (and the variants are re-serialized JSON).
 *
 * Documented differences (docs/devcontainer-checks.md#conformance), asserted as such:
 * 1. deprecated top-level `extensions`, `settings`, `devPort`: the base schema rejects them
 *    (unevaluatedProperties: false); VS Code's composite schema, which editors use, accepts them
 *    as deprecated, and so does Hutch (with devcontainer/deprecated-property).
 * 2. a config with no image, Dockerfile or compose file: under 2019-09 the base schema's
 *    "no orchestrator" branch (`$ref` devContainerCommon with a sibling additionalProperties:
 *    false) rejects every property, so only `{}` passes. Hutch's schema accepts such a config:
 *    a Hutch VM needs no image, and without one devcontainer/missing-image-source says what is
 *    missing.
 * 3. customizations.hutch: the spec leaves each tool's customizations open; Hutch validates
 *    its own.
 * 4. an unknown attribute of a portsAttributes entry ("onAutoFoward"): the base schema puts no
 *    additionalProperties on those entries (it does on otherPortsAttributes); Hutch reports it
 *    as the typo it almost always is.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';

import { checkDevcontainer } from '../../../../language-server/src/devcontainer/index';
import { validatesAgainst } from './upstream-schema';
import { sharedPath } from '../../../support/shared-data';

const CORPUS = process.env.HUTCH_DEVCONTAINER_CORPUS ?? sharedPath('corpus', 'devcontainer');
const UPSTREAM = process.env.HUTCH_DEVCONTAINER_SCHEMA ?? sharedPath('reference', 'devcontainer-schema', 'devContainer.base.schema.json');

type Config = Record<string, unknown>;

const REJECTING_RULES = new Set([
  'devcontainer/unknown-property',
  'devcontainer/invalid-type',
  'devcontainer/invalid-value',
  'devcontainer/missing-property',
  'devcontainer/conflicting-keys',
  'devcontainer/invalid-hutch-customization',
  'devcontainer/invalid-hutch-vm',
]);

function hutchAccepts(config: Config): boolean {
  const findings = checkDevcontainer(JSON.stringify(config, null, 2), { path: '/conformance/.devcontainer/devcontainer.json', readFile: () => null, exists: () => true });
  return !findings.some((f) => REJECTING_RULES.has(f.ruleId));
}

const SOURCE_KEYS = ['image', 'build', 'dockerFile', 'context', 'dockerComposeFile', 'service', 'runServices'];
const NON_COMPOSE_KEYS = ['appPort', 'runArgs', 'workspaceMount', 'shutdownAction', 'overrideCommand', 'workspaceFolder'];
const DEPRECATED_KEYS = ['extensions', 'settings', 'devPort'];

/** Nested values either side must judge alike (the spec's schema checks these below the top level). */
const NESTED_VARIANTS: ReadonlyArray<[string, Config]> = [
  ['forwardPorts "host:port" with an upper-case host', { forwardPorts: ['DB:5432'] }],
  ['portsAttributes, valid', { portsAttributes: { '3000': { label: 'App', onAutoForward: 'openBrowserOnce', requireLocalPort: true }, '.+\\/server.js': { protocol: 'https' } } }],
  ['portsAttributes, bad onAutoForward', { portsAttributes: { '3000': { onAutoForward: 'never' } } }],
  ['a mount object with an extra key', { mounts: [{ type: 'bind', source: '/a', target: '/b', readonly: true }] }],
  ['a mount object of an unknown type', { mounts: [{ type: 'tmpfs', target: '/b' }] }],
  ['secrets, valid', { secrets: { TOKEN: { description: 'x', documentationUrl: 'https://example.com' } } }],
  ['secrets, a name that is no variable name', { secrets: { 'BAD-NAME': {} } }],
  ['a parallel command with a non-string argument', { postStartCommand: { a: ['x', 1] } }],
  ['parallel commands, valid', { postStartCommand: { a: 'x', b: ['y', 'z'] }, initializeCommand: ['echo', 'hi'] }],
  ['remoteEnv null removes a variable', { remoteEnv: { A: null, B: 'b' } }],
  ['hostRequirements.gpu as an object', { hostRequirements: { gpu: { cores: 2, memory: '8gb' } } }],
  ['hostRequirements.gpu "yes"', { hostRequirements: { gpu: 'yes' } }],
  ['build.args with a number', { build: { dockerfile: 'Dockerfile', args: { A: 1 } } }],
  ['userEnvProbe, bad value', { userEnvProbe: 'bash' }],
  ['capAdd not an array', { capAdd: 'SYS_PTRACE' }],
];

interface Variant {
  name: string;
  config: Config;
  /** Set for the documented differences: what each side says. */
  expected?: { upstream: boolean; hutch: boolean; why: string };
}

function variantsOf(original: Config): Variant[] {
  const compose = 'dockerComposeFile' in original;
  const deprecated = DEPRECATED_KEYS.some((k) => k in original);
  const variants: Variant[] = [
    { name: 'as is', config: original },
    { name: 'an unknown key', config: { ...original, notAProperty: true } },
    { name: 'name of the wrong type', config: { ...original, name: 42 } },
    { name: 'appPort (not for compose)', config: { ...original, appPort: [3000, '8000:8010'] } },
    { name: 'runArgs (not for compose)', config: { ...original, runArgs: ['--init'] } },
    { name: 'shutdownAction stopCompose (compose only)', config: { ...original, shutdownAction: 'stopCompose' } },
    { name: 'shutdownAction stopContainer (not for compose)', config: { ...original, shutdownAction: 'stopContainer' } },
    { name: 'valid common keys', config: { ...original, forwardPorts: [3000, 'db:5432'], hostRequirements: { cpus: 2, memory: '4gb' }, waitFor: 'postCreateCommand' } },
    { name: 'a bad hostRequirements value', config: { ...original, hostRequirements: { memory: '4GB' } } },
    { name: 'an unknown key in hostRequirements', config: { ...original, hostRequirements: { cpu: 2 } } },
    { name: 'a valid hutch VM', config: { ...original, customizations: { hutch: { vm: { box: 'debian-12', cpus: 2 } } } } },
    ...NESTED_VARIANTS.map(([name, extra]) => ({ name, config: { ...original, ...extra } })),
    {
      name: 'portsAttributes, a misspelt attribute',
      config: { ...original, portsAttributes: { '3000': { onAutoFoward: 'silent' } } },
      expected: { upstream: !deprecated, hutch: false, why: 'difference 4: unknown port attributes' },
    },
    compose
      ? { name: 'a second source (image)', config: { ...original, image: 'debian' } }
      : 'image' in original
        ? { name: 'a second source (build.dockerfile)', config: { ...original, build: { dockerfile: 'Dockerfile' } } }
        : { name: 'a second source (dockerComposeFile)', config: { ...original, dockerComposeFile: 'c.yml', service: 'a', workspaceFolder: '/w' } },
  ];
  if (compose) variants.push({ name: 'compose without service', config: withoutKeys(original, ['service']) });
  variants.push({
    name: 'deprecated top-level extensions',
    config: { ...original, extensions: ['a.b'] },
    expected: { upstream: false, hutch: true, why: 'difference 1: deprecated top-level VS Code keys' },
  });
  variants.push({
    name: 'no image, Dockerfile or compose file',
    config: withoutKeys(original, [...SOURCE_KEYS, ...NON_COMPOSE_KEYS, ...DEPRECATED_KEYS]),
    expected: { upstream: Object.keys(withoutKeys(original, [...SOURCE_KEYS, ...NON_COMPOSE_KEYS, ...DEPRECATED_KEYS])).length === 0, hutch: true, why: 'difference 2: no orchestrator' },
  });
  variants.push({
    name: 'an invalid hutch VM',
    config: { ...original, customizations: { hutch: { vm: { cpus: 'many' } } } },
    expected: { upstream: !deprecated, hutch: false, why: 'difference 3: customizations.hutch' },
  });
  if (deprecated) {
    // Difference 1 applies to every variant of a config that has deprecated keys.
    for (const variant of variants) {
      if (!variant.expected) variant.expected = { upstream: false, hutch: hutchAccepts(variant.config), why: 'difference 1: the config itself has deprecated top-level keys' };
    }
  }
  return variants;
}

function withoutKeys(config: Config, keys: readonly string[]): Config {
  return Object.fromEntries(Object.entries(config).filter(([k]) => !keys.includes(k)));
}

const available = existsSync(UPSTREAM) && existsSync(join(CORPUS, 'MANIFEST.json'));

describe('conformance with the spec\'s base schema', { skip: available ? false : 'no reference schema or corpus' }, () => {
  const upstream = available ? (JSON.parse(readFileSync(UPSTREAM, 'utf8')) as Record<string, unknown>) : {};
  const manifest = available ? (JSON.parse(readFileSync(join(CORPUS, 'MANIFEST.json'), 'utf8')) as Array<{ folder: string; config: string }>) : [];

  test('the evaluator reads the base schema as draft 2019-09 does (sanity cases)', () => {
    assert.equal(upstream.$schema, 'https://json-schema.org/draft/2019-09/schema');
    assert.equal(validatesAgainst(upstream as never, { image: 'x' }), true);
    assert.equal(validatesAgainst(upstream as never, { image: 'x', bogus: 1 }), false);
    assert.equal(validatesAgainst(upstream as never, { dockerComposeFile: 'c.yml', service: 'a', workspaceFolder: '/w', appPort: 1 }), false);
    assert.equal(validatesAgainst(upstream as never, { build: { dockerfile: 'D', target: 't' } }), true);
    assert.equal(validatesAgainst(upstream as never, { build: { dockerfile: 'D', bogus: 1 } }), false);
    assert.equal(validatesAgainst(upstream as never, {}), true);
    assert.equal(validatesAgainst(upstream as never, { name: 'x' }), false);
  });

  test('Hutch and the spec agree on every corpus config and its variants, except the documented differences', () => {
    const disagreements: string[] = [];
    let compared = 0;
    let differences = 0;
    for (const entry of manifest) {
      const config = parse(readFileSync(join(CORPUS, entry.folder, entry.config), 'utf8'), [], { allowTrailingComma: true }) as Config;
      for (const variant of variantsOf(config)) {
        const upstreamSays = validatesAgainst(upstream as never, variant.config as never);
        const hutchSays = hutchAccepts(variant.config);
        compared++;
        if (variant.expected) {
          differences++;
          if (upstreamSays !== variant.expected.upstream || hutchSays !== variant.expected.hutch) {
            disagreements.push(`${entry.folder} / ${variant.name}: spec ${upstreamSays}, Hutch ${hutchSays}; expected ${JSON.stringify(variant.expected)}`);
          }
        } else if (upstreamSays !== hutchSays) {
          disagreements.push(`${entry.folder} / ${variant.name}: spec ${upstreamSays ? 'accepts' : 'rejects'}, Hutch ${hutchSays ? 'accepts' : 'rejects'}`);
        }
      }
    }
    assert.deepEqual(disagreements, []);
    assert.ok(compared > 1500, `compared ${compared}`);
    assert.ok(differences < compared / 3);
  });

  test('the corpus configs themselves: the spec accepts all but the 2 with deprecated top-level keys, Hutch all', () => {
    const rejected = manifest.filter((entry) => {
      const config = parse(readFileSync(join(CORPUS, entry.folder, entry.config), 'utf8'), [], { allowTrailingComma: true }) as Config;
      assert.ok(hutchAccepts(config), entry.folder);
      return !validatesAgainst(upstream as never, config as never);
    });
    assert.deepEqual(rejected.map((e) => e.folder.replace(/^.*__/, '')), ['compose-Dockerfile-alpine', 'compose-image-without-features']);
  });
});
