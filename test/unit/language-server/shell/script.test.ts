import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { parseDockerfile } from '../../../../language-server/src/dockerfile/parser';
import { runScripts } from '../../../../language-server/src/dockerfile/shell/run-script';
import { parseShell } from '../../../../language-server/src/dockerfile/shell/script';
import type { ShellScript } from '../../../../language-server/src/dockerfile/shell/script';

/** A plain script whose offsets are positions on line 0. */
function parse(text: string): ShellScript {
  return parseShell({ text, position: (offset) => ({ line: 0, character: offset }) });
}

const argv = (script: ShellScript): string[][] => script.commands.map((c) => c.words.map((w) => w.value));

/** The script of the first RUN of a Dockerfile. */
function firstRun(text: string): ShellScript {
  const dockerfile = parseDockerfile(text);
  const run = dockerfile.instructions.find((i) => i.name === 'RUN');
  assert.ok(run);
  return runScripts(dockerfile, run)[0];
}

/** word value -> `line:start-line:end`. */
function wordRanges(script: ShellScript): string[] {
  return script.commands.flatMap((c) =>
    c.words.map((w) => `${w.value} ${w.range.start.line}:${w.range.start.character}-${w.range.end.line}:${w.range.end.character}`),
  );
}

describe('shell parser', () => {
  test('removes single and double quotes and backslash escapes from word values', () => {
    assert.deepEqual(argv(parse(`echo 'a b' "c \\"d\\" \\$e" f\\ g`)), [['echo', 'a b', 'c "d" $e', 'f g']]);
  });

  test('keeps $(...), ${...} and backticks inside one word, with their spaces', () => {
    assert.deepEqual(argv(parse('echo $(dpkg --print-architecture) ${A:-x y} `uname -m`')), [
      ['echo', '$(dpkg --print-architecture)', '${A:-x y}', '`uname -m`'],
    ]);
  });

  test('splits commands on ; && || & newlines and parentheses, and pipelines on |', () => {
    const script = parse('a 1; b && c || d & e\nf | g |& h; (i)');
    assert.deepEqual(argv(script), [['a', '1'], ['b'], ['c'], ['d'], ['e'], ['f'], ['g'], ['h'], ['i']]);
    assert.deepEqual(
      script.pipelines.map((p) => p.commands.map((c) => c.name)),
      [['a'], ['b'], ['c'], ['d'], ['e'], ['f', 'g', 'h'], ['i']],
    );
    assert.equal(script.pipelines[5].pipes.length, 2);
  });

  test('drops comments, assignments, reserved words and redirections from argv', () => {
    const script = parse('# a comment\nDEBIAN_FRONTEND=noninteractive apt-get update > /dev/null 2>&1\nif true; then cd /x; fi');
    assert.deepEqual(argv(script), [['apt-get', 'update'], ['true'], ['cd', '/x']]);
    assert.deepEqual(script.commands[0].redirections.map((r) => `${r.operator} ${r.target?.value}`), ['> /dev/null', '>& 1']);
  });

  test('does not take case patterns for commands', () => {
    assert.deepEqual(argv(parse('case "$arch" in amd64) a=x ;; arm64|aarch64) cd /y ;; *) exit 1 ;; esac; f() { g; }')), [
      ['cd', '/y'],
      ['exit', '1'],
      ['f'],
      ['g'],
    ]);
  });

  test('skips here-document bodies inside a script', () => {
    assert.deepEqual(argv(parse("cat <<'EOF' > /etc/x\nsudo not a command\nEOF\necho done")), [['cat'], ['echo', 'done']]);
  });

  test('parses the script of sh -c and bash -ec as commands too, at their positions', () => {
    const script = parse(`sh -c 'cd /tmp && make'`);
    assert.deepEqual(argv(script), [['sh', '-c', 'cd /tmp && make'], ['cd', '/tmp'], ['make']]);
    assert.deepEqual(script.commands[1].range, { start: { line: 0, character: 7 }, end: { line: 0, character: 14 } });
    assert.deepEqual(argv(parse(`bash -o pipefail -ec "apt-get update"`)).slice(1), [['apt-get', 'update']]);
  });

  test('never throws on broken input', () => {
    for (const text of [`echo 'unterminated`, 'echo "x $(a', 'a |', '&& ;; ) (', '`', 'cat <<', '\\']) {
      assert.doesNotThrow(() => parse(text));
    }
    // Random scripts from the characters the lexer treats specially.
    const alphabet = ` \t\n\\'"$(){}\`|&;<>#=-a1`;
    let seed = 1;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let k = 0; k < 2000; k++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      assert.doesNotThrow(() => parse(text), JSON.stringify(text));
    }
  });

  test('takes linear time: a RUN of 20,000 chained commands parses at once', () => {
    const text = Array.from({ length: 20000 }, (_, k) => `echo "$(printf %s ${k})" 'x' | tee -a /log`).join(' && \\\n');
    const started = process.hrtime.bigint();
    const script = firstRun(`FROM x\nRUN ${text}\n`);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(script.commands.length, 40000);
    assert.deepEqual(script.commands[39999].range.start, { line: 20000, character: 32 });
    assert.ok(elapsedMs < 3000, `${elapsedMs} ms`);
  });
});

