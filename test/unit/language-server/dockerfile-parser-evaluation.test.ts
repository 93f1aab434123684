/**
 * The evaluation behind docs/dockerfile-parser.md: dockerfile-ast 0.7.1 (the parser of the
 * rcjsuen language server, installed as a dev dependency for this) against our parser, need by
 * need. The assertions pin what each parser returns, so the document's claims stay true if either
 * changes; timings are printed, never asserted.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { Range } from '../../../language-server/src/dockerfile/ast';
import { parseDockerfile } from '../../../language-server/src/dockerfile/parser';
import { sharedPath } from '../../support/shared-data';

const CORPUS = sharedPath('corpus', 'dockerfiles');

// The few parts of dockerfile-ast's API the probes use (its own .d.ts pulls in
// vscode-languageserver-types, which this project does not depend on).
interface AstRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface AstArgument {
  getValue(): string;
  getRange(): AstRange;
}
interface AstHeredoc {
  getName(): string;
  getContentRange(): AstRange | null;
  getDelimiterRange(): AstRange | null;
}
interface AstFlag {
  getName(): string;
  getValue(): string | null;
  getRange(): AstRange;
  getValueRange(): AstRange | null;
}
interface AstJsonArgument {
  getJSONValue(): string;
}
interface AstInstruction {
  getKeyword(): string;
  getInstruction(): string;
  getRange(): AstRange;
  getInstructionRange(): AstRange;
  getArguments(): AstArgument[];
  getArgumentsContent(): string | null;
  getFlags?(): AstFlag[];
  getHeredocs?(): AstHeredoc[];
  getJSONStrings?(): AstJsonArgument[];
  getVariables(): Array<{ getName(): string; getRange(): AstRange }>;
}
interface AstDockerfile {
  getInstructions(): AstInstruction[];
  getDirectives(): Array<{ getName(): string; getValue(): string }>;
  getEscapeCharacter(): string;
  resolveVariable(name: string, line: number): string | null | undefined;
}
interface DockerfileAst {
  DockerfileParser: { parse(content: string): AstDockerfile };
  Heredoc: { prototype: object };
}

const dockerfileAst = createRequire(__filename)('dockerfile-ast') as DockerfileAst;
const astVersion = (createRequire(__filename)('dockerfile-ast/package.json') as { version: string }).version;

function astParse(text: string): AstDockerfile {
  return dockerfileAst.DockerfileParser.parse(text);
}

function at(range: Range | AstRange | null): string | null {
  if (range === null) return null;
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

function astKeywords(text: string): string[] {
  return astParse(text)
    .getInstructions()
    .map((instruction) => instruction.getKeyword());
}

function ourKeywords(text: string): string[] {
  return parseDockerfile(text).instructions.map((instruction) => instruction.name);
}

test('the evaluated version is dockerfile-ast 0.7.1', () => {
  assert.equal(astVersion, '0.7.1');
});

describe('need 1: heredocs', () => {
  const basic = 'FROM a\nRUN <<EOF\necho hi\nEOF\n';

  test('both find RUN <<EOF; dockerfile-ast also counts its body as arguments, we do not', () => {
    const ast = astParse(basic).getInstructions()[1];
    assert.deepEqual(ast.getHeredocs!().map((heredoc) => [heredoc.getName(), at(heredoc.getContentRange()), at(heredoc.getDelimiterRange())]), [
      ['EOF', '2:0-2:7', '3:0-3:3'],
    ]);
    assert.deepEqual(ast.getArguments().map((argument) => argument.getValue()), ['<<EOF', 'echo', 'hi', 'EOF']);
    assert.equal(ast.getArgumentsContent(), '<<EOF\necho hi\nEOF');

    const ours = parseDockerfile(basic).instructions[1];
    assert.deepEqual(ours.args.map((argument) => argument.value), ['<<EOF']);
    assert.equal(ours.argsText, '<<EOF');
    assert.deepEqual(ours.heredocs.map((heredoc) => [heredoc.delimiter, at(heredoc.contentRange)]), [['EOF', '2:0-2:7']]);
  });

  test('dockerfile-ast`s Heredoc says nothing about <<- or a quoted delimiter; ours does', () => {
    const methods = Object.getOwnPropertyNames(dockerfileAst.Heredoc.prototype).filter((name) => name !== 'constructor');
    assert.deepEqual(methods.sort(), ['getContentRange', 'getDelimiterRange', 'getName', 'getNameRange', 'getStartRange']);
    const ours = parseDockerfile("FROM a\nRUN <<-'EOF'\n\t$x\n\tEOF\n").instructions[1].heredocs[0];
    assert.deepEqual([ours.stripTabs, ours.quoted, ours.terminated], [true, true, true]);
  });

  test('<<-EOF: both close at a tab-indented delimiter', () => {
    const text = 'FROM a\nRUN <<-EOF\n\techo hi\n\tEOF\nRUN x\n';
    const ast = astParse(text).getInstructions()[1].getHeredocs!()[0];
    assert.equal(at(ast.getDelimiterRange()), '3:1-3:4');
    assert.deepEqual(ourKeywords(text), ['FROM', 'RUN', 'RUN']);
  });

  test('two heredocs on one line: both read both', () => {
    const text = 'FROM a\nCOPY <<a <<b /dst/\nA\na\nB\nb\nRUN x\n';
    assert.deepEqual(astParse(text).getInstructions()[1].getHeredocs!().map((heredoc) => heredoc.getName()), ['a', 'b']);
    assert.deepEqual(parseDockerfile(text).instructions[1].heredocs.map((heredoc) => heredoc.delimiter), ['a', 'b']);
  });

  test('unterminated: dockerfile-ast leaves a null delimiter and no error; we report unterminated-heredoc', () => {
    const text = 'FROM a\nRUN <<EOF\necho\n';
    assert.equal(astParse(text).getInstructions()[1].getHeredocs!()[0].getDelimiterRange(), null);
    assert.deepEqual(parseDockerfile(text).problems.map((problem) => [problem.id, at(problem.range)]), [['unterminated-heredoc', '1:4-1:9']]);
  });

  test('a file-descriptor prefix (3<<EOF): dockerfile-ast misses the heredoc and reads its body as instructions', () => {
    const text = 'FROM a\nRUN 3<<EOF cat\nx\nEOF\n';
    assert.deepEqual(astKeywords(text), ['FROM', 'RUN', 'X', 'EOF']);
    assert.deepEqual(ourKeywords(text), ['FROM', 'RUN']);
  });

  test('CMD <<EOF: dockerfile-ast reports a heredoc BuildKit does not read (only RUN, COPY, ADD)', () => {
    const text = 'FROM a\nCMD <<EOF\nLABEL x=1\nEOF\n';
    assert.equal(astParse(text).getInstructions()[1].getHeredocs!().length, 1);
    assert.deepEqual(parseDockerfile(text).instructions[1].heredocs, []);
    assert.deepEqual(ourKeywords(text), ['FROM', 'CMD', 'LABEL', 'EOF']);
  });
});

describe('need 2: the escape directive with continuations', () => {
  test('escape=`: both continue on a backtick and keep a backslash literal', () => {
    const text = '# escape=`\nFROM a\nRUN dir c:\\ `\n    /b\n';
    const ast = astParse(text);
    assert.equal(ast.getEscapeCharacter(), '`');
    assert.equal(ast.getInstructions()[1].getArgumentsContent(), 'dir c:\\     /b');
    assert.equal(parseDockerfile(text).instructions[1].argsText, 'dir c:\\     /b');
  });

  test('an escaped escape at the end of a line (`RUN echo \\\\`): dockerfile-ast continues, BuildKit and we do not', () => {
    const text = 'FROM a\nRUN echo \\\\\nRUN c\n';
    assert.deepEqual(astKeywords(text), ['FROM', 'RUN']);
    assert.equal(astParse(text).getInstructions()[1].getArgumentsContent(), 'echo \\\\\nRUN c');
    assert.deepEqual(ourKeywords(text), ['FROM', 'RUN', 'RUN']);
  });

  test('a line holding only the escape: dockerfile-ast makes it an instruction, BuildKit and we continue', () => {
    const text = '\\\nFROM a\n';
    assert.deepEqual(astKeywords(text), ['\\', 'FROM']);
    assert.deepEqual(ourKeywords(text), ['FROM']);
  });

  test('escape=` also escapes a space inside an ENV word: dockerfile-ast splits the word, we do not', () => {
    const text = '# escape=`\nFROM a\nENV A=x` y\n';
    assert.deepEqual(astParse(text).getInstructions()[1].getArguments().map((argument) => argument.getValue()), ['A=x', 'y']);
    assert.deepEqual(parseDockerfile(text).instructions[1].args.map((argument) => argument.value), ['A=x` y']);
  });

  test('a duplicate or invalid escape: dockerfile-ast keeps parsing silently (dockerfile-utils reports it); we report it', () => {
    const text = '# escape=`\n# escape=x\nFROM a\n';
    assert.deepEqual(astParse(text).getDirectives().map((directive) => directive.getValue()), ['`', 'x']);
    assert.deepEqual(parseDockerfile(text).problems.map((problem) => problem.id), ['duplicate-directive']);
    assert.deepEqual(parseDockerfile('# escape=x\nFROM a\n').problems.map((problem) => problem.id), ['invalid-escape-directive']);
  });

  test('the check directive: both read it', () => {
    const text = '# check=skip=all\nFROM a\n';
    assert.deepEqual(astParse(text).getDirectives().map((directive) => directive.getName()), ['check']);
    assert.deepEqual(parseDockerfile(text).directives.map((directive) => directive.name), ['check']);
  });
});

describe('need 3: continuations with comment and empty lines inside', () => {
  const text = 'FROM a\nRUN a \\\n# note\n  b \\\n\n  c\n';

  test('both drop the comment line and join the same text over the same range', () => {
    const ast = astParse(text).getInstructions()[1];
    const ours = parseDockerfile(text).instructions[1];
    assert.equal(ast.getArgumentsContent(), 'a   b   c');
    assert.equal(ours.argsText, 'a   b   c');
    assert.equal(at(ast.getRange()), at(ours.range));
    assert.deepEqual(
      ast.getArguments().map((argument) => at(argument.getRange())),
      ours.args.map((argument) => at(argument.range)),
    );
  });

  test('only ours records the empty continuation line (BuildKit`s NoEmptyContinuation) on the instruction', () => {
    assert.deepEqual(parseDockerfile(text).instructions[1].emptyContinuationLines, [4]);
  });
});

describe('need 4: exact ranges', () => {
  test('flag value ranges agree, on one line and across a continuation', () => {
    const text = 'FROM a\nCOPY --from=builder \\\n  --chown=1:1 src /dst/\n';
    const ast = astParse(text).getInstructions()[1].getFlags!();
    const ours = parseDockerfile(text).instructions[1].flags;
    assert.deepEqual(ast.map((flag) => [flag.getName(), flag.getValue(), at(flag.getValueRange())]), [
      ['from', 'builder', '1:12-1:19'],
      ['chown', '1:1', '2:10-2:13'],
    ]);
    assert.deepEqual(ours.map((flag) => [flag.name, flag.value, at(flag.valueRange)]), [
      ['from', 'builder', '1:12-1:19'],
      ['chown', '1:1', '2:10-2:13'],
    ]);
  });

  test('a quoted flag value with a space: dockerfile-ast cuts the flag at the space, BuildKit and we do not', () => {
    const text = 'FROM a\nRUN --mount=type=secret,id="a b" make\n';
    assert.deepEqual(astParse(text).getInstructions()[1].getFlags!().map((flag) => flag.getValue()), ['type=secret,id="a']);
    const ours = parseDockerfile(text).instructions[1];
    assert.deepEqual(ours.flags.map((flag) => [flag.value, at(flag.valueRange)]), [['type=secret,id=a b', '1:12-1:32']]);
    assert.equal(ours.argsText, 'make');
  });

  test('a bare -- ends the flags: dockerfile-ast makes it a nameless flag and reads on', () => {
    const text = 'FROM a\nRUN -- --x\n';
    const ast = astParse(text).getInstructions()[1];
    assert.deepEqual(ast.getFlags!().map((flag) => flag.getName()), ['', 'x']);
    assert.equal(ast.getArgumentsContent(), null);
    const ours = parseDockerfile(text).instructions[1];
    assert.deepEqual([ours.flags, ours.argsText], [[], '--x']);
  });

  test('UTF-16 columns, CRLF and a byte-order mark: both agree', () => {
    for (const text of ['FROM a\nRUN echo 😀 é x\n', 'FROM a\r\nRUN x \\\r\n  y\r\n', '\uFEFFFROM a AS b\n']) {
      const ast = astParse(text).getInstructions();
      const ours = parseDockerfile(text).instructions;
      assert.deepEqual(
        ast.map((instruction) => [at(instruction.getRange()), ...instruction.getArguments().map((argument) => at(argument.getRange()))]),
        ours.map((instruction) => [at(instruction.range), ...instruction.args.map((argument) => at(argument.range))]),
        JSON.stringify(text),
      );
    }
  });

  test('on the 400 corpus files both give the same instructions, keyword ranges, ranges and flags', () => {
    let compared = 0;
    for (const name of readdirSync(CORPUS).filter((file) => !/\.(md|json)$/.test(file))) {
      const text = readFileSync(join(CORPUS, name), 'utf8');
      const ast = astParse(text).getInstructions();
      const ours = parseDockerfile(text).instructions;
      assert.equal(ast.length, ours.length, name);
      ours.forEach((instruction, index) => {
        const other = ast[index];
        assert.equal(instruction.keyword, other.getInstruction(), name);
        assert.equal(at(instruction.range), at(other.getRange()), name);
        assert.equal(at(instruction.keywordRange), at(other.getInstructionRange()), name);
        assert.deepEqual(
          instruction.flags.map((flag) => [flag.name, flag.value, at(flag.range), at(flag.valueRange)]),
          (other.getFlags?.() ?? []).map((flag) => [flag.getName(), flag.getValue(), at(flag.getRange()), at(flag.getValueRange())]),
          name,
        );
        compared++;
      });
    }
    assert.equal(compared, 5254);
  });

  test('words: dockerfile-ast splits quoted text and drops escapes in values; we keep BuildKit`s words as written', () => {
    const text = 'FROM a\nENV GOPATH C:\\\\gopath\nRUN echo \'hosts: files dns\'\n';
    const ast = astParse(text).getInstructions();
    assert.deepEqual(ast[1].getArguments().map((argument) => argument.getValue()), ['GOPATH', 'C:\\gopath']);
    assert.deepEqual(ast[2].getArguments().map((argument) => argument.getValue()), ['echo', "'hosts:", 'files', "dns'"]);
    const ours = parseDockerfile(text).instructions;
    assert.deepEqual(ours[1].args.map((argument) => argument.value), ['GOPATH', 'C:\\\\gopath']);
    assert.deepEqual(ours[2].args.map((argument) => argument.value), ['echo', "'hosts: files dns'"]);
  });
});

describe('exec form (JSON)', () => {
  test('dockerfile-ast reads JSON where BuildKit falls back to shell form, and mis-decodes \\u escapes', () => {
    const text = 'FROM a\nCMD ["a"] b\nENTRYPOINT ["caf\\u00e9"]\nRUN ["a", 1]\n';
    const ast = astParse(text).getInstructions();
    assert.deepEqual(ast[1].getJSONStrings!().map((argument) => argument.getJSONValue()), ['a']);
    assert.deepEqual(ast[2].getJSONStrings!().map((argument) => argument.getJSONValue()), ['caf00e9']);
    assert.deepEqual(ast[3].getJSONStrings!().map((argument) => argument.getJSONValue()), ['a']);
    const ours = parseDockerfile(text);
    assert.deepEqual(ours.instructions.slice(1).map((instruction) => instruction.jsonForm), [null, ['café'], null]);
    assert.deepEqual(ours.problems.map((problem) => problem.id), ['json-array-not-strings']);
  });

  test('a line over 65,535 bytes: only ours reports it', () => {
    const text = `FROM a\nRUN ${'x'.repeat(70000)}\n`;
    assert.equal(astParse(text).getInstructions().length, 2);
    assert.deepEqual(parseDockerfile(text).problems.map((problem) => problem.id), ['line-too-long']);
  });
});

describe('need 5: speed (printed, not asserted)', () => {
  function mixed(lines: number): string {
    const out = ['FROM debian:bookworm AS base'];
    for (let index = 0; out.length < lines; index++) {
      out.push(
        `ENV V${index}=value${index}`,
        'RUN set -eux; \\',
        '    apt-get update; \\',
        `    apt-get install -y --no-install-recommends pkg${index}; \\`,
        '    rm -rf /var/lib/apt/lists/*',
        `COPY --chown=app:app src${index}/ /app/${index}/`,
        `# comment ${index}`,
      );
    }
    return out.slice(0, lines).join('\n') + '\n';
  }

  function envCopy(lines: number): string {
    const out = ['FROM scratch'];
    for (let index = 0; out.length < lines; index++) out.push(`ENV V${index}=x${index}`, `COPY \${V${index}} /dst/`);
    return out.slice(0, lines).join('\n') + '\n';
  }

  /** Median of `runs` timed calls after one warm-up call, in milliseconds. */
  function median(runs: number, action: () => void): number {
    action();
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const start = process.hrtime.bigint();
      action();
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  }

  test('parse time at 1k, 10k and 30k lines', () => {
    const rows: string[] = [];
    for (const [shape, make] of [
      ['mixed', mixed],
      ['ENV+COPY ${V}', envCopy],
    ] as const) {
      for (const lines of [1000, 10000, 30000]) {
        const text = make(lines);
        const ours = median(5, () => parseDockerfile(text));
        const astOnly = median(3, () => astParse(text));
        // Ours materialises every word and flag; make dockerfile-ast do the same for a like-for-like figure.
        const astFull = median(3, () => {
          for (const instruction of astParse(text).getInstructions()) {
            instruction.getArguments();
            instruction.getFlags?.();
          }
        });
        rows.push(`| ${shape} | ${lines} | ${ours.toFixed(1)} | ${astOnly.toFixed(1)} | ${astFull.toFixed(1)} |`);
      }
    }
    console.log(['# | file | lines | ours ms | dockerfile-ast parse ms | dockerfile-ast parse + words + flags ms |', ...rows].join('\n# '));
  });

  test('dockerfile-ast variable resolution grows quadratically (ENV + COPY ${V} pairs)', () => {
    const rows: string[] = [];
    for (const lines of [1000, 2000, 4000]) {
      const file = astParse(envCopy(lines));
      const start = process.hrtime.bigint();
      let resolved = 0;
      for (const instruction of file.getInstructions()) {
        if (instruction.getKeyword() !== 'COPY') continue;
        for (const variable of instruction.getVariables()) {
          if (file.resolveVariable(variable.getName(), variable.getRange().start.line) !== undefined) resolved++;
        }
      }
      rows.push(`| ${lines} | ${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(0)} |`);
      assert.equal(resolved, Math.floor((lines - 1) / 2));
    }
    console.log(['# | lines | dockerfile-ast resolveVariable for every COPY, ms |', ...rows].join('\n# '));
  });
});
