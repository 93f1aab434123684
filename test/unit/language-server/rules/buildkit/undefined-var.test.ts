import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { UNDEFINED_VAR } from '../../../../../language-server/src/dockerfile/rules/buildkit/undefined-var';
import { findings, messages } from '../rule-harness';

describe('UndefinedVar', () => {
  test('reports an undefined variable on its use', () => {
    assert.deepEqual(findings(UNDEFINED_VAR, 'FROM alpine\nCOPY $foo .\n'), ["1:5-1:9 Usage of undefined variable '$foo'"]);
  });

  test('suggests the closest defined name, case-sensitively, including PATH', () => {
    assert.deepEqual(messages(UNDEFINED_VAR, 'FROM alpine\nENV PATH=$PAHT:/bin\nARG DIR_ASSETS=a\nCOPY ${DIR_ASSET} .\nCOPY $dir_assets .\n'), [
      "Usage of undefined variable '$PAHT' (did you mean $PATH?)",
      "Usage of undefined variable '$DIR_ASSET' (did you mean $DIR_ASSETS?)",
      "Usage of undefined variable '$dir_assets'",
    ]);
  });

  test('a global ARG must be declared again in the stage; declaring it without a value is enough', () => {
    assert.deepEqual(messages(UNDEFINED_VAR, 'ARG V=1\nFROM alpine\nCOPY $V .\nARG V\nCOPY $V .\nARG W\nCOPY $W .\n'), ["Usage of undefined variable '$V'"]);
  });

  test('variables of the stage a stage builds on are defined', () => {
    assert.deepEqual(messages(UNDEFINED_VAR, 'FROM alpine AS base\nARG foo=x\nENV bar=y\nFROM base\nCOPY $foo $bar /\n'), []);
  });

  test('RUN, CMD and ENTRYPOINT commands are left to the shell', () => {
    assert.deepEqual(messages(UNDEFINED_VAR, 'FROM alpine\nRUN echo $X\nCMD echo $Y\nENTRYPOINT ["$Z"]\n'), []);
  });

  test('${VAR:-default} counts as a use, as in BuildKit', () => {
    assert.deepEqual(messages(UNDEFINED_VAR, 'FROM alpine\nWORKDIR ${DIR:-/app}\n'), ["Usage of undefined variable '$DIR'"]);
  });

  test('every pair of one ENV is expanded before any is set', () => {
    assert.deepEqual(messages(UNDEFINED_VAR, 'FROM alpine\nENV A=1 B=$A\nENV C=$A\n'), ["Usage of undefined variable '$A'"]);
  });

  test('build args define ARGs that have no default', () => {
    assert.deepEqual(messages(UNDEFINED_VAR, 'FROM alpine\nARG V\nENV X=$V\n', { buildArgs: { V: '1' } }), []);
  });

  test('checks ARG defaults, LABEL, USER, VOLUME, STOPSIGNAL, COPY flags and unquoted heredocs', () => {
    const text = 'FROM alpine\nARG LONGNAME=$a\nLABEL l=$b\nUSER $c\nVOLUME $d\nSTOPSIGNAL $e\nCOPY --chown=$f x y\nCOPY <<EOF /x\n$g\nEOF\nCOPY <<"EOF" /y\n$h\nEOF\n';
    assert.deepEqual(
      messages(UNDEFINED_VAR, text).map((m) => m.replace(/Usage of undefined variable /, '')),
      ["'$a'", "'$b'", "'$c'", "'$d'", "'$e'", "'$f'", "'$g'"],
    );
  });
});
