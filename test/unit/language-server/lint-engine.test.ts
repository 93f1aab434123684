/**
 * The lint engine (language-server/src/lint.ts) with a small fake rule list, so each behaviour
 * is pinned down apart from the real rules: opt-in rules, hadolint's ignore / global ignore /
 * stage ignore comments, BuildKit's `# check=` directive, .hadolint.yaml (ignored, override,
 * trustedRegistries, failure-threshold, disable-ignore-pragma) and where it is found, a rule
 * that throws, and walking a folder.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { HutchError } from '../../../helper/src/errors';
import type { DockerfileRule } from '../../../language-server/src/dockerfile/rules/types';
import type { Finding, RuleSource, Severity } from '../../../language-server/src/findings';
import { lintConfigFrom, lintDevcontainer, lintDockerfile, lintPath, loadLintConfig, parseLintConfig, withLintSettings } from '../../../language-server/src/lint';
import { LintConfigCache } from '../../../language-server/src/lint-config';
import { parseIgnorePragma } from '../../../language-server/src/dockerfile/suppressions';

function rule(id: string, source: RuleSource, severity: Severity, check: DockerfileRule['check'], optIn = false): DockerfileRule {
  return { id, source, defaultSeverity: severity, description: `fake ${id}`, docsUrl: `https://example.invalid/${id}`, ...(optIn ? { optIn } : {}), check };
}

function finding(r: DockerfileRule, line: number, character: number, message: string): Finding {
  return {
    ruleId: r.id,
    source: r.source,
    severity: r.defaultSeverity,
    message,
    range: { start: { line, character }, end: { line, character: character + 1 } },
    docsUrl: r.docsUrl,
  };
}

/** Every FROM whose image has no tag (as hadolint's DL3006), at the image. */
const untagged: DockerfileRule = rule('DL3006', 'hadolint', 'warning', ({ dockerfile }) =>
  dockerfile.stages.flatMap((s) => {
    const image = s.from.args[0];
    return image && !image.value.includes(':') && image.value !== 'scratch' ? [finding(untagged, image.range.start.line, image.range.start.character, 'tag the image')] : [];
  }),
);

/** Every line of a RUN that mentions apt-get install (so findings land on continuation lines). */
const aptInstall: DockerfileRule = rule('DL3008', 'hadolint', 'warning', ({ dockerfile }) =>
  dockerfile.instructions
    .filter((i) => i.name === 'RUN')
    .flatMap((i) => {
      const found: Finding[] = [];
      for (let line = i.startLine; line <= i.endLine; line++) {
        const at = (dockerfile.lines[line] ?? '').indexOf('apt-get install');
        if (at >= 0) found.push(finding(aptInstall, line, at, 'pin versions'));
      }
      return found;
    }),
);

/** Instructions not written in upper case (a BuildKit-family rule). */
const casing: DockerfileRule = rule('ConsistentInstructionCasing', 'buildkit', 'warning', ({ dockerfile }) =>
  dockerfile.instructions.filter((i) => i.keyword !== i.name).map((i) => finding(casing, i.startLine, i.keywordRange.start.character, 'upper case')),
);

/** An opt-in rule: one finding per ARG. */
const experimental: DockerfileRule = rule(
  'InvalidDefinitionDescription',
  'buildkit',
  'warning',
  ({ dockerfile }) => dockerfile.instructions.filter((i) => i.name === 'ARG').map((i) => finding(experimental, i.startLine, 0, 'describe it')),
  true,
);

/** Reports once when the build context has a .dockerignore. */
const ignoreFile: DockerfileRule = rule('CopyIgnoredFile', 'buildkit', 'warning', ({ dockerignore }) =>
  dockerignore === null ? [] : [finding(ignoreFile, 0, 0, `dockerignore: ${dockerignore.trim()}`)],
);

const RULES = [untagged, aptInstall, casing, experimental];

