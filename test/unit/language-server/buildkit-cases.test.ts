/**
 * Every case of BuildKit's own build-check tests (frontend/dockerfile/dockerfile_check_test.go,
 * extracted to cases.json with its .dockerignore, build args and `# check=` directives) run
 * through parseDockerfile and all rules, compared with what BuildKit's lint request reports
 * (`expectedCheck`, else `expected`) on rule, line and message; descriptions and URLs too.
 *
 * The cases live in the shared corpus (Apache-2.0, see its README); HUTCH_BUILDKIT_CASES may
 * point at another copy. Under CI=true a missing corpus fails the run.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import type { Finding } from '../../../language-server/src/findings';
import { parseDockerfile } from '../../../language-server/src/dockerfile/parser';
import { applyCheckDirective, checkOptionsFor, DOCKERFILE_RULES, experimentalEnabled } from '../../../language-server/src/dockerfile/rules/index';
import { sharedPath } from '../../support/shared-data';

interface ExpectedWarning {
  rule: string;
  line: number;
  detail: string;
  description: string;
  url: string;
}

interface BuildkitCase {
  name: string;
  dockerfile: string;
  dockerignore?: string;
  buildArgs?: Record<string, string>;
  expected: ExpectedWarning[];
  expectedCheck?: ExpectedWarning[];
  expectBuildFail: boolean;
  expectCheckFail: boolean;
  buildError?: string;
}

/** Cases Hutch does not match, with the reason. The test fails if this list is not exact. */
const KNOWN_MISMATCHES: Readonly<Record<string, string>> = {};

const CANDIDATES = [
  process.env.HUTCH_BUILDKIT_CASES,
  resolve(__dirname, '../../../../test/fixtures/buildkit-checks/cases.json'),
  sharedPath('corpus', 'buildkit-checks', 'cases.json'),
].filter((p): p is string => typeof p === 'string' && p !== '');

const casesPath = CANDIDATES.find((p) => existsSync(p));

function lint(c: BuildkitCase): Finding[] {
  const dockerfile = parseDockerfile(c.dockerfile);
  const buildArgs = c.buildArgs ?? {};
  const options = checkOptionsFor(dockerfile, buildArgs);
  const context = { dockerfile, dockerignore: c.dockerignore ?? null, buildArgs };
  const findings = DOCKERFILE_RULES.filter((rule) => !rule.optIn || experimentalEnabled(options, rule.id)).flatMap((rule) => rule.check(context));
  return applyCheckDirective(findings, dockerfile, buildArgs);
}

const key = (rule: string, line: number, detail: string): string => `${rule}: ${detail} (line ${line})`;

/** Why a case does not match, or null when it does. */
function mismatch(c: BuildkitCase, findings: readonly Finding[]): string | null {
  const got = findings.filter((f) => f.source === 'buildkit').map((f) => key(f.ruleId, f.range.start.line + 1, f.message)).sort();
  const want = (c.expectedCheck ?? c.expected).map((w) => key(w.rule, w.line, w.detail)).sort();
  const missing = want.filter((w) => !got.includes(w));
  const extra = got.filter((g) => !want.includes(g));
  if (missing.length === 0 && extra.length === 0 && got.length === want.length) return null;
  return [...missing.map((m) => `missing ${m}`), ...extra.map((e) => `unexpected ${e}`)].join('; ') || 'different counts';
}

describe('BuildKit check cases', { skip: casesPath === undefined && process.env.CI !== 'true' ? 'cases.json not found (set HUTCH_BUILDKIT_CASES)' : false }, () => {
  const corpus = casesPath === undefined ? { cases: [] as BuildkitCase[] } : (JSON.parse(readFileSync(casesPath, 'utf8')) as { cases: BuildkitCase[] });

  test('the corpus is there', () => {
    assert.ok(casesPath, `cases.json not found in ${CANDIDATES.join(', ')}`);
    assert.ok(corpus.cases.length > 0);
  });

  test('every case matches BuildKit on rule, line and message, but the known mismatches', (t) => {
    const mismatches: Record<string, string> = {};
    for (const c of corpus.cases) {
      const reason = mismatch(c, lint(c));
      if (reason !== null) mismatches[c.name] = reason;
    }
    const matched = corpus.cases.length - Object.keys(mismatches).length;
    t.diagnostic(`BuildKit cases matched exactly: ${matched}/${corpus.cases.length}`);
    for (const [name, reason] of Object.entries(mismatches)) t.diagnostic(`mismatch ${name}: ${reason} (known: ${KNOWN_MISMATCHES[name] ?? 'no'})`);
    assert.deepEqual(Object.keys(mismatches).sort(), Object.keys(KNOWN_MISMATCHES).sort());
  });

  test("descriptions and URLs are BuildKit's", () => {
    const rules = new Map(DOCKERFILE_RULES.map((r) => [r.id, r]));
    for (const c of corpus.cases) {
      for (const w of [...c.expected, ...(c.expectedCheck ?? [])]) {
        assert.equal(rules.get(w.rule)?.description, w.description, w.rule);
        assert.equal(rules.get(w.rule)?.docsUrl, w.url, w.rule);
      }
    }
  });

  test('check=error=true (file or build arg) makes the reported checks errors', () => {
    for (const c of corpus.cases) {
      const dockerfile = parseDockerfile(c.dockerfile);
      if (!checkOptionsFor(dockerfile, c.buildArgs ?? {}).error) continue;
      for (const f of lint(c).filter((f) => f.source === 'buildkit')) assert.equal(f.severity, 'error', `${c.name}: ${f.ruleId}`);
    }
  });

  test('a lint request BuildKit fails gets an error finding, with its message where Hutch has the check', () => {
    for (const c of corpus.cases.filter((c) => c.expectCheckFail)) {
      const errors = lint(c).filter((f) => f.severity === 'error');
      assert.ok(errors.length > 0, c.name);
      const own = errors.filter((f) => f.source === 'hutch');
      if (own.length > 0) assert.ok(own.some((f) => f.message === c.buildError), `${c.name}: ${own.map((f) => f.message).join(' | ')}`);
    }
  });

  test('no Hutch error on a Dockerfile BuildKit builds', () => {
    for (const c of corpus.cases.filter((c) => !c.expectBuildFail && !c.expectCheckFail)) {
      assert.deepEqual(
        lint(c).filter((f) => f.source === 'hutch').map((f) => `${f.ruleId}: ${f.message}`),
        [],
        c.name,
      );
    }
  });
});
