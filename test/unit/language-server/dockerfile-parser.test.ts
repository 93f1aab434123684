import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Dockerfile, Instruction, Range } from '../../../language-server/src/dockerfile/ast';
import { parseDockerfile } from '../../../language-server/src/dockerfile/parser';
import { sharedPath } from '../../support/shared-data';

const CORPUS = sharedPath('corpus', 'dockerfiles');

/** "line:character-line:character", to compare ranges at a glance. */
function at(range: Range | null): string | null {
  if (range === null) return null;
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

/** The source text a range covers (lines joined with "\n"). */
function textOf(file: Dockerfile, range: Range): string {
  const { start, end } = range;
  if (start.line === end.line) return file.lines[start.line].slice(start.character, end.character);
  const parts = [file.lines[start.line].slice(start.character)];
  for (let line = start.line + 1; line < end.line; line++) parts.push(file.lines[line]);
  parts.push(file.lines[end.line].slice(0, end.character));
  return parts.join('\n');
}

function only(file: Dockerfile, name: string): Instruction {
  const found = file.instructions.filter((instruction) => instruction.name === name);
  assert.equal(found.length, 1, `expected one ${name}, found ${found.length}`);
  return found[0];
}

function problemIds(file: Dockerfile): string[] {
  return file.problems.map((problem) => problem.id);
}

describe('parser directives', () => {
  test('syntax, escape and check at the top are directives with exact name and value ranges', () => {
    const file = parseDockerfile('# syntax=docker/dockerfile:1\n#ESCAPE = `\n# check=skip=all;error=true\nFROM a\n');
    assert.deepEqual(
      file.directives.map((directive) => [directive.name, directive.value, at(directive.nameRange), at(directive.valueRange)]),
      [
        ['syntax', 'docker/dockerfile:1', '0:2-0:8', '0:9-0:28'],
        ['escape', '`', '1:1-1:7', '1:10-1:11'],
        ['check', 'skip=all;error=true', '2:2-2:7', '2:8-2:27'],
      ],
    );
    assert.equal(at(file.directives[0].range), '0:0-0:28');
    assert.equal(file.escapeChar, '`');
    assert.deepEqual(file.comments, []);
    assert.deepEqual(file.problems, []);
  });

  test('a directive value is trimmed and may be preceded by whitespace before the #', () => {
    const file = parseDockerfile('  #  syntax =  docker/dockerfile:1.7  \nFROM a\n');
    assert.equal(file.directives[0].value, 'docker/dockerfile:1.7');
    assert.equal(textOf(file, file.directives[0].valueRange), 'docker/dockerfile:1.7');
    assert.equal(at(file.directives[0].range), '0:2-0:38');
  });

  test('a blank line ends the directive block', () => {
    const file = parseDockerfile('\n# escape=`\nFROM a\nRUN a `\n  b\n');
    assert.deepEqual(file.directives, []);
    assert.equal(file.escapeChar, '\\');
    assert.deepEqual(file.comments.map((comment) => comment.text), ['escape=`']);
    // With the default escape a trailing backtick continues nothing: "b" is an instruction.
    assert.deepEqual(file.instructions.map((instruction) => instruction.keyword), ['FROM', 'RUN', 'b']);
  });

  test('an ordinary comment or an unknown directive ends the directive block', () => {
    for (const first of ['# hello', '# foo=bar', '# hadolint ignore=DL3006']) {
      const file = parseDockerfile(`${first}\n# escape=\`\nFROM a\n`);
      assert.deepEqual(file.directives, [], first);
      assert.equal(file.escapeChar, '\\', first);
      assert.equal(file.comments.length, 2, first);
    }
  });

  test('a directive after the first instruction is a plain comment', () => {
    const file = parseDockerfile('FROM a\n# escape=`\nRUN x\n');
    assert.deepEqual(file.directives, []);
    assert.deepEqual(file.comments.map((comment) => [comment.text, at(comment.range)]), [['escape=`', '1:0-1:10']]);
  });

  test('a repeated directive is a duplicate-directive problem and the first one stays in force', () => {
    const file = parseDockerfile('# escape=`\n# Escape=\\\n# syntax=a\n# syntax=b\nFROM a\n');
    assert.deepEqual(file.directives.map((directive) => [directive.name, directive.value]), [
      ['escape', '`'],
      ['syntax', 'a'],
    ]);
    assert.equal(file.escapeChar, '`');
    assert.deepEqual(file.problems.map((problem) => [problem.id, at(problem.range)]), [
      ['duplicate-directive', '1:0-1:10'],
      ['duplicate-directive', '3:0-3:10'],
    ]);
  });

  test('an escape directive other than \\ or ` is invalid-escape-directive and the escape stays \\', () => {
    const file = parseDockerfile('# escape=x\nFROM a\nRUN a \\\n  b\n');
    assert.equal(file.escapeChar, '\\');
    assert.deepEqual(file.directives.map((directive) => directive.value), ['x']);
    assert.deepEqual(file.problems.map((problem) => [problem.id, at(problem.range)]), [['invalid-escape-directive', '0:9-0:10']]);
    assert.equal(only(file, 'RUN').argsText, 'a   b');
  });

  test('an escape value of only spaces still matches (as BuildKit`s lazy regexp does) and is invalid', () => {
    const file = parseDockerfile('# escape=  \nFROM a\n');
    assert.deepEqual(problemIds(file), ['invalid-escape-directive']);
    assert.equal(file.directives[0].value, ' ');
  });

  test('a byte-order mark before a directive is skipped and columns still count it', () => {
    const file = parseDockerfile('\uFEFF# escape=`\nFROM a\n');
    assert.equal(file.escapeChar, '`');
    assert.equal(at(file.directives[0].valueRange), '0:10-0:11');
  });

  test('after a shebang, syntax and check are read (as the frontend does) but escape is not', () => {
    const file = parseDockerfile('#!/usr/bin/env dockerfile\n# syntax=docker/dockerfile:1\n# escape=`\nFROM a\n');
    assert.deepEqual(file.directives.map((directive) => directive.name), ['syntax']);
    assert.equal(file.escapeChar, '\\');
    assert.deepEqual(file.comments.map((comment) => comment.text), ['!/usr/bin/env dockerfile', 'escape=`']);
  });
});

describe('line continuations', () => {
  test('with escape=` a backtick continues the line and a backslash is an ordinary character', () => {
    const file = parseDockerfile('# escape=`\nFROM mcr.microsoft.com/windows/servercore\nCOPY testfile.txt c:\\\nRUN dir c:\\ `\n    /b\n');
    assert.deepEqual(file.instructions.map((instruction) => [instruction.name, instruction.argsText]), [
      ['FROM', 'mcr.microsoft.com/windows/servercore'],
      ['COPY', 'testfile.txt c:\\'],
      ['RUN', 'dir c:\\     /b'],
    ]);
    const run = only(file, 'RUN');
    assert.deepEqual(run.args.map((argument) => [argument.value, at(argument.range)]), [
      ['dir', '3:4-3:7'],
      ['c:\\', '3:8-3:11'],
      ['/b', '4:4-4:6'],
    ]);
    assert.equal(at(run.range), '3:0-4:6');
  });

  test('spaces and tabs after the escape still continue; an escaped escape does not', () => {
    const file = parseDockerfile('FROM a\nRUN a \\ \t\n  b\nRUN echo \\\\\nRUN c\n');
    assert.deepEqual(file.instructions.map((instruction) => instruction.argsText), ['a', 'a   b', 'echo \\\\', 'c']);
  });

  test('comment lines inside a continuation are dropped, recorded as comments, and do not end it', () => {
    const file = parseDockerfile('FROM a\nRUN apt-get update \\\n  # the packages\n    && apt-get install -y curl\nRUN next\n');
    const run = file.instructions[1];
    assert.equal(run.argsText, 'apt-get update     && apt-get install -y curl');
    assert.deepEqual(run.args.map((argument) => argument.value), ['apt-get', 'update', '&&', 'apt-get', 'install', '-y', 'curl']);
    assert.equal(at(run.args[2].range), '3:4-3:6');
    assert.deepEqual([run.startLine, run.endLine], [1, 3]);
    assert.deepEqual(file.comments.map((comment) => [comment.text, at(comment.range)]), [['the packages', '2:2-2:16']]);
    assert.equal(file.instructions[2].argsText, 'next');
  });

  test('empty and whitespace-only lines inside a continuation are recorded and do not end it', () => {
    const file = parseDockerfile('FROM a\nRUN a \\\n\n  b \\\n   \t\n  c\n');
    const run = only(file, 'RUN');
    assert.equal(run.argsText, 'a   b   c');
    assert.deepEqual(run.emptyContinuationLines, [2, 4]);
    assert.equal(at(run.range), '1:0-5:3');
    assert.equal(file.instructions.length, 2);
  });

  test('a continuation at the end of the file ends the instruction; the final newline is no empty line', () => {
    const file = parseDockerfile('FROM a\nRUN a \\\n');
    const run = only(file, 'RUN');
    assert.deepEqual(run.emptyContinuationLines, []);
    assert.equal(run.argsText, 'a');
    assert.equal(at(run.range), '1:0-1:7');
  });

  test('a word split by a continuation is one word spanning both lines', () => {
    const file = parseDockerfile('FROM a\nENV PATH=/usr/local/\\\nbin:$PATH\n');
    const env = only(file, 'ENV');
    assert.deepEqual(env.args.map((argument) => [argument.value, at(argument.range)]), [['PATH=/usr/local/bin:$PATH', '1:4-2:9']]);
  });

  test('continuation lines keep their leading whitespace in argsText, as BuildKit joins them', () => {
    const file = parseDockerfile('FROM a\nLABEL a=1 \\\n      b=2\n');
    assert.equal(only(file, 'LABEL').argsText, 'a=1       b=2');
  });
});

describe('heredocs', () => {
  test('RUN <<EOF: the body is a heredoc, not arguments, with exact ranges', () => {
    const file = parseDockerfile('FROM a\nRUN <<EOF\necho hi\necho there\nEOF\nRUN next\n');
    const run = file.instructions[1];
    assert.deepEqual(run.args.map((argument) => argument.value), ['<<EOF']);
    assert.equal(run.argsText, '<<EOF');
    assert.equal(run.heredocs.length, 1);
    const heredoc = run.heredocs[0];
    assert.deepEqual(
      [heredoc.delimiter, heredoc.stripTabs, heredoc.quoted, heredoc.content, heredoc.terminated],
      ['EOF', false, false, 'echo hi\necho there\n', true],
    );
    assert.equal(at(heredoc.range), '2:0-4:3');
    assert.equal(at(heredoc.contentRange), '2:0-3:10');
    assert.equal(at(run.range), '1:0-4:3');
    assert.deepEqual([run.startLine, run.endLine], [1, 4]);
    assert.equal(file.instructions[2].argsText, 'next');
  });

  test('<<-EOF strips tabs before the delimiter and marks the heredoc; content keeps the tabs', () => {
    const file = parseDockerfile('FROM a\nRUN <<-EOF\n\techo hi\n\t\tEOF\n');
    const heredoc = only(file, 'RUN').heredocs[0];
    assert.equal(heredoc.stripTabs, true);
    assert.equal(heredoc.content, '\techo hi\n');
    assert.equal(heredoc.terminated, true);
    assert.equal(at(heredoc.range), '2:0-3:5');
  });

  test('without <<- an indented delimiter does not close the heredoc', () => {
    const file = parseDockerfile('FROM a\nRUN <<EOF\n\techo\n\tEOF\n');
    const heredoc = only(file, 'RUN').heredocs[0];
    assert.equal(heredoc.terminated, false);
    assert.deepEqual(problemIds(file), ['unterminated-heredoc']);
  });

  test('a quoted delimiter (single, double or partly quoted) marks the heredoc as quoted', () => {
    const file = parseDockerfile("FROM a\nRUN <<'EOF'\n$x\nEOF\nRUN <<\"E2\" bash\n$y\nE2\nRUN <<E\"3\"\nz\nE3\n");
    const runs = file.instructions.filter((instruction) => instruction.name === 'RUN');
    assert.deepEqual(
      runs.map((run) => [run.heredocs[0].delimiter, run.heredocs[0].quoted, run.heredocs[0].content]),
      [
        ['EOF', true, '$x\n'],
        ['E2', true, '$y\n'],
        ['E3', true, 'z\n'],
      ],
    );
    assert.deepEqual(file.problems, []);
  });

  test('two heredocs on one line are read one after the other', () => {
    const file = parseDockerfile('FROM a\nCOPY <<a <<b /dst/\nA\na\nB1\nB2\nb\nRUN x\n');
    const copy = only(file, 'COPY');
    assert.deepEqual(copy.args.map((argument) => argument.value), ['<<a', '<<b', '/dst/']);
    assert.deepEqual(
      copy.heredocs.map((heredoc) => [heredoc.delimiter, heredoc.content, at(heredoc.range), at(heredoc.contentRange)]),
      [
        ['a', 'A\n', '2:0-3:1', '2:0-2:1'],
        ['b', 'B1\nB2\n', '4:0-6:1', '4:0-5:2'],
      ],
    );
    assert.equal(copy.endLine, 6);
    assert.equal(file.instructions[2].argsText, 'x');
  });

  test('an unterminated heredoc runs to the end of the file and is a problem on its <<WORD', () => {
    const file = parseDockerfile('FROM a\nRUN python3 <<PY\nprint(1)\nprint(2)\n');
    const heredoc = only(file, 'RUN').heredocs[0];
    assert.equal(heredoc.terminated, false);
    assert.equal(heredoc.content, 'print(1)\nprint(2)\n');
    assert.equal(at(heredoc.contentRange), '2:0-3:8');
    assert.deepEqual(file.problems.map((problem) => [problem.id, at(problem.range)]), [['unterminated-heredoc', '1:12-1:16']]);
    assert.equal(at(only(file, 'RUN').range), '1:0-3:8');
  });

  test('an unterminated heredoc on the last line without a newline has empty ranges', () => {
    const file = parseDockerfile('FROM a\nRUN <<EOF');
    const heredoc = only(file, 'RUN').heredocs[0];
    assert.deepEqual([heredoc.terminated, heredoc.content, at(heredoc.range)], [false, '', '1:9-1:9']);
  });

  test('an empty heredoc has an empty content range at its delimiter line', () => {
    const file = parseDockerfile('FROM a\nRUN <<EOF\nEOF\n');
    const heredoc = only(file, 'RUN').heredocs[0];
    assert.deepEqual([heredoc.content, at(heredoc.contentRange), at(heredoc.range)], ['', '2:0-2:0', '2:0-2:3']);
  });

  test('only RUN, COPY and ADD read heredocs', () => {
    const file = parseDockerfile('FROM a\nCMD <<EOF\nLABEL x=1\nEOF\n');
    assert.deepEqual(file.instructions.map((instruction) => instruction.name), ['FROM', 'CMD', 'LABEL', 'EOF']);
    assert.deepEqual(file.instructions[1].heredocs, []);
  });

  test('no heredoc in exec form, inside quotes, in a here-string, or with << alone', () => {
    for (const line of ['RUN ["cat", "<<EOF"]', 'RUN echo "<<EOF"', "RUN echo '<<EOF'", 'RUN cat <<<EOF', 'RUN cat << EOF']) {
      const file = parseDockerfile(`FROM a\n${line}\nEOF\n`);
      assert.deepEqual(file.instructions[1].heredocs, [], line);
      assert.equal(file.instructions.length, 3, line);
    }
  });

  test('an unbalanced quote on the line makes BuildKit`s lexer fail, so there is no heredoc', () => {
    const file = parseDockerfile('FROM a\nRUN <<EOF echo "oops\nEOF\n');
    assert.deepEqual(file.instructions[1].heredocs, []);
  });

  test('a file-descriptor prefix, a redirection after the word and flags before it', () => {
    const file = parseDockerfile('FROM a\nRUN --mount=type=cache,target=/c 3<<EOF cat >/x\nbody\nEOF\n');
    const run = only(file, 'RUN');
    assert.deepEqual(run.flags.map((flag) => flag.name), ['mount']);
    assert.deepEqual(run.heredocs.map((heredoc) => [heredoc.delimiter, heredoc.content]), [['EOF', 'body\n']]);
  });

  test('a heredoc after continuation lines starts after the last of them', () => {
    const file = parseDockerfile('FROM a\nRUN --network=none \\\n  <<EOF\nx\nEOF\n');
    const heredoc = only(file, 'RUN').heredocs[0];
    assert.equal(at(heredoc.range), '3:0-4:3');
  });

  test('CRLF: the delimiter line matches and the content keeps its line endings, as the builder receives it', () => {
    const file = parseDockerfile('FROM a\r\nRUN <<EOF\r\necho hi\r\nEOF\r\nRUN x\r\n');
    const heredoc = file.instructions[1].heredocs[0];
    assert.equal(heredoc.terminated, true);
    assert.equal(heredoc.content, 'echo hi\r\n');
    assert.equal(at(heredoc.contentRange), '2:0-2:7');
    assert.equal(file.instructions[2].argsText, 'x');
  });

  test('ONBUILD RUN <<EOF: the heredoc belongs to the trigger and the ONBUILD spans it', () => {
    const file = parseDockerfile('FROM a\nONBUILD RUN <<EOF\nx\nEOF\n');
    const onbuild = only(file, 'ONBUILD');
    assert.deepEqual(onbuild.heredocs, []);
    assert.ok(onbuild.trigger !== null);
    assert.deepEqual(onbuild.trigger.heredocs.map((heredoc) => heredoc.content), ['x\n']);
    assert.equal(at(onbuild.range), '1:0-3:3');
    assert.equal(at(onbuild.trigger.range), '1:8-3:3');
  });
});

describe('flags', () => {
  test('--name=value and --name before the arguments, with exact ranges', () => {
    const file = parseDockerfile('FROM a\nCOPY --from=builder --link --chmod=0755 src /dst/\n');
    const copy = only(file, 'COPY');
    assert.deepEqual(
      copy.flags.map((flag) => [flag.name, flag.value, at(flag.range), at(flag.nameRange), at(flag.valueRange)]),
      [
        ['from', 'builder', '1:5-1:19', '1:7-1:11', '1:12-1:19'],
        ['link', null, '1:20-1:26', '1:22-1:26', null],
        ['chmod', '0755', '1:27-1:39', '1:29-1:34', '1:35-1:39'],
      ],
    );
    assert.deepEqual(copy.args.map((argument) => argument.value), ['src', '/dst/']);
    assert.equal(at(copy.argsRange), '1:40-1:49');
  });

  test('a value keeps later = signs; quotes are resolved in the value but the range covers them', () => {
    const file = parseDockerfile('FROM a\nRUN --mount=type=secret,id="my id" --network="none" make\n');
    const run = only(file, 'RUN');
    assert.deepEqual(run.flags.map((flag) => [flag.name, flag.value]), [
      ['mount', 'type=secret,id=my id'],
      ['network', 'none'],
    ]);
    assert.equal(textOf(file, run.flags[1].valueRange!), '"none"');
    assert.deepEqual(run.args.map((argument) => argument.value), ['make']);
  });

  test('flags end at the first word without -- and at a bare --', () => {
    const file = parseDockerfile('FROM a\nRUN --network=host echo --not-a-flag\nRUN -- --x\n');
    assert.deepEqual(file.instructions[1].flags.map((flag) => flag.name), ['network']);
    assert.equal(file.instructions[1].argsText, 'echo --not-a-flag');
    assert.deepEqual(file.instructions[2].flags, []);
    assert.equal(file.instructions[2].argsText, '--x');
  });

  test('an empty value has an empty value range right after the =', () => {
    const file = parseDockerfile('FROM --platform= a\n');
    const flag = only(file, 'FROM').flags[0];
    assert.deepEqual([flag.name, flag.value, at(flag.valueRange)], ['platform', '', '0:16-0:16']);
  });

  test('flags on a continuation line have ranges on that line', () => {
    const file = parseDockerfile('FROM a\nCOPY \\\n  --from=build \\\n  /out /app/\n');
    const copy = only(file, 'COPY');
    assert.deepEqual(copy.flags.map((flag) => [flag.name, at(flag.valueRange)]), [['from', '2:9-2:14']]);
    assert.deepEqual(copy.args.map((argument) => at(argument.range)), ['3:2-3:6', '3:7-3:12']);
  });

  test('FROM --platform and a stage name', () => {
    const file = parseDockerfile('FROM --platform=$BUILDPLATFORM golang:1.22 AS Build\n');
    const from = only(file, 'FROM');
    assert.deepEqual(from.flags.map((flag) => [flag.name, flag.value]), [['platform', '$BUILDPLATFORM']]);
    assert.deepEqual(from.args.map((argument) => argument.value), ['golang:1.22', 'AS', 'Build']);
    assert.equal(file.stages[0].name, 'Build');
    assert.equal(at(file.stages[0].nameRange), '0:46-0:51');
  });
});

describe('exec form and words', () => {
  test('a JSON array of strings is the exec form; words are still the whitespace-separated text', () => {
    const file = parseDockerfile('FROM a\nCMD [ "nginx", "-g", "daemon off;" ]\n');
    const cmd = only(file, 'CMD');
    assert.deepEqual(cmd.jsonForm, ['nginx', '-g', 'daemon off;']);
    assert.equal(cmd.argsText, '[ "nginx", "-g", "daemon off;" ]');
  });

  test('JSON escapes are decoded and an empty array is an empty exec form', () => {
    const file = parseDockerfile('FROM a\nENTRYPOINT ["caf\\u00e9", "a\\"b"]\nCMD []\n');
    assert.deepEqual(only(file, 'ENTRYPOINT').jsonForm, ['café', 'a"b']);
    assert.deepEqual(only(file, 'CMD').jsonForm, []);
  });

  test('invalid JSON falls back to shell form: single quotes, trailing text, unclosed bracket', () => {
    for (const args of ["['a']", '["a"] b', '["a"', '[a]']) {
      const file = parseDockerfile(`FROM a\nCMD ${args}\n`);
      assert.equal(only(file, 'CMD').jsonForm, null, args);
      assert.deepEqual(file.problems, [], args);
    }
  });

  test('a JSON array with a non-string is json-array-not-strings (BuildKit rejects it)', () => {
    const file = parseDockerfile('FROM a\nRUN ["echo", 1]\n');
    assert.equal(only(file, 'RUN').jsonForm, null);
    assert.deepEqual(file.problems.map((problem) => [problem.id, at(problem.range)]), [['json-array-not-strings', '1:4-1:15']]);
  });

  test('JSON is read for RUN, CMD, ENTRYPOINT, SHELL, ADD, COPY, VOLUME and HEALTHCHECK only', () => {
    const file = parseDockerfile(
      'FROM a\nSHELL ["sh","-c"]\nVOLUME ["/data"]\nCOPY ["a b","/c/"]\nLABEL ["x"]\nHEALTHCHECK --interval=5s CMD ["curl","-f","http://x/"]\n',
    );
    assert.deepEqual(
      file.instructions.map((instruction) => [instruction.name, instruction.jsonForm]),
      [
        ['FROM', null],
        ['SHELL', ['sh', '-c']],
        ['VOLUME', ['/data']],
        ['COPY', ['a b', '/c/']],
        ['LABEL', null],
        ['HEALTHCHECK', ['curl', '-f', 'http://x/']],
      ],
    );
  });

  test('JSON across continuation lines', () => {
    const file = parseDockerfile('FROM a\nCMD ["a", \\\n     "b"]\n');
    assert.deepEqual(only(file, 'CMD').jsonForm, ['a', 'b']);
    assert.equal(at(only(file, 'CMD').argsRange), '1:4-2:9');
  });

  test('quotes keep a word together for ENV, LABEL, ARG and RUN; COPY and FROM split on whitespace only', () => {
    const file = parseDockerfile('FROM a\nENV A="x y" B=z\\ w\nRUN echo "a b" \'c d\'\nCOPY "a b" /c/\n');
    assert.deepEqual(only(file, 'ENV').args.map((argument) => argument.value), ['A="x y"', 'B=z\\ w']);
    assert.deepEqual(only(file, 'RUN').args.map((argument) => argument.value), ['echo', '"a b"', "'c d'"]);
    assert.deepEqual(only(file, 'COPY').args.map((argument) => argument.value), ['"a', 'b"', '/c/']);
  });

  test('with escape=` a backtick keeps a space inside an ENV word', () => {
    const file = parseDockerfile('# escape=`\nFROM a\nENV A=x` y\n');
    assert.deepEqual(only(file, 'ENV').args.map((argument) => argument.value), ['A=x` y']);
  });
});

describe('instructions and stages', () => {
  test('keyword as written, name upper-cased, unknown instructions kept', () => {
    const file = parseDockerfile('from a\nFoo bar baz\n');
    assert.deepEqual(file.instructions.map((instruction) => [instruction.keyword, instruction.name, at(instruction.keywordRange)]), [
      ['from', 'FROM', '0:0-0:4'],
      ['Foo', 'FOO', '1:0-1:3'],
    ]);
  });

  test('ONBUILD parses its trigger as an instruction with its own ranges', () => {
    const file = parseDockerfile('FROM a\nONBUILD COPY --chown=1 . /app/\nONBUILD\n');
    const [, onbuild, bare] = file.instructions;
    assert.ok(onbuild.trigger !== null);
    assert.deepEqual(
      [onbuild.trigger.name, at(onbuild.trigger.keywordRange), onbuild.trigger.flags.map((flag) => flag.name), onbuild.trigger.argsText],
      ['COPY', '1:8-1:12', ['chown'], '. /app/'],
    );
    assert.equal(at(onbuild.trigger.range), '1:8-1:30');
    assert.deepEqual(onbuild.args.map((argument) => argument.value), ['COPY', '--chown=1', '.', '/app/']);
    assert.equal(bare.trigger, null);
  });

  test('stages: each FROM starts one, AS in any case names it, ARGs before the first FROM are global', () => {
    const file = parseDockerfile('ARG BASE=debian\nARG TAG\nFROM $BASE:$TAG as Builder\nRUN make\nARG LOCAL\nFROM scratch\nCOPY --from=Builder /out /\n');
    assert.deepEqual(file.globalArgs.map((instruction) => instruction.argsText), ['BASE=debian', 'TAG']);
    assert.deepEqual(
      file.stages.map((stage) => [stage.index, stage.name, at(stage.nameRange), stage.from.argsText, stage.instructions.map((instruction) => instruction.name)]),
      [
        [0, 'Builder', '2:19-2:26', '$BASE:$TAG as Builder', ['RUN', 'ARG']],
        [1, null, null, 'scratch', ['COPY']],
      ],
    );
  });

  test('an instruction before any FROM other than ARG belongs to no stage and is not a global ARG', () => {
    const file = parseDockerfile('RUN x\nFROM a\n');
    assert.deepEqual(file.globalArgs, []);
    assert.deepEqual(file.stages[0].instructions, []);
    assert.equal(file.instructions.length, 2);
  });

  test('empty, blank and comment-only files have no instructions and no problems', () => {
    for (const text of ['', '\n\n', '   \n\t\n', '# just a comment\n', '\\\n']) {
      const file = parseDockerfile(text);
      assert.deepEqual([file.instructions, file.stages, file.problems], [[], [], []], JSON.stringify(text));
    }
  });
});

describe('source text', () => {
  test('CRLF line endings: lines and ranges exclude the \\r', () => {
    const file = parseDockerfile('FROM a AS b\r\nRUN x \\\r\n  y\r\n');
    assert.deepEqual(file.lines, ['FROM a AS b', 'RUN x \\', '  y', '']);
    const run = only(file, 'RUN');
    assert.equal(run.argsText, 'x   y');
    assert.equal(at(run.range), '1:0-2:3');
    assert.equal(at(file.stages[0].nameRange), '0:10-0:11');
  });

  test('a byte-order mark stays in lines[0] and shifts columns on the first line', () => {
    const file = parseDockerfile('\uFEFFFROM a\n');
    assert.equal(at(only(file, 'FROM').keywordRange), '0:1-0:5');
    assert.equal(file.lines[0], '\uFEFFFROM a');
  });

  test('tabs separate words and count as one column', () => {
    const file = parseDockerfile('FROM\ta\nRUN\techo\t\thi\n');
    assert.deepEqual(only(file, 'RUN').args.map((argument) => at(argument.range)), ['1:4-1:8', '1:10-1:12']);
  });

  test('columns are UTF-16 code units', () => {
    const file = parseDockerfile('FROM a\nRUN echo 😀 é x\n');
    assert.deepEqual(only(file, 'RUN').args.map((argument) => [argument.value, at(argument.range)]), [
      ['echo', '1:4-1:8'],
      ['😀', '1:9-1:11'],
      ['é', '1:12-1:13'],
      ['x', '1:14-1:15'],
    ]);
  });

  test('a physical line over 65,535 bytes is line-too-long; exactly 65,535 is fine', () => {
    const ok = parseDockerfile(`FROM a\nRUN ${'x'.repeat(65535 - 4)}\n`);
    assert.deepEqual(ok.problems, []);
    const long = parseDockerfile(`FROM a\nRUN ${'x'.repeat(65536 - 4)}\nRUN y\n`);
    assert.deepEqual(long.problems.map((problem) => [problem.id, problem.range.start.line]), [['line-too-long', 1]]);
    assert.equal(long.instructions.length, 3, 'parsing goes on after the problem');
  });

  test('the byte limit counts UTF-8 bytes and the \\r of a CRLF ending', () => {
    const euro = parseDockerfile(`FROM a\nRUN ${'€'.repeat(21844)}\n`); // 4 + 3 * 21844 = 65536 bytes
    assert.deepEqual(problemIds(euro), ['line-too-long']);
    const crlf = parseDockerfile(`FROM a\r\nRUN ${'x'.repeat(65535 - 4)}\r\n`);
    assert.deepEqual(problemIds(crlf), ['line-too-long']);
  });
});

describe('robustness', () => {
  /** A small deterministic generator (mulberry32), so a failure can be reproduced. */
  function random(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let value = state;
      value = Math.imul(value ^ (value >>> 15), value | 1);
      value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
      return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
    };
  }

  function assertWellFormed(file: Dockerfile, input: string): void {
    const inside = (range: Range): boolean =>
      range.start.line >= 0 &&
      range.end.line < file.lines.length &&
      range.end.character <= file.lines[range.end.line].length &&
      (range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character));
    const check = (instruction: Instruction): void => {
      for (const range of [instruction.range, instruction.keywordRange, ...instruction.args.map((argument) => argument.range)]) {
        assert.ok(inside(range), `range ${at(range)} outside the text for ${JSON.stringify(input.slice(0, 200))}`);
      }
      if (instruction.trigger !== null) check(instruction.trigger);
    };
    file.instructions.forEach(check);
    for (const problem of file.problems) assert.ok(inside(problem.range), `problem ${problem.id} at ${at(problem.range)}`);
  }

  test('random bytes never make the parser throw', () => {
    const next = random(1);
    for (let round = 0; round < 2000; round++) {
      const length = Math.floor(next() * 200);
      let text = '';
      for (let i = 0; i < length; i++) text += String.fromCharCode(Math.floor(next() * (next() < 0.9 ? 128 : 0xffff)));
      assertWellFormed(parseDockerfile(text), text);
    }
  });

  test('random lines of Dockerfile fragments never make the parser throw', () => {
    const fragments = [
      'FROM a', 'FROM a AS b', 'RUN x \\', '\\', '`', '# escape=`', '# escape=\\', '# syntax=x', '# c', '', '   ',
      'RUN <<EOF', 'RUN <<-EOF', "COPY <<'A' <<\"B\" /d/", 'EOF', '\tEOF', 'A', 'B', 'CMD ["a", 1]', 'CMD ["a"',
      'ONBUILD ONBUILD RUN <<X', 'X', 'RUN --mount="type=cache --x', 'RUN echo "${a:-', 'ENV a="b', "LABEL a='b",
      'HEALTHCHECK CMD ["x"]', 'ARG a=${b/c/d}', '\uFEFF', '\r', 'RUN ${', 'RUN <<$EOF', 'RUN <<""', '--', 'RUN --',
    ];
    const next = random(2);
    for (let round = 0; round < 3000; round++) {
      const lines: string[] = [];
      const count = 1 + Math.floor(next() * 12);
      for (let i = 0; i < count; i++) lines.push(fragments[Math.floor(next() * fragments.length)]);
      const text = lines.join(next() < 0.2 ? '\r\n' : '\n');
      assertWellFormed(parseDockerfile(text), text);
    }
  });

  test('deeply nested input stays off the stack', () => {
    assert.doesNotThrow(() => parseDockerfile('FROM a\n' + 'ONBUILD '.repeat(8000) + 'RUN x\n'));
    assert.doesNotThrow(() => parseDockerfile('FROM a\nRUN <<EOF ' + '${a:-'.repeat(10000) + '\nEOF\n'));
  });

  test('a 30,000-line file parses in linear time (timing printed, not asserted)', () => {
    const envCopy = ['FROM scratch'];
    for (let index = 0; envCopy.length < 30000; index++) envCopy.push(`ENV V${index}=x${index}`, `COPY \${V${index}} /dst/`);
    const body = readFileSync(join(CORPUS, 'docker-library+php__8.2__trixie__apache__Dockerfile'), 'utf8').split('\n');
    const realistic: string[] = [];
    while (realistic.length < 30000) realistic.push(...body);
    for (const [label, lines] of [
      ['30k lines of ENV + COPY ${V} pairs', envCopy.slice(0, 30000)],
      ['30k lines of php:8.2-apache bodies', realistic.slice(0, 30000)],
    ] as const) {
      const text = lines.join('\n') + '\n';
      parseDockerfile(text); // warm the JIT
      const start = process.hrtime.bigint();
      const file = parseDockerfile(text);
      const milliseconds = Number(process.hrtime.bigint() - start) / 1e6;
      console.log(`# parse ${label}: ${milliseconds.toFixed(1)} ms, ${file.instructions.length} instructions`);
      assert.deepEqual(file.problems, []);
    }
  });
});