function ids(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}`);
}

function lint(text: string, extra: Parameters<typeof lintDockerfile>[1] = {}): Finding[] {
  return lintDockerfile(text, { rules: RULES, ...extra });
}

describe('lintDockerfile: rules', () => {
  test('runs every rule that is not opt-in and sorts findings by position', () => {
    const findings = lint('FROM alpine\nARG X\nrun apt-get install curl\n');
    assert.deepEqual(ids(findings), ['DL3006@1', 'ConsistentInstructionCasing@3', 'DL3008@3']);
  });

  test('an opt-in rule runs when the config enables it', () => {
    const findings = lint('FROM alpine:3\nARG X\n', { config: lintConfigFrom({ enabled: ['InvalidDefinitionDescription'] }) });
    assert.deepEqual(ids(findings), ['InvalidDefinitionDescription@2']);
  });

  test('an opt-in rule runs when `# check=experimental=` names it (or says all)', () => {
    assert.deepEqual(ids(lint('# check=experimental=InvalidDefinitionDescription\nFROM alpine:3\nARG X\n')), ['InvalidDefinitionDescription@3']);
    assert.deepEqual(ids(lint('# check=experimental=all\nFROM alpine:3\nARG X\n')), ['InvalidDefinitionDescription@3']);
  });

  test('a rule that throws becomes a rule-failed finding and the other rules still report', () => {
    const broken = rule('Broken', 'buildkit', 'warning', () => {
      throw new Error('boom');
    });
    const findings = lintDockerfile('FROM alpine\n', { rules: [broken, untagged], path: 'Dockerfile' });
    assert.deepEqual(ids(findings), ['rule-failed@1', 'DL3006@1']);
    assert.match(findings[0]?.message ?? '', /rule Broken failed on Dockerfile: boom/);
  });

  test('the build context .dockerignore and build args reach the rules', () => {
    const seen: Array<Record<string, string>> = [];
    const spy = rule('Spy', 'hutch', 'info', ({ buildArgs }) => {
      seen.push({ ...buildArgs });
      return [];
    });
    const findings = lintDockerfile('FROM alpine:3\n', { rules: [ignoreFile, spy], dockerignore: 'secret.txt\n', buildArgs: { A: '1' } });
    assert.deepEqual(ids(findings), ['CopyIgnoredFile@1']);
    assert.deepEqual(seen, [{ A: '1' }]);
  });
});

describe('lintDockerfile: # hadolint ignore=', () => {
  test('on the line before an instruction it suppresses the rule for that instruction only', () => {
    const text = 'FROM alpine\n# hadolint ignore=DL3006\nFROM debian\n';
    assert.deepEqual(ids(lint(text)), ['DL3006@1']);
  });

  test('names several rules, with spaces after the commas and a trailing # reason', () => {
    const text = 'FROM alpine:3\n# hadolint ignore=DL3008, ConsistentInstructionCasing # we pin elsewhere\nrun apt-get install curl\n';
    assert.deepEqual(ids(lint(text)), []);
  });

  test('covers findings on the continuation lines of the instruction', () => {
    const text = 'FROM alpine:3\n# hadolint ignore=DL3008\nRUN apt-get update && \\\n    apt-get install curl\nRUN apt-get install git\n';
    assert.deepEqual(ids(lint(text)), ['DL3008@5']);
  });

  test('applies to any rule id (BuildKit names, Hutch ids), compared without case', () => {
    const text = 'FROM alpine:3\n# hadolint ignore=consistentinstructioncasing\nrun echo hi\nrun echo again\n';
    assert.deepEqual(ids(lint(text)), ['ConsistentInstructionCasing@4']);
  });

  test('may sit anywhere in the comment block directly above, but not across a blank line', () => {
    assert.deepEqual(ids(lint('# hadolint ignore=DL3006\n# check=skip=Nothing\nFROM alpine\n')), []);
    assert.deepEqual(ids(lint('# hadolint ignore=DL3006\n\nFROM alpine\n')), ['DL3006@3']);
  });

  test('is not honoured with disable-ignore-pragma', () => {
    const text = 'FROM alpine:3\n# hadolint ignore=DL3008\nRUN apt-get install curl\n';
    assert.deepEqual(ids(lint(text, { config: lintConfigFrom({ disableIgnorePragma: true }) })), ['DL3008@3']);
  });

  test('pragma parsing: scopes, and comments that are not pragmas', () => {
    assert.deepEqual([...(parseIgnorePragma('hadolint ignore=DL3008,SC2086', 0)?.ruleIds ?? [])], ['dl3008', 'sc2086']);
    assert.equal(parseIgnorePragma('hadolint global ignore = DL3023 , DL3021', 0)?.scope, 'global');
    assert.equal(parseIgnorePragma('hadolint stage ignore=DL3023', 0)?.scope, 'stage');
    assert.equal(parseIgnorePragma('hadolint shell=powershell', 0), null);
    assert.equal(parseIgnorePragma('ignore=DL3008', 0), null);
    assert.equal(parseIgnorePragma('hadolint ignore=', 0), null);
  });
});

