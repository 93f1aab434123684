/**
 * BuildKit's MultipleInstructionsDisallowed: a second CMD, ENTRYPOINT or HEALTHCHECK in a stage
 * overrides the first. BuildKit reports the one that is overridden.
 */
import type { Finding } from '../../../findings';
import type { Dockerfile, Instruction } from '../../ast';
import { instructionRange } from '../finding-ranges';
import { buildkitRule, report } from '../rule-definition';

export const MULTIPLE_INSTRUCTIONS_DISALLOWED = buildkitRule(
  'MultipleInstructionsDisallowed',
  'Multiple instructions of the same type should not be used in the same stage',
  ({ dockerfile }) => multipleInstructionsDisallowed(dockerfile),
);

const ONCE_PER_STAGE = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

export function multipleInstructionsDisallowed(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const stage of dockerfile.stages) {
    const previous = new Map<string, Instruction>();
    for (const instruction of stage.instructions) {
      if (!ONCE_PER_STAGE.has(instruction.name)) continue;
      const earlier = previous.get(instruction.name);
      if (earlier) {
        findings.push(
          report(
            MULTIPLE_INSTRUCTIONS_DISALLOWED,
            instructionRange(dockerfile, earlier),
            `Multiple ${instruction.keyword} instructions should not be used in the same stage because only the last one will be used`,
          ),
        );
      }
      previous.set(instruction.name, instruction);
    }
  }
  return findings;
}
