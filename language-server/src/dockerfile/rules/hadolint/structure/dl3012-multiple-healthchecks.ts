/** hadolint's DL3012: a stage should have one HEALTHCHECK; only the last one takes effect. */
import type { Finding } from '../../../../findings';
import type { Dockerfile } from '../../../ast';
import { instructionRange } from '../../finding-ranges';
import { report } from '../../rule-definition';
import { hadolintRule } from './hadolint-rule';
import { repeatedInStage } from './repeated-instructions';

export const DL3012 = hadolintRule('DL3012', 'Error', 'Multiple HEALTHCHECK instructions', ({ dockerfile }) => multipleHealthchecks(dockerfile));

export function multipleHealthchecks(dockerfile: Dockerfile): Finding[] {
  return repeatedInStage(dockerfile, 'HEALTHCHECK').map((instruction) => report(DL3012, instructionRange(dockerfile, instruction), 'Multiple `HEALTHCHECK` instructions.'));
}