describe('lintDockerfile: # hadolint global ignore= and stage ignore=', () => {
  test('global ignore suppresses the rule in the whole file, wherever the comment is', () => {
    const text = 'FROM alpine\nFROM debian\n# hadolint global ignore=DL3006\nFROM ubuntu\n';
    assert.deepEqual(ids(lint(text)), []);
  });

  test('stage ignore suppresses the rule from the comment to the next FROM', () => {
    const text = [
      'FROM alpine:3',
      'RUN apt-get install a',
      '# hadolint stage ignore=DL3008',
      'RUN apt-get install b',
      'RUN apt-get install c',
      'FROM debian:12',
      'RUN apt-get install d',
    ].join('\n');
    assert.deepEqual(ids(lint(text)), ['DL3008@2', 'DL3008@7']);
  });

  test('stage ignore above a FROM covers that FROM and its stage', () => {
    const text = '# hadolint stage ignore=DL3006\nFROM alpine\nFROM debian\n';
    assert.deepEqual(ids(lint(text)), ['DL3006@3']);
  });
});

describe('lintDockerfile: BuildKit # check= directive', () => {
  test('check=skip drops the named checks', () => {
    const text = '# check=skip=ConsistentInstructionCasing\nFROM alpine:3\nrun echo\n';
    assert.deepEqual(ids(lint(text)), []);
  });

  test('check=error=true makes BuildKit checks errors and leaves other families alone', () => {
    const text = '# check=error=true\nFROM alpine\nrun echo\n';
    const findings = lint(text);
    assert.equal(findings.find((f) => f.ruleId === 'ConsistentInstructionCasing')?.severity, 'error');
    assert.equal(findings.find((f) => f.ruleId === 'DL3006')?.severity, 'warning');
  });
});

describe('lintDockerfile: config', () => {
  test('ignored drops the rules (ids compared without case)', () => {
    const findings = lint('FROM alpine\nrun apt-get install x\n', { config: lintConfigFrom({ ignored: ['dl3006', 'ConsistentInstructionCasing'] }) });
    assert.deepEqual(ids(findings), ['DL3008@2']);
  });

  test('override sets severities; style is hint; the config wins over check=error=true', () => {
    const config = lintConfigFrom({ override: { error: ['DL3008'], info: ['DL3006'], style: ['ConsistentInstructionCasing'] } });
    const findings = lint('# check=error=true\nFROM alpine\nrun apt-get install x\n', { config });
    assert.deepEqual(
      findings.map((f) => `${f.ruleId}:${f.severity}`),
      ['DL3006:info', 'ConsistentInstructionCasing:hint', 'DL3008:error'],
    );
  });

  test('trustedRegistries reports FROM images from other registries (DL3026), not stages or scratch', () => {
    const text = 'FROM docker.io/library/alpine:3 AS base\nFROM ghcr.io/acme/tool:1\nFROM eu.gcr.io/x/y:2\nFROM base\nFROM scratch\nFROM ${IMAGE}\n';
    const findings = lintDockerfile(text, { rules: [], config: lintConfigFrom({ trustedRegistries: ['docker.io', '*.gcr.io'] }) });
    assert.deepEqual(ids(findings), ['DL3026@2']);
    assert.match(findings[0]?.message ?? '', /ghcr\.io/);
    assert.deepEqual(lintDockerfile('FROM alpine:3\n', { rules: [], config: lintConfigFrom({ trustedRegistries: ['docker.io'] }) }), []);
  });

  test('editor / CLI settings merge over the file: ignore, severity, off', () => {
    const config = withLintSettings(lintConfigFrom({ ignored: ['DL3006'] }), { ignore: ['DL3008'], severity: { ConsistentInstructionCasing: 'error', Nothing: 'off' } });
    const findings = lint('FROM alpine\nrun apt-get install x\n', { config });
    assert.deepEqual(findings.map((f) => `${f.ruleId}:${f.severity}`), ['ConsistentInstructionCasing:error']);
    assert.ok(config.ignored.has('nothing'));
    assert.throws(() => withLintSettings(config, { severity: { X: 'loud' } }), /severity "loud" for rule X/);
  });
});