describe('real-world corpus', () => {
  const files = readdirSync(CORPUS)
    .filter((name) => !['README.md', 'LICENSES.md', 'MANIFEST.json'].includes(name))
    .sort();

  test('the corpus holds the 400 Dockerfiles it should', () => {
    assert.equal(files.length, 400);
  });

  test('every corpus Dockerfile parses with no problems, and every range covers its text', () => {
    const problems: string[] = [];
    let instructions = 0;
    for (const name of files) {
      const text = readFileSync(join(CORPUS, name), 'utf8');
      const file = parseDockerfile(text);
      for (const problem of file.problems) problems.push(`${name}: ${problem.id}`);
      assert.ok(file.stages.length > 0, `${name} has no stage`);
      const check = (instruction: Instruction): void => {
        instructions++;
        assert.equal(textOf(file, instruction.keywordRange), instruction.keyword, name);
        for (const flag of instruction.flags) {
          assert.equal(textOf(file, flag.nameRange), flag.name, name);
          assert.ok(textOf(file, flag.range).startsWith('--'), name);
        }
        for (const argument of instruction.args) {
          // A word on one line is exactly its source text; one split by a continuation is not.
          if (argument.range.start.line === argument.range.end.line) assert.equal(textOf(file, argument.range), argument.value, name);
        }
        if (instruction.trigger !== null) check(instruction.trigger);
      };
      file.instructions.forEach(check);
    }
    assert.deepEqual(problems, []);
    assert.equal(instructions, 5269);
  });
});
