/**
 * unknown-instruction: a keyword BuildKit does not know fails the build ("unknown instruction:
 * FORM (did you mean FROM?)"). ONBUILD triggers are checked too: they fail the builds that use
 * the image as their base.
 */
import type { Finding } from '../../../findings';
import type { Dockerfile } from '../../ast';
import { INSTRUCTION_NAMES, instructionsWithTriggers, isKnownInstruction } from '../instruction-grammar';
import { hutchRule, report } from '../rule-definition';
import { closestOption } from '../suggestion';

export const UNKNOWN_INSTRUCTION = hutchRule('unknown-instruction', 'An instruction keyword the builder does not know', ({ dockerfile }) => unknownInstruction(dockerfile));

export function unknownInstruction(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const instruction of instructionsWithTriggers(dockerfile)) {
    if (isKnownInstruction(instruction.name)) continue;
    const suggestion = closestOption(instruction.keyword, INSTRUCTION_NAMES, false);
    findings.push(
      report(
        UNKNOWN_INSTRUCTION,
        instruction.keywordRange,
        `unknown instruction: ${instruction.keyword}${suggestion === null ? '' : ` (did you mean ${suggestion}?)`}`,
        suggestion === null ? undefined : { title: `Change to ${suggestion}`, edits: [{ range: instruction.keywordRange, newText: suggestion }] },
      ),
    );
  }
  return findings;
}