describe('.hadolint.yaml', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'hutch-lint-config-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('every key is read: ignored, override, trustedRegistries, failure-threshold, disable-ignore-pragma', () => {
    const config = parseLintConfig(
      [
        'ignored:',
        '  - DL3008',
        'override:',
        '  error: [DL3006]',
        '  warning: [DL3015]',
        '  info: [DL3009]',
        '  style: [StageNameCasing]',
        'trustedRegistries: "*.gcr.io"',
        'failure-threshold: warning',
        'disable-ignore-pragma: true',
        'format: json',
        'label-schema: {author: text}',
      ].join('\n'),
      '/repo/.hadolint.yaml',
    );
    assert.deepEqual([...config.ignored], ['dl3008']);
    assert.deepEqual([...config.severityOverrides], [['dl3006', 'error'], ['dl3015', 'warning'], ['dl3009', 'info'], ['stagenamecasing', 'hint']]);
    assert.deepEqual(config.trustedRegistries, ['*.gcr.io']);
    assert.equal(config.failureThreshold, 'warning');
    assert.equal(config.disableIgnorePragma, true);
    assert.equal(config.file, '/repo/.hadolint.yaml');
  });

  test('an empty file and no-fail: true', () => {
    assert.equal(parseLintConfig('', 'x.yaml').ignored.size, 0);
    assert.equal(parseLintConfig('no-fail: true\nfailure-threshold: error\n', 'x.yaml').failureThreshold, 'none');
    assert.equal(parseLintConfig('failure-threshold: style\n', 'x.yaml').failureThreshold, 'hint');
  });

  test('invalid YAML is an error naming the file and the line', () => {
    assert.throws(
      () => parseLintConfig('ignored:\n  - DL3008\n override: [\n', '/repo/.hadolint.yaml'),
      (error: unknown) => error instanceof HutchError && error.code === 'invalid-argument' && /^\/repo\/\.hadolint\.yaml:3: invalid YAML/.test(error.message),
    );
  });

  test('a key of the wrong shape is an error naming the file, the line and the key', () => {
    const check = (text: string, pattern: RegExp): void =>
      assert.throws(() => parseLintConfig(text, 'c.yaml'), (error: unknown) => error instanceof HutchError && pattern.test(error.message) && error.hint !== undefined);
    check('failure-threshold: warning\nignored: DL3008\n', /^c\.yaml:2: "ignored" must be a list of rule ids/);
    check('override:\n  fatal: [DL3008]\n', /^c\.yaml:2: "override" has an unknown level "fatal"/);
    check('failure-threshold: loud\n', /^c\.yaml:1: "failure-threshold" "loud"/);
    check('- a\n- b\n', /^c\.yaml:1: the configuration must be a mapping/);
  });

  test('loadLintConfig finds the nearest file in the folder or its parents (.yaml or .yml)', () => {
    const repo = join(root, 'found');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, 'a', 'b'), { recursive: true });
    writeFileSync(join(repo, '.hadolint.yml'), 'ignored: [DL3006]\n');
    writeFileSync(join(repo, 'a', '.hadolint.yaml'), 'ignored: [DL3008]\n');
    assert.deepEqual([...loadLintConfig(join(repo, 'a', 'b')).ignored], ['dl3008']);
    assert.equal(loadLintConfig(join(repo, 'a', 'b')).file, join(repo, 'a', '.hadolint.yaml'));
    assert.deepEqual([...loadLintConfig(repo).ignored], ['dl3006']);
  });

  test('loadLintConfig stops at the repository root (the folder holding .git)', () => {
    const outer = join(root, 'outer');
    mkdirSync(join(outer, 'repo', '.git'), { recursive: true });
    writeFileSync(join(outer, '.hadolint.yaml'), 'ignored: [DL3006]\n');
    assert.equal(loadLintConfig(join(outer, 'repo')).file, null);
  });

  test('the language server cache re-reads a changed file and treats a broken one as absent, reporting it', async () => {
    const repo = join(root, 'cached');
    mkdirSync(join(repo, '.git'), { recursive: true });
    const file = join(repo, '.hadolint.yaml');
    writeFileSync(file, 'ignored: [DL3006]\n');
    const errors: string[] = [];
    const cache = new LintConfigCache((error) => errors.push(error.message));
    assert.deepEqual([...(await cache.forDirectory(repo)).ignored], ['dl3006']);
    writeFileSync(file, 'ignored: [DL3006, DL3008]\n');
    assert.deepEqual([...(await cache.forDirectory(repo)).ignored], ['dl3006', 'dl3008']);
    writeFileSync(file, 'ignored: [DL3006\n');
    assert.equal((await cache.forDirectory(repo)).file, null);
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /\.hadolint\.yaml:\d+: invalid YAML/);
  });

  test('loadLintConfig reports a broken file with its path and line', () => {
    const repo = join(root, 'broken');
    mkdirSync(join(repo, '.git'), { recursive: true });
    writeFileSync(join(repo, '.hadolint.yaml'), 'ignored: [DL3006\n');
    assert.throws(() => loadLintConfig(repo), (error: unknown) => error instanceof HutchError && error.message.startsWith(`${join(repo, '.hadolint.yaml')}:`));
  });
});

