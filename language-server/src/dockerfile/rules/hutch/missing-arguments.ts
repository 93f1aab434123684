/**
 * missing-arguments: an instruction without the arguments it needs, as BuildKit's parser
 * rejects it (instructions/parse.go): FROM takes one or three words (`image [AS name]`), COPY and
 * ADD at least a source and a destination, ENV/LABEL/ARG/EXPOSE/VOLUME/ONBUILD/HEALTHCHECK/SHELL
 * at least one argument, MAINTAINER/WORKDIR/USER/STOPSIGNAL exactly one; the legacy `ENV key`
 * form needs a value.
 */
import type { Finding } from '../../../findings';
import type { Dockerfile, Instruction } from '../../ast';
import { instructionRange } from '../finding-ranges';
import { instructionsWithTriggers } from '../instruction-grammar';
import { parseArgDefinitions, parseKeyValues, splitAtWhitespace } from '../key-value-arguments';
import { hutchRule, report } from '../rule-definition';

export const MISSING_ARGUMENTS = hutchRule('missing-arguments', 'An instruction without the arguments it needs', ({ dockerfile }) => missingArguments(dockerfile));

const AT_LEAST_ONE = new Set(['EXPOSE', 'VOLUME', 'ONBUILD', 'HEALTHCHECK']);
const EXACTLY_ONE = new Set(['MAINTAINER', 'WORKDIR', 'USER', 'STOPSIGNAL']);

/** BuildKit's message for the instruction's missing arguments, or null. */
function missingArgumentsMessage(instruction: Instruction, escapeChar: string): string | null {
  const name = instruction.name;
  const text = instruction.argsText.trim();
  switch (name) {
    case 'FROM': {
      const words = splitAtWhitespace(text);
      const valid = words.length === 1 || (words.length === 3 && (words[1] ?? '').toLowerCase() === 'as');
      return valid ? null : 'FROM requires either one or three arguments';
    }
    case 'COPY':
    case 'ADD':
      return (instruction.jsonForm ?? splitAtWhitespace(text)).length >= 2
        ? null
        : `${name} requires at least two arguments, but only one was provided. Destination could not be determined.`;
    case 'ENV':
    case 'LABEL': {
      const error = parseKeyValues(text, escapeChar, name).error;
      return error?.kind === 'arity' ? error.message : null;
    }
    case 'ARG': {
      const error = parseArgDefinitions(text, escapeChar).error;
      return error?.kind === 'arity' ? error.message : null;
    }
    case 'SHELL':
      return text === '' || (instruction.jsonForm !== null && instruction.jsonForm.length === 0) ? 'SHELL requires at least one argument' : null;
    default:
      if (AT_LEAST_ONE.has(name) && text === '') return `${name} requires at least one argument`;
      if (EXACTLY_ONE.has(name) && text === '') return `${name} requires exactly one argument`;
      return null;
  }
}

export function missingArguments(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const instruction of instructionsWithTriggers(dockerfile)) {
    const message = missingArgumentsMessage(instruction, dockerfile.escapeChar);
    if (message !== null) findings.push(report(MISSING_ARGUMENTS, instructionRange(dockerfile, instruction), message));
  }
  return findings;
}
