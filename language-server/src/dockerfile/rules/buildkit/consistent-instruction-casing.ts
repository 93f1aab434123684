/**
 * BuildKit's ConsistentInstructionCasing: every instruction keyword is written all upper-case or
 * all lower-case, whichever most keywords of the build stages use (upper-case on a tie). Keywords
 * in mixed case count for neither side. The ARGs before the first FROM are not looked at, as in
 * BuildKit (dockerfile2llb validateCommandCasing).
 */
import type { Finding } from '../../../findings';
import type { Dockerfile, Instruction } from '../../ast';
import { isKnownInstruction } from '../instruction-grammar';
import { buildkitRule, report } from '../rule-definition';

export const CONSISTENT_INSTRUCTION_CASING = buildkitRule(
  'ConsistentInstructionCasing',
  'All commands within the Dockerfile should use the same casing (either upper or lower)',
  ({ dockerfile }) => consistentInstructionCasing(dockerfile),
);

export function consistentInstructionCasing(dockerfile: Dockerfile): Finding[] {
  const keywords: Instruction[] = dockerfile.stages.flatMap((stage) => [stage.from, ...stage.instructions]).filter((i) => isKnownInstruction(i.name));
  let lower = 0;
  let upper = 0;
  for (const { keyword } of keywords) {
    if (keyword === keyword.toLowerCase()) lower++;
    else if (keyword === keyword.toUpperCase()) upper++;
  }
  const majorityLower = lower > upper;
  const findings: Finding[] = [];
  for (const instruction of keywords) {
    const wanted = majorityLower ? instruction.keyword.toLowerCase() : instruction.keyword.toUpperCase();
    if (instruction.keyword === wanted) continue;
    findings.push(
      report(
        CONSISTENT_INSTRUCTION_CASING,
        instruction.keywordRange,
        `Command '${instruction.keyword}' should match the case of the command majority (${majorityLower ? 'lowercase' : 'uppercase'})`,
        { title: `Write ${wanted}`, edits: [{ range: instruction.keywordRange, newText: wanted }] },
      ),
    );
  }
  return findings;
}