describe('lintDevcontainer', () => {
  test('delegates to the devcontainer checks and applies the config', () => {
    const text = '{\n  "build": { "dockerfile": "missing.Dockerfile" },\n  "forwardPorts": [99999]\n}\n';
    const options = { path: '/nowhere/.devcontainer/devcontainer.json', readFile: () => null, exists: () => false };
    const all = lintDevcontainer(text, options).map((f) => f.ruleId);
    assert.ok(all.includes('devcontainer/dockerfile-not-found'), all.join());
    const configured = lintDevcontainer(text, { ...options, config: lintConfigFrom({ ignored: ['devcontainer/dockerfile-not-found'], override: { info: ['devcontainer/invalid-value'] } }) });
    assert.ok(!configured.some((f) => f.ruleId === 'devcontainer/dockerfile-not-found'));
    assert.ok(configured.filter((f) => f.ruleId === 'devcontainer/invalid-value').every((f) => f.severity === 'info'));
  });
});

describe('lintPath', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'hutch-lint-path-'));
    mkdirSync(join(root, '.git'));
    mkdirSync(join(root, 'app'));
    mkdirSync(join(root, 'node_modules', 'dep'), { recursive: true });
    mkdirSync(join(root, '.git', 'sub'), { recursive: true });
    writeFileSync(join(root, 'Dockerfile'), 'FROM alpine\n');
    writeFileSync(join(root, 'app', 'web.Dockerfile'), 'FROM alpine:3\n');
    writeFileSync(join(root, 'app', '.dockerignore'), 'secret.txt\n');
    writeFileSync(join(root, 'app', 'Dockerfile.dev'), 'FROM alpine:3\n');
    writeFileSync(join(root, 'app', 'Dockerfile.dev.dockerignore'), 'dev-only\n');
    writeFileSync(join(root, 'app', 'Containerfile'), 'FROM alpine:3\n');
    writeFileSync(join(root, 'app', 'README.md'), '# not a Dockerfile\n');
    writeFileSync(join(root, 'node_modules', 'dep', 'Dockerfile'), 'FROM alpine\n');
    writeFileSync(join(root, '.git', 'sub', 'Dockerfile'), 'FROM alpine\n');
    writeFileSync(join(root, '.hadolint.yaml'), 'override:\n  error: [DL3006]\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('walks a folder for Dockerfiles, skipping node_modules and .git, with each context .dockerignore and the nearest config', async () => {
    const results = await lintPath(root, { rules: [untagged, ignoreFile] });
    const relative = results.map((r) => r.file.slice(root.length + 1));
    assert.deepEqual(relative, ['Dockerfile', join('app', 'Containerfile'), join('app', 'Dockerfile.dev'), join('app', 'web.Dockerfile')]);
    const byName = new Map(results.map((r) => [r.file.slice(root.length + 1), r.findings.map((f) => `${f.ruleId}:${f.severity}:${f.message}`)]));
    assert.deepEqual(byName.get('Dockerfile'), ['DL3006:error:tag the image']);
    assert.deepEqual(byName.get(join('app', 'web.Dockerfile')), ['CopyIgnoredFile:warning:dockerignore: secret.txt']);
    // BuildKit prefers <Dockerfile>.dockerignore beside the Dockerfile.
    assert.deepEqual(byName.get(join('app', 'Dockerfile.dev')), ['CopyIgnoredFile:warning:dockerignore: dev-only']);
  });

  test('lints a single file whatever its name, and a missing path is a not-found error', async () => {
    writeFileSync(join(root, 'app', 'build.docker'), 'FROM alpine\n');
    const [result] = await lintPath(join(root, 'app', 'build.docker'), { rules: [untagged], settings: { ignore: [] } });
    assert.equal(result?.kind, 'dockerfile');
    assert.deepEqual(result?.findings.map((f) => f.ruleId), ['DL3006']);
    await assert.rejects(lintPath(join(root, 'nope')), (error: unknown) => error instanceof HutchError && error.code === 'not-found');
  });

  test('settings merge over the file config', async () => {
    const [result] = await lintPath(join(root, 'Dockerfile'), { rules: [untagged], settings: { severity: { DL3006: 'info' } } });
    assert.deepEqual(result?.findings.map((f) => f.severity), ['info']);
  });
});
