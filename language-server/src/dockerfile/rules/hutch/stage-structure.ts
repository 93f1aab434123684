/**
 * How the file is cut into stages (instructions/parse.go):
 *
 * - no-build-stage: an instruction other than ARG before the first FROM ("no build stage in
 *   current context");
 * - no-stages: a file with instructions but no FROM ("dockerfile contains no stages to build");
 * - invalid-stage-name: a name after AS that is not a letter followed by letters, digits, `-`,
 *   `_` or `.`, compared lower-cased.
 */
import type { Finding } from '../../../findings';
import type { Dockerfile } from '../../ast';
import { fromWords } from '../build-model';
import { instructionRange, onFirstLine } from '../finding-ranges';
import { goQuoted } from '../go-quote';
import { hutchRule, report } from '../rule-definition';

export const NO_BUILD_STAGE = hutchRule('no-build-stage', 'An instruction other than ARG before the first FROM', ({ dockerfile }) => noBuildStage(dockerfile));
export const NO_STAGES = hutchRule('no-stages', 'A Dockerfile without any FROM', ({ dockerfile }) => noStages(dockerfile));
export const INVALID_STAGE_NAME = hutchRule('invalid-stage-name', 'A stage name the builder does not accept', ({ dockerfile }) => invalidStageName(dockerfile));

export function noBuildStage(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const instruction of dockerfile.instructions) {
    if (instruction.name === 'FROM') break;
    if (instruction.name !== 'ARG') findings.push(report(NO_BUILD_STAGE, instructionRange(dockerfile, instruction), 'no build stage in current context'));
  }
  return findings;
}

export function noStages(dockerfile: Dockerfile): Finding[] {
  const first = dockerfile.instructions[0];
  if (first === undefined || dockerfile.stages.length > 0) return [];
  return [report(NO_STAGES, first.keywordRange, 'dockerfile contains no stages to build')];
}

const VALID_STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

export function invalidStageName(dockerfile: Dockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const stage of dockerfile.stages) {
    const words = fromWords(stage);
    if (words.length !== 3 || (words[1] ?? '').toLowerCase() !== 'as') continue;
    const written = words[2] ?? '';
    if (VALID_STAGE_NAME.test(written.toLowerCase())) continue;
    findings.push(
      report(
        INVALID_STAGE_NAME,
        onFirstLine(dockerfile, stage.from, stage.nameRange),
        `invalid name for build stage: ${goQuoted(written)}, name can't start with a number or contain symbols`,
      ),
    );
  }
  return findings;
}
