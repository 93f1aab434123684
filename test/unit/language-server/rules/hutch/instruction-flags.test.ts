import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DUPLICATE_FLAG, FLAG_MISSING_VALUE, FLAG_NOT_BOOLEAN, UNKNOWN_FLAG } from '../../../../../language-server/src/dockerfile/rules/hutch/instruction-flags';
import { findings } from '../rule-harness';

describe('unknown-flag', () => {
  test('reports a flag the instruction does not take, on its name, with a suggestion', () => {
    assert.deepEqual(findings(UNKNOWN_FLAG, 'FROM scratch AS b\nFROM scratch\nCOPY --form=b x y\n'), ['2:7-2:11 unknown flag: form (did you mean from?)']);
  });

  test('knows each instruction\'s flags', () => {
    const text = [
      'FROM --platform=linux/amd64 scratch',
      'COPY --from=x --chown=1 --chmod=755 --link --parents --exclude=*.md --exclude=*.txt a b',
      'ADD --chown=1 --chmod=7 --checksum=sha256:0 --keep-git-dir --link --unpack=true --exclude=x a b',
      'RUN --mount=type=cache,target=/c --mount=type=tmpfs,target=/t --network=none --security=insecure x',
      'HEALTHCHECK --interval=5s --timeout=3s --start-period=1s --start-interval=1s --retries=3 CMD x',
      '',
    ].join('\n');
    assert.deepEqual(findings(UNKNOWN_FLAG, text), []);
  });

  test('flags of HEALTHCHECK NONE, ENV and trigger instructions', () => {
    assert.deepEqual(findings(UNKNOWN_FLAG, 'FROM scratch\nHEALTHCHECK --interval=5s NONE\nENV --x=1 a=b\nONBUILD COPY --nope a b\n').map((f) => f.slice(f.indexOf(' ') + 1)), [
      'unknown flag: interval',
      'unknown flag: x',
      'unknown flag: nope',
    ]);
  });

  test('STOPSIGNAL flags are never read by BuildKit, so never reported', () => {
    assert.deepEqual(findings(UNKNOWN_FLAG, 'FROM scratch\nSTOPSIGNAL --x SIGTERM\n'), []);
  });
});

describe('flag-missing-value', () => {
  test('reports a value flag without =value and a boolean flag with an empty value', () => {
    assert.deepEqual(findings(FLAG_MISSING_VALUE, 'FROM scratch\nCOPY --from a b\nCOPY --link= a b\n'), [
      '1:5-1:11 missing a value on flag: from',
      '2:5-2:12 missing a value on flag: link',
    ]);
  });

  test('a boolean flag needs no value', () => {
    assert.deepEqual(findings(FLAG_MISSING_VALUE, 'FROM scratch\nCOPY --link --parents=false a b\n'), []);
  });
});

describe('flag-not-boolean', () => {
  test('reports a boolean flag set to something else, on the value', () => {
    assert.deepEqual(findings(FLAG_NOT_BOOLEAN, 'FROM scratch\nCOPY --link=yes a b\nCOPY --link=TRUE a b\n'), ['1:12-1:15 expecting boolean value for flag link, not: yes']);
  });
});

describe('duplicate-flag', () => {
  test('reports a repeated flag that cannot repeat; --mount and --exclude can', () => {
    assert.deepEqual(findings(DUPLICATE_FLAG, 'FROM scratch\nCOPY --chown=1 --chown=2 --exclude=a --exclude=b a b\nRUN --mount=type=tmpfs,target=/a --mount=type=tmpfs,target=/b x\n'), [
      '1:15-1:24 duplicate flag specified: chown',
    ]);
  });
});