describe('RUN scripts', () => {
  test('map words through line continuations back to their source lines', () => {
    const script = firstRun('FROM x\nRUN apt-get update \\\n    && apt-get install -y \\\n# a comment line\n\n      curl\n');
    assert.deepEqual(wordRanges(script), [
      'apt-get 1:4-1:11',
      'update 1:12-1:18',
      'apt-get 2:7-2:14',
      'install 2:15-2:22',
      '-y 2:23-2:25',
      'curl 5:6-5:10',
    ]);
  });

  test('honour the escape directive: with escape=` a backslash is an ordinary character', () => {
    const script = firstRun('# escape=`\nFROM x\nRUN echo C:\\dir `\n    && dir\n');
    assert.deepEqual(wordRanges(script), ['echo 2:4-2:8', 'C:dir 2:9-2:15', 'dir 3:7-3:10']);
  });

  test('read a heredoc RUN body from its content lines', () => {
    const script = firstRun('FROM x\nRUN <<EOF\napt-get update\n  cd /app\nEOF\n');
    assert.deepEqual(wordRanges(script), ['apt-get 2:0-2:7', 'update 2:8-2:14', 'cd 3:2-3:4', '/app 3:5-3:9']);
  });

  test('do not parse a heredoc for another interpreter', () => {
    const dockerfile = parseDockerfile('FROM x\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n');
    assert.deepEqual(runScripts(dockerfile, dockerfile.instructions[1]), []);
  });

  test('take an exec-form RUN as one command, each word on its JSON string', () => {
    const script = firstRun('FROM x\nRUN ["apt-get", "install", "curl"]\n');
    assert.deepEqual(wordRanges(script), ['apt-get 1:5-1:14', 'install 1:16-1:25', 'curl 1:27-1:33']);
  });

  test('parse the script of an exec-form sh -c, at its place in the JSON string', () => {
    const script = firstRun('FROM x\nRUN ["/bin/sh", "-c", "cd /app && make"]\n');
    assert.deepEqual(wordRanges(script).slice(3), ['cd 1:23-1:25', '/app 1:26-1:30', 'make 1:34-1:38']);
  });

  test('parse an ONBUILD RUN the same way', () => {
    const dockerfile = parseDockerfile('FROM x\nONBUILD RUN apt-get update\n');
    const trigger = dockerfile.instructions[1].trigger;
    assert.ok(trigger);
    assert.deepEqual(wordRanges(runScripts(dockerfile, trigger)[0]), ['apt-get 1:12-1:19', 'update 1:20-1:26']);
  });

  test('keep RUN flags out of the script', () => {
    const script = firstRun('FROM x\nRUN --mount=type=cache,target=/root/.cache pip install x\n');
    assert.deepEqual(argv(script), [['pip', 'install', 'x']]);
    assert.equal(script.commands[0].range.start.character, 43);
  });
});
